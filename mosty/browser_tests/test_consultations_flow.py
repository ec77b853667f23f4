"""Done means, in a browser: an organiser publishes a draft for consultation, people comment on its
paragraphs and propose new wording, others support them, the consultation closes and refuses further
comments, the organiser answers every comment, and the table of answers is downloaded as a PDF whose
text is read back; the pages keep their headings in Russian, Belarusian and English. Then a closed
workspace: its members see it, an outsider gets "not found" for the same address."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.consultations.models import Answer, Consultation, ConsultationStatus
from mosty.workspaces import services as workspaces

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # noqa: S105 - the UserFactory's password
TITLE = "Рекомендации по совершенствованию правовой базы приграничного сотрудничества"
DRAFT = """## 1. Общие положения

Настоящие рекомендации направлены на совершенствование правовой базы приграничного сотрудничества.

Рекомендации адресованы органам власти приграничных регионов.

## 2. Пункты пропуска

Рекомендуется упростить порядок пересечения границы для жителей приграничных районов.
"""


def _assert_clean(watch: Any, origin: str) -> None:
    assert watch.console_errors == [], watch.console_errors
    assert watch.foreign_requests(origin) == []


def _sign_in(page: Any, origin: str, user: User) -> None:
    page.context.clear_cookies()
    page.goto(origin + reverse("account_login"))
    page.locator("main input[name=login]").fill(user.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _comment(
    page: Any, origin: str, consultation: Consultation, label: str, body: str, proposal: str = ""
) -> None:
    page.goto(origin + reverse("consultations:detail", args=[consultation.pk]))
    page.locator(".draft-margin a").filter(has_text=label).click()
    page.wait_for_load_state()
    form = page.locator("form.comment-form")
    form.locator("textarea[name=body]").fill(body)
    if proposal:
        form.locator("textarea[name=proposed_text]").fill(proposal)
    form.locator("button[type=submit]").click()
    page.locator(".comment-list").filter(has_text=body).wait_for()


def test_a_consultation_collects_paragraph_comments_and_ends_with_the_table_of_answers_in_pdf(
    live_server: Any, page_and_watch: tuple[Any, Any], no_staff_mfa: None
) -> None:
    page, watch = page_and_watch
    page.set_default_timeout(15_000)
    origin = live_server.url
    organiser = factories.UserFactory.create(
        role=Role.COMMISSION, is_staff=True, full_name="Ольга Организатор"
    )
    ivan = factories.UserFactory.create(full_name="Иван Петров")
    maria = factories.UserFactory.create(full_name="Мария Сидорова")
    now = timezone.now()

    # 1. The organiser publishes the draft, open from yesterday for a week.
    _sign_in(page, origin, organiser)
    page.goto(origin + reverse("consultations:create"))
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_opens_at").fill(_local(now - datetime.timedelta(days=1)))
    page.locator("#id_closes_at").fill(_local(now + datetime.timedelta(days=7)))
    page.locator("#id_text").fill(DRAFT)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    consultation = Consultation.objects.get()
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator(".draft-number").all_inner_texts() == ["1.1", "1.2", "2.1"]

    # 2. People comment on paragraphs and propose a wording; another supports it.
    _sign_in(page, origin, ivan)
    _comment(
        page,
        origin,
        consultation,
        "1.1",
        "Нужно упомянуть межрегиональное сотрудничество.",
        "Настоящие рекомендации направлены на развитие приграничного и межрегионального сотрудничества.",
    )
    _sign_in(page, origin, maria)
    _comment(page, origin, consultation, "2.1", "Укажите сроки упрощения порядка.")
    page.goto(origin + reverse("consultations:detail", args=[consultation.pk]))
    page.locator(".draft-margin a").first.click()
    page.wait_for_load_state()
    page.locator(".comment-list button[aria-pressed=false]").first.click()
    page.locator(".comment-list button[aria-pressed=true]").wait_for()
    page.goto(origin + reverse("consultations:detail", args=[consultation.pk]))
    margin = page.locator(".draft-margin").all_inner_texts()
    assert "1" in margin[0] and "1" in margin[2] and "0" in margin[1]

    # 3. The organiser closes the consultation; comments are refused from then on.
    _sign_in(page, origin, organiser)
    page.goto(origin + reverse("consultations:edit", args=[consultation.pk]))
    page.locator("#id_opens_at").fill(_local(now - datetime.timedelta(days=2)))
    page.locator("#id_closes_at").fill(_local(now - datetime.timedelta(hours=1)))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    _sign_in(page, origin, ivan)
    page.goto(origin + reverse("consultations:detail", args=[consultation.pk]))
    page.locator(".draft-margin a").first.click()
    page.wait_for_load_state()
    assert page.locator("form.comment-form").count() == 0
    # The refusal in the reader's language ("This consultation is closed for comments." in English).
    assert page.locator(".comments > p.muted").last.inner_text().strip()

    # 4. The organiser answers every comment in the table.
    _sign_in(page, origin, organiser)
    page.goto(origin + reverse("consultations:answers", args=[consultation.pk]))
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2
    first, second = rows.nth(0), rows.nth(1)
    first.locator("select[name=decision]").select_option("accepted")
    first.locator("button[type=submit]").click()
    page.wait_for_load_state()
    second = page.locator("main table tbody tr").nth(1)
    second.locator("select[name=decision]").select_option("declined")
    second.locator("textarea[name=reason]").fill("Сроки определяются межправительственными соглашениями.")
    second.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert Answer.objects.count() == 2
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ANSWERED

    # 5. The table as a PDF, read back.
    with page.expect_download() as download_info:
        page.locator("main a", has_text="PDF").click()
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115 - a temporary file Playwright owns
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    for expected in (
        TITLE,
        "Иван Петров",
        "Мария Сидорова",
        "Сроки определяются межправительственными соглашениями.",
    ):
        assert expected in text

    # 6. The same pages in three languages: the language changes, the structure stays.
    for button, language in (("Бел", "be"), ("Eng", "en"), ("Рус", "ru")):
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1
        assert page.locator("main table tbody tr").count() == 2
    page.goto(origin + reverse("consultations:detail", args=[consultation.pk]))
    assert page.locator("h1").inner_text() == TITLE
    _assert_clean(watch, origin)


def test_a_workspace_is_seen_by_its_members_and_not_found_by_an_outsider(
    live_server: Any, page_and_watch: tuple[Any, Any], region_ru: Any
) -> None:
    page, watch = page_and_watch
    page.set_default_timeout(15_000)
    origin = live_server.url
    admin = factories.UserFactory.create(role=Role.COORDINATOR, region=region_ru, full_name="Анна Админова")
    member = factories.UserFactory.create(role=Role.REPRESENTATIVE, full_name="Борис Участников")
    outsider = factories.UserFactory.create(role=Role.REPRESENTATIVE, full_name="Виктор Посторонний")
    workspace = workspaces.workspace_create(actor=admin, name="Советы депутатов приграничных регионов")
    workspaces.member_add(actor=admin, workspace=workspace, email=member.email)
    url = origin + reverse("workspaces:detail", args=[workspace.pk])

    _sign_in(page, origin, member)
    page.locator(".account-nav a[href='/workspaces/']").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=workspace.name).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == workspace.name
    page.locator("main a[href$='/threads/new/']").click()
    page.wait_for_load_state()
    page.locator("#id_title").fill("Повестка весенней сессии")
    page.locator("#id_body").fill("Предлагаю обсудить ремонт межрегиональных дорог.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Повестка весенней сессии"
    assert "ремонт межрегиональных дорог" in page.locator(".comments").inner_text()
    thread_url = page.url

    _sign_in(page, origin, outsider)
    for address in (url, thread_url):
        response = page.goto(address)
        assert response is not None and response.status == 404
        assert "Повестка" not in page.content()
    page.goto(origin + reverse("workspaces:list"))
    assert workspace.name not in page.locator("main").inner_text()
    # The two "not found" answers above are what the browser reports as failed loads; nothing else.
    expected = "the server responded with a status of 404"
    assert len([error for error in watch.console_errors if expected in error]) == 2
    watch.console_errors = [error for error in watch.console_errors if expected not in error]
    _assert_clean(watch, origin)
