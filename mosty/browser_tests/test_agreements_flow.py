"""Done means, in a browser: a coordinator imports a forum's agreements from a spreadsheet, a party
reports progress with evidence, the coordinator verifies, an overdue item escalates by e-mail, and
the forum page shows what became of each agreement, in Russian, Belarusian and English."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import Workbook

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.agreements.importing.template import AGREEMENT_KEYS, PLAN_KEYS
from mosty.agreements.models import Agreement
from mosty.commitments.models import Commitment, ProgressReport, Status
from mosty.commitments.services import commitments_check_deadlines
from mosty.events.models import Event, EventKind
from mosty.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # noqa: S105 - the UserFactory's password
SIGNED = datetime.date(2024, 6, 27)
PAST_DEADLINE = datetime.date(2025, 1, 31)
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
TITLES = (
    "Соглашение о торгово-экономическом, научно-техническом и культурном сотрудничестве между "
    "Смоленской областью и Витебской областью",
    "Соглашение о сотрудничестве в сфере образования между Смоленской областью и Витебской областью",
)


def _assert_clean(watch: Any, origin: str) -> None:
    assert watch.console_errors == [], watch.console_errors
    assert watch.foreign_requests(origin) == []


def _workbook(forum: Event, smolensk_org: Organisation) -> bytes:
    """Two agreements of the XI Forum with their action plans, in the import template's format."""
    agreements: list[dict[str, Any]] = [
        {
            "number": f"ТЕСТ-{n}",
            "forum": forum.forum_number,
            "title": title,
            "kind": "regions",
            "status": "in_force",
            "signed_on": SIGNED.isoformat(),
            "place": "Витебск",
            "parties": "RU-SMO||Губернатор Смоленской области;BY-VI||Председатель облисполкома",
        }
        for n, title in enumerate(TITLES, start=1)
    ]
    plan: list[dict[str, Any]] = [
        {
            "number": "ТЕСТ-1",
            "forum": forum.forum_number,
            "commitment": "Провести совместную выставку-ярмарку товаропроизводителей в г. Смоленске",
            "responsible": f"org:{smolensk_org.pk}",
            "deadline": "2027-12-31",
            "indicator_unit": "участников",
            "planned_value": "60",
        },
        {
            "number": "ТЕСТ-1",
            "forum": forum.forum_number,
            "commitment": "Организовать стажировку 20 молодых специалистов",
            "responsible": f"org:{smolensk_org.pk}",
            "deadline": PAST_DEADLINE.isoformat(),
        },
        {
            "number": "ТЕСТ-2",
            "forum": forum.forum_number,
            "commitment": "Провести летнюю школу для студентов двух областей",
            "responsible": "BY-VI",
            "deadline": "2027-08-31",
        },
    ]
    book = Workbook()
    for sheet, keys, rows in (("agreements", AGREEMENT_KEYS, agreements), ("plan", PLAN_KEYS, plan)):
        worksheet = book.active if sheet == "agreements" else book.create_sheet(sheet)
        worksheet.title = sheet
        worksheet.append(list(keys))
        for row in rows:
            worksheet.append([row.get(key, "") for key in keys])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sign_in(page: Any, origin: str, user: User) -> None:
    page.context.clear_cookies()
    page.goto(origin + reverse("account_login"))
    page.locator("main input[name=login]").fill(user.email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()


def test_forum_agreements_from_import_to_what_became_of_them(
    live_server: Any, page_and_watch: tuple[Any, Any], no_staff_mfa: None
) -> None:
    page, watch = page_and_watch
    page.set_default_timeout(10_000)
    origin = live_server.url
    russia, belarus = factories.CountryFactory.create(code="RU"), factories.CountryFactory.create(code="BY")
    smolensk = factories.RegionFactory.create(
        code="RU-SMO",
        country=russia,
        name_ru="Смоленская область",
        name_be="Смаленская вобласць",
        name_en="Smolensk Oblast",
    )
    factories.RegionFactory.create(
        code="BY-VI",
        country=belarus,
        name_ru="Витебская область",
        name_be="Віцебская вобласць",
        name_en="Vitebsk Region",
    )
    forum = factories.EventFactory.create(
        kind=EventKind.FORUM,
        forum_number=11,
        year=2024,
        start_date=datetime.date(2024, 6, 26),
        title_ru="XI Форум регионов Беларуси и России",
        title_be="XI Форум рэгіёнаў Беларусі і Расіі",
        title_en="11th Forum of Regions of Belarus and Russia",
    )
    university = factories.OrganisationFactory.create(
        region=smolensk, name_ru="Смоленский государственный университет"
    )
    coordinator = factories.UserFactory.create(
        role=Role.COORDINATOR, region=smolensk, email="coord@example.org"
    )
    representative = factories.UserFactory.create(role=Role.REPRESENTATIVE, email="rector.office@example.org")
    university.representatives.add(representative)

    # 1. The coordinator imports the forum's agreements from an XLSX workbook.
    _sign_in(page, origin, coordinator)
    page.goto(origin + reverse("agreements:import"))
    page.locator("main input[name=file]").set_input_files(
        files=[
            {
                "name": "forum-xi.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": _workbook(forum, university),
            }
        ]
    )
    page.locator("main button[name=import]").click()
    page.wait_for_load_state()
    assert Agreement.objects.filter(event=forum).count() == 2, page.locator("main").inner_text()
    assert Commitment.objects.filter(source_kind="agreement").count() == 3

    # 2. The university's representative reports progress with an evidence PDF.
    fair = Commitment.objects.get(title__startswith="Провести совместную выставку-ярмарку")
    _sign_in(page, origin, representative)
    page.goto(origin + reverse("commitments:report", args=[fair.pk]))
    form = page.locator("form.report-form")
    form.locator("input[name=reported_on]").fill(datetime.date.today().isoformat())
    form.locator("textarea[name=text]").fill("Выставка-ярмарка проведена, в ней участвовали 64 предприятия.")
    form.locator("input[name=actual_value]").fill("64")
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "итоги-ярмарки.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF}]
    )
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    report = ProgressReport.objects.get(commitment=fair)
    assert report.evidence.get().original_name == "итоги-ярмарки.pdf"
    assert Commitment.objects.get(pk=fair.pk).status == Status.PLANNED  # nothing changes before verification

    # 3. The coordinator accepts the report: the commitment is done.
    _sign_in(page, origin, coordinator)
    page.goto(origin + reverse("commitments:detail", args=[fair.pk]))
    review = page.locator("form.review-form")
    review.locator("input[name=decision][value=accept]").check()
    review.locator("button[type=submit]").click()
    page.wait_for_load_state()
    fair.refresh_from_db()
    assert (fair.status, fair.actual_value) == (Status.DONE, 64)

    # 4. The commitment past its deadline escalates: the responsible party gets the e-mail.
    mail.outbox.clear()
    result = commitments_check_deadlines(today=datetime.date.today())
    assert result["marked_overdue"] == 1
    internship = Commitment.objects.get(title__startswith="Организовать стажировку")
    assert internship.status == Status.OVERDUE
    overdue_mail = [message for message in mail.outbox if representative.email in message.to]
    assert overdue_mail and "Организовать стажировку" in str(overdue_mail[0].subject) + str(
        overdue_mail[0].body
    )

    # 5. The forum page shows what became of each agreement, in three languages.
    page.goto(origin + reverse("events:detail", args=[forum.pk]))
    page.locator(f"main a[href='{reverse('agreements:forum', args=[forum.pk])}']").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2
    first = rows.filter(has_text=TITLES[0])
    assert "50%" in first.inner_text()  # one of two commitments done
    assert "0%" in rows.filter(has_text=TITLES[1]).inner_text()
    assert first.locator(".badge-warn").inner_text() == "1"  # the overdue one
    for button, language, forum_title in (
        ("Бел", "be", "XI Форум рэгіёнаў Беларусі і Расіі"),
        ("Eng", "en", "11th Forum of Regions of Belarus and Russia"),
    ):
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == language
        assert forum_title in page.locator("h1").inner_text()
        assert page.locator("main table tbody tr").count() == 2
        assert "50%" in page.locator("main table tbody tr").filter(has_text=TITLES[0]).inner_text()
    _assert_clean(watch, origin)
