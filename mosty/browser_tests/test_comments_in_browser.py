"""Done means, in a browser: on a workspace thread, a member writes a comment in Markdown (a script
in it stays inert text), another replies through the HTMX form, the author edits within the window,
the workspace's administrator hides a comment with a reason that the others then see in its place;
and without JavaScript the same forms still work."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.comments.models import Comment
from mosty.workspaces import services as workspaces

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # noqa: S105 - the UserFactory's password


def _sign_in(page: Any, origin: str, user: User) -> None:
    page.context.clear_cookies()
    page.goto(origin + reverse("account_login"))
    page.locator("main input[name=login]").fill(user.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()


def test_comments_on_a_workspace_thread_with_and_without_javascript(
    live_server: Any, browser: Any, page_and_watch: tuple[Any, Any], no_staff_mfa: None
) -> None:
    page, watch = page_and_watch
    page.set_default_timeout(15_000)
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:  # an alert() would mean a script ran
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    origin = live_server.url
    admin = factories.UserFactory.create(role=Role.COMMISSION, is_staff=True, full_name="Анна Администратор")
    member = factories.UserFactory.create(full_name="Пётр Участник")
    third = factories.UserFactory.create(full_name="Мария Третья")
    workspace = workspaces.workspace_create(actor=admin, name="Советы депутатов приграничных регионов")
    workspaces.member_add(actor=admin, workspace=workspace, email=member.email)
    workspaces.member_add(actor=admin, workspace=workspace, email=third.email)
    thread = workspaces.thread_create(
        actor=admin, workspace=workspace, title="Повестка заседания", body="Предлагайте вопросы."
    )
    thread_url = origin + reverse("workspaces:thread", args=[workspace.pk, thread.pk])

    # A member writes in Markdown; the script is shown as text and never runs.
    _sign_in(page, origin, member)
    page.goto(thread_url)
    form = page.locator("form.comment-form")
    form.locator("textarea[name=body]").fill("Предлагаю **транспорт**. <script>alert('x')</script>")
    form.locator("button[type=submit]").click()
    page.locator(".comment-list strong").filter(has_text="транспорт").wait_for()
    comment = Comment.objects.get(author=member)
    assert "<script>alert('x')</script>" in page.locator(f"#comment-{comment.pk} .comment-body").inner_text()

    # The author corrects it within the window.
    page.locator(f"#comment-{comment.pk} details.comment-edit summary").click()
    page.locator(f"#edit-{comment.pk}").fill("Предлагаю **транспорт и логистику**.")
    page.locator(f"#comment-{comment.pk} details.comment-edit button[type=submit]").click()
    page.locator(".comment-list strong").filter(has_text="транспорт и логистику").wait_for()

    # The administrator replies, then hides the comment with a reason.
    _sign_in(page, origin, admin)
    page.goto(thread_url)
    page.locator(f"#comment-{comment.pk} ~ details.comment-reply summary").click()
    page.locator(f"#reply-{comment.pk}").fill("Согласна, включим в повестку.")
    page.locator(f"#comment-{comment.pk} ~ details.comment-reply button[type=submit]").click()
    page.locator(".comment-replies").filter(has_text="Согласна, включим в повестку.").wait_for()
    page.locator(f"#comment-{comment.pk} details.comment-hide summary").click()
    page.locator(f"#hide-{comment.pk}").fill("Не по теме заседания")
    page.locator(f"#comment-{comment.pk} details.comment-hide button[type=submit]").click()
    page.locator(f"#comment-{comment.pk} .comment-hidden-reason").filter(
        has_text="Не по теме заседания"
    ).wait_for()

    # Another member sees the reason in its place, not the text.
    _sign_in(page, origin, third)
    page.goto(thread_url)
    hidden = page.locator(f"#comment-{comment.pk}")
    assert "Не по теме заседания" in hidden.inner_text()
    assert "логистику" not in hidden.inner_text()
    assert dialogs == []
    assert watch.console_errors == [], watch.console_errors
    assert watch.foreign_requests(origin) == []

    # Without JavaScript: the plain form posts and the page comes back at the new comment.
    context = browser.new_context(locale="ru-RU", java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.set_default_timeout(15_000)
        _sign_in(plain, origin, third)
        plain.goto(thread_url)
        plain.locator("form.comment-form textarea[name=body]").fill("Без JavaScript тоже работает.")
        plain.locator("form.comment-form button[type=submit]").click()
        plain.wait_for_load_state()
        newest = Comment.objects.order_by("-pk").first()
        assert newest is not None and newest.body == "Без JavaScript тоже работает."
        assert plain.url.endswith(f"#comment-{newest.pk}")
        assert "Без JavaScript тоже работает." in plain.locator(f"#comment-{newest.pk}").inner_text()
    finally:
        context.close()


def test_a_long_thread_is_read_a_page_at_a_time_with_and_without_javascript(
    live_server: Any, browser: Any, page_and_watch: tuple[Any, Any], settings: Any
) -> None:
    from mosty.comments import services as comments

    settings.MOSTY_COMMENT_RATE = 1000
    page, watch = page_and_watch
    page.set_default_timeout(15_000)
    origin = live_server.url
    admin = factories.UserFactory.create(role=Role.COMMISSION, is_staff=True, full_name="Анна Администратор")
    member = factories.UserFactory.create(full_name="Пётр Участник")
    workspace = workspaces.workspace_create(actor=admin, name="Советы депутатов приграничных регионов")
    workspaces.member_add(actor=admin, workspace=workspace, email=member.email)
    thread = workspaces.thread_create(actor=admin, workspace=workspace, title="Повестка", body="Вопрос 0")
    for number in range(1, 25):  # with the first post, 25: two pages of 20
        comments.comment_create(
            author=admin, kind="workspace_thread", target_id=thread.pk, body=f"Вопрос {number}"
        )
    thread_url = origin + reverse("workspaces:thread", args=[workspace.pk, thread.pk])

    _sign_in(page, origin, member)
    page.goto(thread_url)
    assert page.locator(".comment-list > li").count() == 20
    page.locator(".comment-pages a[rel=next]").click()
    page.locator(".comment-list").filter(has_text="Вопрос 24").wait_for()
    assert page.locator(".comment-list > li").count() == 5
    assert "Вопрос 3" not in page.locator(".comment-list").inner_text()
    assert watch.console_errors == [], watch.console_errors

    context = browser.new_context(locale="ru-RU", java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.set_default_timeout(15_000)
        _sign_in(plain, origin, member)
        plain.goto(thread_url)
        plain.locator(".comment-pages a[rel=next]").click()
        plain.wait_for_load_state()
        assert "comments=2" in plain.url
        assert plain.locator(".comment-list > li").count() == 5
        plain.locator(".comment-pages a[rel=prev]").click()
        plain.wait_for_load_state()
        assert plain.locator(".comment-list > li").count() == 20
        # A new comment is on the last page, and the reader lands there.
        plain.locator("form.comment-form textarea[name=body]").fill("Вопрос 25")
        plain.locator("form.comment-form button[type=submit]").click()
        plain.wait_for_load_state()
        newest = Comment.objects.order_by("-pk").first()
        assert newest is not None and plain.url.endswith(f"?comments=2#comment-{newest.pk}")
        assert "Вопрос 25" in plain.locator(f"#comment-{newest.pk}").inner_text()
    finally:
        context.close()
