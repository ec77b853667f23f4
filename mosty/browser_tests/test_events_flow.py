"""Done means, in a browser: an organiser announces a round table in Mogilev; people register until it
is full and the waiting list fills; the reminders arrive with the .ics; the minutes with decisions are
published and the decisions appear as tracked commitments; the key pages read in ru, be and en."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.commitments.models import Commitment, Status
from mosty.events.models import Event, RegistrationStatus
from mosty.events.tasks import send_event_reminders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # noqa: S105 - the UserFactory's password
TITLE = "Круглый стол «Молодёжные обмены Могилёва и Смоленска»"
TITLE_BE = "Круглы стол «Маладзёжныя абмены Магілёва і Смаленска»"
TITLE_EN = "Round table “Youth exchanges of Mogilev and Smolensk”"
PLACES = 2
PEOPLE = 4


def _pick_organisation(form: Any, name: str, search: str, pk: int) -> None:
    """The organisation select holds only the chosen one: type in its search box, then choose the match."""
    form.locator(f"input[name={name}_q]").fill(search)
    form.locator(f"select[name={name}] option[value='{pk}']").wait_for(state="attached")
    form.locator(f"select[name={name}]").select_option(str(pk))


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


def test_round_table_in_mogilev_from_announcement_to_tracked_decisions(
    live_server: Any, page_and_watch: tuple[Any, Any], no_staff_mfa: None
) -> None:
    page, watch = page_and_watch
    page.set_default_timeout(10_000)
    origin = live_server.url
    belarus = factories.CountryFactory.create(code="BY")
    mogilev = factories.RegionFactory.create(
        code="BY-MA",
        country=belarus,
        name_ru="Могилёвская область",
        name_be="Магілёўская вобласць",
        name_en="Mogilev Region",
    )
    city = factories.SettlementFactory.create(
        region=mogilev,
        name_ru="Могилёв",
        name_be="Магілёў",
        name_en="Mogilev",
        is_regional_centre=True,
        population=357_000,
    )
    organiser = factories.UserFactory.create(role=Role.COORDINATOR, region=mogilev, full_name="Координатор")
    executive = factories.OrganisationFactory.create(
        region=mogilev, name_ru="Могилёвский облисполком", name_en="Mogilev Regional Executive Committee"
    )
    people = [factories.UserFactory.create(full_name=f"Участник {n}") for n in range(1, PEOPLE + 1)]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    # 1. The organiser announces the round table.
    _sign_in(page, origin, organiser)
    page.goto(origin + reverse("events:create"))
    form = page.locator("main form")
    form.locator("select[name=kind]").select_option("round_table")
    form.locator("input[name=title_ru]").fill(TITLE)
    form.locator("input[name=title_be]").fill(TITLE_BE)
    form.locator("input[name=title_en]").fill(TITLE_EN)
    form.locator("input[name=start_date]").fill(tomorrow.isoformat())
    form.locator("input[name=start_time]").fill("10:00")
    form.locator("input[name=end_time]").fill("13:00")
    form.locator("select[name=regions]").select_option(str(mogilev.pk))
    form.locator("select[name=settlement]").select_option(str(city.pk))
    form.locator("input[name=place_ru]").fill("Могилёв, Дом молодёжи")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    event = Event.objects.get(title_ru=TITLE)
    assert page.locator("h1").inner_text() == TITLE

    # 2. Registration: open, two places, one question; a programme item.
    page.goto(origin + reverse("events:registration_settings", args=[event.pk]))
    settings_form = page.locator("main form").filter(has=page.locator("input[value=settings]"))
    settings_form.locator("select[name=registration_mode]").select_option("open")
    settings_form.locator("input[name=capacity]").fill(str(PLACES))
    settings_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    question_form = page.locator("main form").filter(has=page.locator("input[value=question]"))
    question_form.locator("input[name=text]").fill("Какую организацию вы представляете?")
    question_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(origin + reverse("events:programme", args=[event.pk]))
    item_form = page.locator("main form").last
    item_form.locator("input[name=start_time]").fill("10:00")
    item_form.locator("input[name=title]").fill("Открытие круглого стола")
    item_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Открытие круглого стола" in page.locator("main").inner_text()

    # 3. People register until it is full; the waiting list fills.
    for number, person in enumerate(people, start=1):
        _sign_in(page, origin, person)
        page.goto(origin + reverse("events:detail", args=[event.pk]))
        section = page.locator("#registration")
        section.locator("input[type=text]").fill(f"Молодёжный совет №{number}")
        section.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#registration [role=status]").count() == 1
        mine = event.registrations.get(user=person)
        expected = RegistrationStatus.CONFIRMED if number <= PLACES else RegistrationStatus.WAITING
        assert mine.status == expected
        with translation.override("ru"):
            label = str(mine.get_status_display())
        assert label in page.locator("#registration [role=status]").inner_text()
    statuses = list(event.registrations.order_by("id").values_list("status", flat=True))
    assert statuses == [RegistrationStatus.CONFIRMED] * PLACES + [RegistrationStatus.WAITING] * (
        PEOPLE - PLACES
    )

    # 4. The day before, the reminders arrive with the .ics (the task runs here; the outbox is shared).
    mail.outbox.clear()
    assert send_event_reminders.delay().get() == PLACES
    assert sorted(message.to[0] for message in mail.outbox) == sorted(p.email for p in people[:PLACES])
    for message in mail.outbox:
        name, content, mimetype = message.attachments[0]
        assert (name, mimetype) == ("event.ics", "text/calendar")
        (vevent,) = Calendar.from_ical(content).walk("VEVENT")
        assert str(vevent["SUMMARY"]) == TITLE
        assert vevent["DTSTART"].params["TZID"] == "Europe/Minsk"

    # 5. The organiser marks attendance, publishes the minutes and a decision.
    _sign_in(page, origin, organiser)
    page.goto(origin + reverse("events:registrations", args=[event.pk]))
    first = event.registrations.order_by("id").first()
    assert first is not None
    with page.expect_response(lambda response: "attendance" in response.url):
        page.locator(f"#attended-{first.pk}").check()
    first.refresh_from_db()
    assert first.attended
    page.goto(origin + reverse("events:minutes", args=[event.pk]))
    page.locator("main textarea[name=minutes]").fill("Обсудили молодёжные обмены и волонтёрские лагеря.")
    page.locator("main input[name=attendees_override]").fill("25")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(origin + reverse("events:decision_add", args=[event.pk]))
    decision = page.locator("main form")
    decision.locator("input[name=title]").fill("Провести летний молодёжный лагерь в Могилёве")
    _pick_organisation(decision, "responsible_organisation", "облисполком", executive.pk)
    decision.locator("input[name=deadline]").fill((tomorrow + datetime.timedelta(days=200)).isoformat())
    decision.locator("button[type=submit]").click()
    page.wait_for_load_state()
    commitment = Commitment.objects.get(source_kind="event", source_id=event.pk)
    assert commitment.status == Status.PLANNED
    decisions = page.locator("#decisions")
    assert "Провести летний молодёжный лагерь в Могилёве" in decisions.inner_text()
    with translation.override("ru"):
        planned = str(Status.PLANNED.label)
    assert planned.lower() in decisions.inner_text().lower()
    assert "25" in page.locator("main").inner_text()

    # 6. The decision is a tracked commitment, and the pages read in three languages.
    decisions.get_by_role("link", name="Провести летний молодёжный лагерь в Могилёве").click()
    page.wait_for_load_state()
    assert "Провести летний молодёжный лагерь в Могилёве" in page.locator("h1").inner_text()
    page.goto(origin + reverse("events:detail", args=[event.pk]))
    assert page.locator("html").get_attribute("lang") == "ru"
    for button, language, title in (("Бел", "be", TITLE_BE), ("Eng", "en", TITLE_EN)):
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").inner_text() == title
    page.goto(origin + reverse("events:list"))
    assert page.locator("h1").inner_text() == "Events"
    assert TITLE_EN in page.locator("main").inner_text()
    _assert_clean(watch, origin)
