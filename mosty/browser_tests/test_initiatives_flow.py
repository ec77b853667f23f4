"""Done means, in a browser: a young person in Vitebsk proposes a youth exchange with Smolensk, the
moderator publishes it, it collects support, the commission forwards it to the Smolensk regional
administration, the answer arrives in the platform before its deadline, the initiative becomes a
tracked commitment, and every supporter is told; the key pages in Russian, Belarusian and English."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.commitments.models import Commitment
from mosty.core.models import Notification
from mosty.initiatives import services
from mosty.initiatives.models import CategoryRule, Initiative, InitiativeStatus, StatusChange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # noqa: S105 - the UserFactory's password
TITLE = "Молодёжный обмен Витебск — Смоленск"
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _pick_organisation(form: Any, name: str, search: str, pk: int) -> None:
    """The organisation select holds only the chosen one: type in its search box, then choose the match."""
    form.locator(f"input[name={name}_q]").fill(search)
    form.locator(f"select[name={name}] option[value='{pk}']").wait_for(state="attached")
    form.locator(f"select[name={name}]").select_option(str(pk))


def _sign_in(page: Any, origin: str, user: User) -> None:
    page.context.clear_cookies()
    page.goto(origin + reverse("account_login"))
    page.locator("main input[name=login]").fill(user.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()


def _assert_clean(watch: Any, origin: str) -> None:
    assert watch.console_errors == [], watch.console_errors
    assert watch.foreign_requests(origin) == []


def _heading(text: str, language: str) -> str:
    with translation.override(language):
        return gettext(text)


def test_youth_exchange_from_proposal_to_tracked_commitment(
    live_server: Any, page_and_watch: tuple[Any, Any], no_staff_mfa: None
) -> None:
    page, watch = page_and_watch
    page.set_default_timeout(10_000)
    origin = live_server.url
    russia, belarus = factories.CountryFactory.create(code="RU"), factories.CountryFactory.create(code="BY")
    smolensk = factories.RegionFactory.create(
        code="RU-SMO", country=russia, name_ru="Смоленская область", name_be="Смаленская вобласць",
        name_en="Smolensk Oblast",
    )  # fmt: skip
    vitebsk = factories.RegionFactory.create(
        code="BY-VI", country=belarus, name_ru="Витебская область", name_be="Віцебская вобласць",
        name_en="Vitebsk Region",
    )  # fmt: skip
    administration = factories.OrganisationFactory.create(
        region=smolensk,
        name_ru="Администрация Смоленской области",
        name_be="Адміністрацыя Смаленскай вобласці",
        name_en="Smolensk Oblast Administration",
    )
    answerer = factories.UserFactory.create(role=Role.REPRESENTATIVE, full_name="Игорь Петров")
    administration.representatives.add(answerer)
    author = factories.UserFactory.create(full_name="Анна Ковалёва", region=vitebsk)
    moderator = factories.UserFactory.create(role=Role.MODERATOR, is_staff=True)
    commission = factories.UserFactory.create(role=Role.COMMISSION, is_staff=True)
    supporters = [factories.UserFactory.create(full_name=f"Сторонник {n}") for n in range(3)]
    CategoryRule.objects.update_or_create(category="youth", defaults={"threshold": 3, "collection_days": 60})
    earlier_author = factories.UserFactory.create()
    earlier = services.initiative_create(
        actor=earlier_author, title="Обмен школьными делегациями", problem="п", proposal="п",
        expected_effect="э", category="education", regions=[smolensk],
    )  # fmt: skip
    services.initiative_submit(actor=earlier_author, initiative=earlier)
    services.initiative_publish(actor=moderator, initiative=earlier)

    # 1. The young author proposes it; similar initiatives appear while the title is typed.
    _sign_in(page, origin, author)
    page.goto(origin + reverse("initiatives:create"))
    page.locator("main input[name=title]").press_sequentially("Молодёжный обмен", delay=20)
    page.locator("#similar-initiatives a", has_text="Обмен школьными делегациями").wait_for()
    page.locator("main input[name=title]").fill(TITLE)
    page.locator("main textarea[name=problem]").fill("Молодёжь двух областей почти не встречается.")
    page.locator("main textarea[name=proposal]").fill("Ежегодный летний обмен: по 25 участников.")
    page.locator("main textarea[name=expected_effect]").fill("Совместные проекты и дружба.")
    page.locator("main select[name=category]").select_option("youth")
    page.locator("main select[name=youth]").select_option("young_people")
    page.locator("main select[name=regions]").select_option([str(vitebsk.pk), str(smolensk.pk)])
    page.locator("main button[name=submit]").click()
    page.wait_for_load_state()
    initiative = Initiative.objects.get(title=TITLE)
    assert initiative.status == InitiativeStatus.SUBMITTED
    detail = origin + reverse("initiatives:detail", args=[initiative.pk])
    assert page.locator("h1").inner_text() == TITLE

    # 2. The moderator publishes it.
    _sign_in(page, origin, moderator)
    page.goto(origin + reverse("initiatives:moderation"))
    page.locator("main a", has_text=TITLE).click()
    page.locator("main input[name=decision][value=publish]").check()
    page.locator("main form[action$='/moderate/'] button[type=submit]").click()
    page.wait_for_load_state()
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.COLLECTING

    # 3. Support: two supporters by the service, the third in the browser reaches the threshold.
    for supporter in supporters[:2]:
        services.initiative_support(actor=supporter, initiative=initiative, region=vitebsk)
    _sign_in(page, origin, supporters[2])
    page.goto(detail)
    form = page.locator("main form[action$='/support/']")
    form.locator("select[name=region]").select_option(str(smolensk.pk))
    form.locator("input[name=show_name]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    initiative.refresh_from_db()
    assert initiative.support_count == 3
    assert initiative.status == InitiativeStatus.IN_REVIEW
    assert "Сторонник 2" in page.locator("#support").inner_text()

    # 4. The commission forwards it to the Smolensk regional administration: the clock starts.
    _sign_in(page, origin, commission)
    page.goto(origin + reverse("initiatives:review"))
    page.locator("main a", has_text=TITLE).click()
    form = page.locator("main form[action$='/forward/']")
    _pick_organisation(form, "body", "Администрация Смоленской", administration.pk)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.FORWARDED
    assert initiative.answer_due == timezone.localdate() + datetime.timedelta(days=30)

    # 5. The administration's representative answers in the platform, before the deadline.
    _sign_in(page, origin, answerer)
    page.goto(origin + reverse("initiatives:inbox"))
    page.locator("main a", has_text=TITLE).click()
    form = page.locator("main form[action$='/answer/']")
    form.locator("textarea[name=text]").fill(
        "Администрация поддерживает обмен и включает его в план на лето."
    )
    form.locator("input[name=document]").set_input_files(
        {"name": "otvet.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF}
    )
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.ANSWERED
    assert initiative.answered_on is not None and initiative.answer_due is not None
    assert initiative.answered_on <= initiative.answer_due

    # 6. The commission publishes the answer and closes it: accepted, a tracked commitment.
    _sign_in(page, origin, commission)
    page.goto(detail)
    page.locator("main form[action$='/publish-answer/'] button").click()
    page.wait_for_load_state()
    form = page.locator("main form[action$='/close/']")
    form.locator("select[name=outcome]").select_option("commitment")
    form.locator("textarea[name=note]").fill("Принято: обмен проводится ежегодно.")
    form.locator("input[name=commitment_title]").fill("Провести молодёжный обмен Витебск — Смоленск")
    _pick_organisation(form, "responsible_organisation", "Smolensk Oblast", administration.pk)
    form.locator("input[name=deadline]").fill(f"{timezone.localdate().year + 1}-08-31")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.CLOSED
    commitment = Commitment.objects.get(source_kind="initiative", source_id=initiative.pk)
    assert commitment.responsible_organisation == administration
    assert "Провести молодёжный обмен" in page.locator("#commitment").inner_text()

    # 7. Every supporter (and the author) was told of each change once, in-app and by e-mail.
    url = reverse("initiatives:detail", args=[initiative.pk])
    assert StatusChange.objects.filter(initiative=initiative).count() == 7
    assert Notification.objects.filter(recipient=author, url=url).count() == 7  # from submission on
    for supporter in supporters:  # from review on: in review, forwarded, answered, published, closed
        assert Notification.objects.filter(recipient=supporter, url=url).count() == 5
    told = [message.to[0] for message in mail.outbox if TITLE[:40] in message.subject]
    assert sorted(told) == sorted([author.email] * 7 + [s.email for s in supporters] * 5)

    # 8. The key pages in three languages (anonymous reader): the initiative, the list, the statistics.
    page.context.clear_cookies()
    page.goto(detail)
    for button, language in (("Рус", "ru"), ("Бел", "be"), ("Eng", "en")):
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").inner_text() == TITLE
        assert page.locator("#commitment").count() == 1
        page.goto(origin + reverse("initiatives:list"))
        assert page.locator("h1").inner_text() == _heading("Citizen initiatives", language)
        assert page.locator("main table tbody tr").filter(has_text=TITLE).count() == 1
        page.goto(origin + reverse("initiatives:statistics"))
        assert page.locator("h1").inner_text() == _heading("How bodies answer initiatives", language)
        assert page.locator("#answer-statistics tbody tr").count() == 1
        page.goto(detail)
    _assert_clean(watch, origin)
