"""Importing agreements from XLSX and CSV, and the export that imports back: the dry-run report on
broken rows, all-or-nothing, idempotence, the round trip, permissions, formula-looking cells, the
pages and the management command."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.agreements import exporting, importing, services
from mosty.agreements.importing import messages
from mosty.agreements.models import Agreement, AgreementKind, AgreementParty, AgreementStatus, Visibility
from mosty.agreements.services import PartyInput
from mosty.commitments.models import COUNTERPART_SAME_COUNTRY, Commitment, ReportEvery
from mosty.core.models import AuditEntry
from mosty.core.uploads import FILE_TYPE_NOT_ALLOWED
from mosty.events.models import Event
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

from .conftest import SIGNED

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

AGREEMENT_KEYS = [column.key for column in importing.AGREEMENT_COLUMNS]
PLAN_KEYS = [column.key for column in importing.PLAN_COLUMNS]


def _agreement(**values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "number": "12-10",
        "forum": 12,
        "title": "Соглашение о сотрудничестве в области образования",
        "kind": "regions",
        "status": "signed",
        "signed_on": "2025-06-26",
        "parties": "RU-SMO|В. Анохин|Губернатор;BY-VI",
    }
    row.update(values)
    return row


def _item(**values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "number": "12-10",
        "forum": 12,
        "commitment": "Провести летнюю школу",
        "responsible": "RU-SMO",
        "deadline": "2026-08-31",
        "report_every": "quarter",
        "indicator_unit": "участников",
        "planned_value": "60",
        "weight": 2,
    }
    row.update(values)
    return row


def _xlsx(agreements: list[dict[str, Any]], plan: list[dict[str, Any]] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = importing.AGREEMENTS
    sheet.append(AGREEMENT_KEYS)
    for row in agreements:
        sheet.append([row.get(key) for key in AGREEMENT_KEYS])
    if plan is not None:
        plan_sheet = workbook.create_sheet(importing.PLAN)
        plan_sheet.append(PLAN_KEYS)
        for row in plan:
            plan_sheet.append([row.get(key) for key in PLAN_KEYS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(agreements: list[dict[str, Any]], plan: list[dict[str, Any]]) -> bytes:
    keys = [column.key for column in importing.CSV_COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(keys)
    for record, rows in (("agreement", agreements), ("commitment", plan)):
        for row in rows:
            writer.writerow([record if key == "record" else row.get(key, "") for key in keys])
    return buffer.getvalue().encode("utf-8")


def _import(user: User, content: bytes, name: str = "file.xlsx", *, dry_run: bool = False) -> Any:
    with translation.override("en"):
        return importing.import_file(actor=user, content=content, name=name, dry_run=dry_run)


def _places(report: Any) -> list[tuple[str, int, str]]:
    return [(problem.sheet, problem.row, problem.column) for problem in report.problems]


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _en(message: Any, **params: Any) -> str:
    with translation.override("en"):
        return str(message % params if params else message)


@pytest.fixture
def sectors(db: None) -> None:
    factories.SectorFactory(code="A")
    factories.SectorFactory(code="01")
    factories.SectorFactory(code="P")


# --- The dry-run report on broken rows ---------------------------------------------------------------


def test_report_lists_every_broken_row_with_row_column_and_why_and_saves_nothing(
    forum: Event, region_ru: Region, region_by: Region, commission_member: User
) -> None:
    content = _xlsx(
        [
            _agreement(),  # row 2: valid
            _agreement(number="12-11", parties="RU-XXX;BY-VI"),  # 3: unknown region code
            _agreement(number="12-12", amount="-5", currency="RUB"),  # 4: negative amount
            _agreement(number="12-13", amount="10", currency="XYZ"),  # 5: unknown currency
            _agreement(title="Другое соглашение"),  # 6: the number of row 2 again, same forum
            _agreement(number="12-14", signed_on="31.02.2025"),  # 7: no such date
            _agreement(number="12-15", title=None),  # 8: no title
        ],
        [
            _item(deadline="2025-01-10"),  # row 2: before the signing of 12-10
            _item(commitment="Обменяться делегациями", deadline="2026-01-01"),  # 3: valid
        ],
    )
    agreements_before = Agreement.objects.count()

    report = _import(commission_member, content, dry_run=True)

    assert _places(report) == [
        ("agreements", 3, "parties"),
        ("agreements", 4, "amount"),
        ("agreements", 5, "currency"),
        ("agreements", 6, "number"),
        ("agreements", 7, "signed_on"),
        ("agreements", 8, "title"),
        ("plan", 2, "deadline"),
    ]
    assert [problem.message for problem in report.problems] == [
        _en(services.PARTY_NOT_FOUND, value="RU-XXX"),
        _en(services.NEGATIVE_AMOUNT),
        _en(services.UNKNOWN_CURRENCY, value="XYZ"),
        _en(messages.DUPLICATE_IN_FILE, row=2),
        _en(messages.BAD_DATE, value="31.02.2025"),
        _en(messages.REQUIRED),
        _en(services.DEADLINE_BEFORE_SIGNING, signed="2025-06-26"),
    ]
    assert not report.saved
    assert Agreement.objects.count() == agreements_before
    assert not Commitment.objects.exists()


def test_a_real_import_of_a_file_with_one_problem_saves_nothing(
    forum: Event, region_ru: Region, region_by: Region, commission_member: User
) -> None:
    content = _xlsx(
        [_agreement(), _agreement(number="12-11", kind="treaty")],
        [_item()],
    )

    report = _import(commission_member, content, dry_run=False)

    assert _places(report) == [("agreements", 3, "kind")]
    assert report.problems[0].message.startswith(_en(messages.BAD_CHOICE, value="treaty", choices="")[:30])
    assert not report.saved
    assert not Agreement.objects.filter(number__in=["12-10", "12-11"]).exists()
    assert not Commitment.objects.exists()
    assert not AuditEntry.objects.filter(object_repr__contains="образования").exists()


def test_problems_found_by_the_services_are_reported_per_row(
    forum: Event, agreement: Agreement, region_ru: Region, region_by: Region, commission_member: User
) -> None:
    """The 12-01 agreement is recorded: a status it cannot go back to is the service's refusal."""
    content = _xlsx(
        [
            _agreement(number="12-01", title=agreement.title, status="draft", parties=_parties_of(agreement)),
            _agreement(number="12-20", parties="RU-SMO;RU-SMO"),
        ]
    )

    report = _import(commission_member, content, dry_run=True)

    assert _places(report) == [("agreements", 2, "status"), ("agreements", 3, "parties")]
    assert report.problems[1].message == _en(services.PARTY_TWICE)


def test_a_file_with_unknown_columns_or_sheets_is_refused_before_the_rows(commission_member: User) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Лист1"
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = _import(commission_member, buffer.getvalue())

    assert [problem.message for problem in report.problems] == [
        _en(messages.NO_AGREEMENTS_SHEET),
        _en(messages.UNKNOWN_SHEET, value="Лист1"),
    ]
    csv_report = _import(commission_member, b"record,titel\nagreement,x\n", "file.csv")
    assert (csv_report.problems[0].row, csv_report.problems[0].column) == (1, "")
    assert csv_report.problems[0].message == _en(messages.UNKNOWN_COLUMN, value="titel")
    assert ("", 1, "title") in _places(csv_report)


def test_a_formula_cell_is_refused(
    forum: Event, region_ru: Region, region_by: Region, commission_member: User
) -> None:
    content = _xlsx([_agreement(title='=HYPERLINK("http://example.com","x")')])

    report = _import(commission_member, content, dry_run=True)

    assert _places(report) == [("agreements", 2, "title")]
    assert report.problems[0].message == _en(messages.FORMULA)


def test_a_corrupt_file_is_one_plain_problem(commission_member: User) -> None:
    report = _import(commission_member, b"PK\x03\x04 not really a workbook")

    assert [problem.message for problem in report.problems] == [_en(messages.FILE_NOT_XLSX)]


# --- A valid file, and the same file twice -----------------------------------------------------------


def test_a_valid_file_imports_agreements_parties_sectors_and_action_plans(
    forum: Event,
    region_ru: Region,
    region_by: Region,
    organisation: Organisation,
    commission_member: User,
    sectors: None,
) -> None:
    settlement = factories.SettlementFactory(region=region_by, geonameid=620127)
    content = _xlsx(
        [
            _agreement(
                kind="Between Regions",  # a name, in any of the three languages and any case
                status="in_force",
                place="Минск",
                valid_from=datetime.date(2025, 7, 1),
                valid_to="31.12.2028",
                prolongation="automatic",
                amount="1 500 000,50",
                currency="byn",
                sectors="A; 01",
                description="Строка 1\nСтрока 2",
                parties=f"RU-SMO|В. Анохин|Губернатор;BY-VI/620127;org:{organisation.pk}|И. Петров|Директор",
            ),
            _agreement(
                number="",
                forum=None,
                title="Меморандум без номера",
                kind="memorandum",
                status="draft",
                signed_on=None,
                parties="RU-SMO;BY-VI",
                visibility="restricted",
            ),
        ],
        [
            _item(),
            _item(
                commitment="Поставить оборудование",
                responsible=f"org:{organisation.pk}",
                deadline=None,
                report_every="",
                planned_value=None,
                weight=None,
            ),
            _item(
                number="", forum=None, title="Меморандум без номера", commitment="Подготовить дорожную карту"
            ),
        ],
    )

    report = _import(commission_member, content)

    assert report.problems == []
    assert report.saved
    assert report.counts["agreement"]["created"] == 2
    assert report.counts["commitment"]["created"] == 3
    imported = Agreement.objects.get(event=forum, number="12-10")
    assert imported.status == AgreementStatus.IN_FORCE
    assert imported.kind == AgreementKind.BETWEEN_REGIONS
    assert imported.amount == Decimal("1500000.50")
    assert imported.currency == "BYN"
    assert imported.valid_to == datetime.date(2028, 12, 31)
    assert imported.description == "Строка 1\nСтрока 2"
    assert sorted(imported.sectors.values_list("code", flat=True)) == ["01", "A"]
    parties = list(imported.parties.order_by("order"))
    assert [party.party for party in parties] == [region_ru, settlement, organisation]
    assert (parties[2].signatory_name, parties[2].signatory_position) == ("И. Петров", "Директор")
    assert imported.created_by == commission_member
    plan = {c.title: c for c in Commitment.objects.filter(source_kind="agreement", source_id=imported.pk)}
    school = plan["Провести летнюю школу"]
    assert (school.responsible_region, school.deadline, school.report_every) == (
        region_ru,
        datetime.date(2026, 8, 31),
        ReportEvery.QUARTER,
    )
    assert (school.planned_value, school.weight, school.indicator_unit) == (Decimal("60.00"), 2, "участников")
    assert plan["Поставить оборудование"].responsible_organisation == organisation
    assert plan["Поставить оборудование"].weight == 1
    memorandum = Agreement.objects.get(title="Меморандум без номера")
    assert memorandum.visibility == Visibility.RESTRICTED
    restricted_item = Commitment.objects.get(source_id=memorandum.pk)
    assert not restricted_item.is_public  # the agreement's visibility, through the services
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE).count() >= 2 + 4 + 3


def test_importing_the_same_file_twice_changes_nothing(
    forum: Event, region_ru: Region, region_by: Region, commission_member: User, sectors: None
) -> None:
    content = _xlsx(
        [_agreement(sectors="P", amount=100, currency="RUB", description="<b>Жирный</b> текст")],
        [_item(), _item(commitment="Обменяться делегациями", deadline=None)],
    )
    first = _import(commission_member, content)
    assert first.saved and first.problems == []
    audit_rows = AuditEntry.objects.count()
    versions = list(Agreement.objects.values_list("pk", "version")) + list(
        Commitment.objects.values_list("pk", "version")
    )

    second = _import(commission_member, content)

    assert second.problems == []
    assert second.counts == {
        "agreement": {"created": 0, "updated": 0, "unchanged": 1},
        "commitment": {"created": 0, "updated": 0, "unchanged": 2},
    }
    assert AuditEntry.objects.count() == audit_rows
    assert (
        list(Agreement.objects.values_list("pk", "version"))
        + list(Commitment.objects.values_list("pk", "version"))
        == versions
    )


def test_a_changed_row_updates_the_record_through_the_services(
    forum: Event,
    region_ru: Region,
    region_by: Region,
    organisation: Organisation,
    commission_member: User,
) -> None:
    _import(commission_member, _xlsx([_agreement()], [_item()]))
    recorded = Agreement.objects.get(number="12-10")
    version = recorded.version

    changed = _xlsx(
        [
            _agreement(
                title="Соглашение о сотрудничестве в области образования и науки",
                status="completed",
                parties=f"RU-SMO|В. Анохин|Губернатор;BY-VI;org:{organisation.pk}",
            )
        ],
        [_item(planned_value="80", responsible="BY-VI")],
    )
    dry = _import(commission_member, changed, dry_run=True)
    assert dry.problems == [] and not dry.saved
    assert Agreement.objects.get(pk=recorded.pk).version == version

    report = _import(commission_member, changed)

    assert report.problems == []
    assert [(c.record, c.action, c.columns) for c in report.changes] == [
        ("agreement", "updated", ("title", "status", "parties")),
        ("commitment", "updated", ("responsible", "planned_value")),
    ]
    recorded.refresh_from_db()
    assert recorded.title.endswith("и науки")
    assert recorded.status == AgreementStatus.COMPLETED  # signed → in force → completed
    assert recorded.version > version
    assert recorded.parties.count() == 3
    item = Commitment.objects.get(source_id=recorded.pk)
    assert (item.planned_value, item.responsible_region) == (Decimal("80.00"), region_by)
    assert AuditEntry.objects.filter(object_id=str(recorded.pk), action=AuditEntry.Action.UPDATE).exists()


def test_a_plan_row_names_the_responsible_party_of_each_side(
    forum: Event,
    region_ru: Region,
    region_by: Region,
    organisation: Organisation,
    commission_member: User,
) -> None:
    content = _xlsx(
        [_agreement()],
        [_item(responsible="RU-SMO;BY-VI"), _item(commitment="Обменяться делегациями", responsible="RU-SMO")],
    )
    report = _import(commission_member, content)
    assert report.problems == []
    joint = Commitment.objects.get(title="Провести летнюю школу")
    assert (joint.responsible_region, joint.counterpart_region) == (region_ru, region_by)
    assert Commitment.objects.get(title="Обменяться делегациями").counterpart_region is None

    changed = _xlsx(
        [_agreement()],
        [
            _item(responsible=f"RU-SMO ; org:{organisation.pk}"),
            _item(commitment="Обменяться делегациями", responsible="RU-SMO"),
        ],
    )
    report = _import(commission_member, changed)

    assert report.problems == []
    assert [(c.action, c.columns) for c in report.changes if c.record == "commitment"] == [
        ("updated", ("responsible",)),
        ("unchanged", ()),
    ]
    joint.refresh_from_db()
    assert (joint.counterpart_region, joint.counterpart_organisation) == (None, organisation)
    row = exporting.commitment_row(joint, Agreement.objects.get(number="12-10"))
    assert row["responsible"] == f"RU-SMO;org:{organisation.pk}"


def test_a_responsible_cell_with_three_parties_or_one_country_twice_is_a_problem(
    forum: Event, region_ru: Region, region_by: Region, other_region: Region, commission_member: User
) -> None:
    content = _xlsx(
        [_agreement()],
        [
            _item(responsible="RU-SMO;BY-VI;RU-KLU"),
            _item(commitment="Обменяться делегациями", responsible="RU-SMO;RU-KLU"),
            _item(commitment="Провести конференцию", responsible="RU-SMO;"),
        ],
    )

    report = _import(commission_member, content, dry_run=True)

    assert _places(report) == [
        ("plan", 2, "responsible"),
        ("plan", 3, "responsible"),
        ("plan", 4, "responsible"),
    ]
    assert [problem.message for problem in report.problems] == [
        _en(messages.TOO_MANY_RESPONSIBLE, value="RU-SMO;BY-VI;RU-KLU"),
        _en(COUNTERPART_SAME_COUNTRY),
        _en(messages.BAD_RESPONSIBLE, value=""),
    ]
    assert not Commitment.objects.exists()


def test_an_import_removes_no_party_and_changes_no_signatory(
    agreement: Agreement, region_ru: Region, commission_member: User
) -> None:
    content = _xlsx(
        [_agreement(number="12-01", title=agreement.title, parties="RU-SMO|Другой|Губернатор;RU-KLU")]
    )
    factories.RegionFactory(code="RU-KLU")

    report = _import(commission_member, content, dry_run=True)

    assert [problem.message for problem in report.problems] == [
        _en(messages.PARTY_NOT_REMOVED, value="BY-VI"),
        _en(messages.SIGNATORY_NOT_CHANGED, value="RU-SMO"),
    ]


# --- Export, and the round trip ------------------------------------------------------------------------


def _parties_of(agreement: Agreement) -> str:
    return ";".join(exporting.party_reference(party, signatory=True) for party in agreement.parties.all())


@pytest.fixture
def recorded(
    agreement: Agreement,
    restricted: Agreement,
    organisation: Organisation,
    region_ru: Region,
    region_by: Region,
    commission_member: User,
    sectors: None,
) -> list[Agreement]:
    """Agreements with everything the format holds, formula-looking texts included."""
    settlement = factories.SettlementFactory(region=region_ru, geonameid=491687)
    full = services.agreement_create(
        actor=commission_member,
        title='=HYPERLINK("http://evil.example","Нажмите")',
        kind=AgreementKind.BETWEEN_MUNICIPALITIES,
        number="-7",
        status=AgreementStatus.IN_FORCE,
        signed_on=SIGNED,
        place="@Смоленск",
        valid_from=SIGNED,
        valid_to=datetime.date(2030, 1, 1),
        prolongation="by_agreement",
        amount=Decimal("1234567.89"),
        currency="USD",
        sectors=list(factories.Sector.objects.filter(code__in=["A", "01"])),
        description="+ строка\n- вторая строка; с точкой с запятой, и запятой",
        parties=[
            PartyInput(settlement=settlement, signatory_name="Глава, города", signatory_position="Мэр"),
            PartyInput(organisation=organisation),
            PartyInput(region=region_by, signatory_position="Председатель"),
        ],
    )
    for target, title, kwargs in (
        (
            agreement,
            "Провести выставку",
            {"responsible_region": region_ru, "deadline": datetime.date(2026, 1, 1)},
        ),
        (agreement, "=1+2", {"responsible_organisation": organisation, "planned_value": Decimal("10.5")}),
        (restricted, "Поставить технику", {"responsible_organisation": organisation, "weight": 3}),
        (full, "Провести форум", {"responsible_region": region_by, "report_every": ReportEvery.YEAR}),
        # Both sides act: the Vitebsk organisation on one side, Smolensk Oblast on the other.
        (
            agreement,
            "Провести совместную ярмарку",
            {"responsible_organisation": organisation, "counterpart_region": region_ru},
        ),
    ):
        services.agreement_add_commitment(actor=commission_member, agreement=target, title=title, **kwargs)
    return [agreement, restricted, full]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_an_export_imports_back_with_no_problem_and_no_change(
    recorded: list[Agreement], commission_member: User, file_format: str
) -> None:
    response = _logged_in(commission_member).get(reverse("agreements:export"), {"format": file_format})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{file_format}"')

    report = _import(commission_member, response.content, f"export.{file_format}", dry_run=True)

    assert report.problems == []
    assert report.changed == []
    assert report.counts["agreement"]["unchanged"] == 3
    assert report.counts["commitment"]["unchanged"] == 5


def test_a_coordinators_export_imports_back_cleanly_for_them(
    recorded: list[Agreement], coordinator: User, other_region: Region, commission_member: User
) -> None:
    """It holds public agreements of other regions too: unchanged rows need no permission."""
    services.agreement_create(
        actor=commission_member,
        title="Соглашение других регионов",
        kind=AgreementKind.BETWEEN_REGIONS,
        parties=[PartyInput(region=other_region), PartyInput(region=Region.objects.get(code="BY-VI"))],
    )
    response = _logged_in(coordinator).get(reverse("agreements:export"), {"format": "csv"})

    report = _import(coordinator, response.content, "export.csv", dry_run=True)

    assert report.problems == []
    assert report.changed == []
    assert report.counts["agreement"]["unchanged"] == 4


def test_export_writes_formula_looking_text_so_that_no_spreadsheet_runs_it(
    recorded: list[Agreement], commission_member: User
) -> None:
    client = _logged_in(commission_member)
    text = client.get(reverse("agreements:export"), {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    full = next(row for row in rows if row["record"] == "agreement" and "HYPERLINK" in row["title"])
    assert full["title"] == '\'=HYPERLINK("http://evil.example","Нажмите")'
    assert (full["number"], full["place"]) == ("'-7", "'@Смоленск")
    assert full["description"].startswith("'+ строка")
    assert any(row["commitment"] == "'=1+2" for row in rows)

    content = client.get(reverse("agreements:export"), {"format": "xlsx"}).content
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook[importing.AGREEMENTS]
    titles = [cell for cell in sheet["C"] if "HYPERLINK" in str(cell.value)]
    assert [(cell.value, cell.data_type) for cell in titles] == [
        ('\'=HYPERLINK("http://evil.example","Нажмите")', "s")
    ]
    assert all(cell.data_type != "f" for row in workbook[importing.PLAN].iter_rows() for cell in row)
    assert sheet.cell(row=1, column=1).value == "number"  # machine keys in the first row
    assert "about" in workbook.sheetnames
    # The apostrophe is taken off again on import: the round trip above found no change.


def test_export_follows_the_list_filters_and_shows_only_visible_agreements(
    recorded: list[Agreement], client: Client
) -> None:
    agreement, restricted, _full = recorded
    everything = client.get(reverse("agreements:export"), {"format": "csv"}).content.decode("utf-8-sig")
    assert agreement.title in everything
    assert restricted.title not in everything  # restricted, and the reader is anonymous
    assert "Поставить технику" not in everything

    filtered = client.get(
        reverse("agreements:export"), {"format": "csv", "kind": AgreementKind.BETWEEN_MUNICIPALITIES}
    ).content.decode("utf-8-sig")
    records = [row["record"] for row in csv.DictReader(io.StringIO(filtered))]
    assert records == ["agreement", "commitment"]
    assert "HYPERLINK" in filtered and agreement.title not in filtered


def test_export_of_an_unknown_format_is_not_found(client: Client) -> None:
    assert client.get(reverse("agreements:export"), {"format": "pdf"}).status_code == 404


def test_export_costs_the_same_queries_for_3_and_30_agreements(
    region_ru: Region, region_by: Region, commission_member: User, client: Client
) -> None:
    def add(count: int) -> None:
        for _index in range(count):
            created = services.agreement_create(
                actor=commission_member,
                title="Соглашение",
                kind=AgreementKind.BETWEEN_REGIONS,
                parties=[PartyInput(region=region_ru), PartyInput(region=region_by)],
            )
            services.agreement_add_commitment(
                actor=commission_member, agreement=created, title="Пункт", responsible_region=region_ru
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("agreements:export"), {"format": "xlsx"})
        assert response.status_code == 200
        return len(captured)

    add(3)
    few = queries()
    add(27)
    assert queries() == few


# --- Permissions -----------------------------------------------------------------------------------------


def test_a_citizen_may_not_import(citizen: User, region_ru: Region, region_by: Region) -> None:
    with pytest.raises(PermissionDenied):
        importing.import_file(actor=citizen, content=_xlsx([_agreement()]), name="f.xlsx", dry_run=True)
    client = _logged_in(citizen)
    assert client.get(reverse("agreements:import")).status_code == 403
    assert client.get(reverse("agreements:import_template"), {"format": "csv"}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("agreements:import"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_coordinator_imports_only_agreements_with_a_party_in_their_region(
    forum: Event,
    region_ru: Region,
    region_by: Region,
    other_region: Region,
    coordinator: User,
    agreement: Agreement,
    commission_member: User,
) -> None:
    others, _more = (
        services.agreement_create(
            actor=commission_member,
            title=f"Соглашение Калужской и Витебской областей {number}",
            kind=AgreementKind.BETWEEN_REGIONS,
            number=number,
            event=forum,
            status=AgreementStatus.SIGNED,
            signed_on=SIGNED,
            parties=[PartyInput(region=other_region), PartyInput(region=region_by)],
        )
        for number in ("12-30", "12-32")
    )
    content = _xlsx(
        [
            _agreement(),  # row 2: RU-SMO is theirs
            _agreement(number="12-31", parties="RU-KLU;BY-VI"),  # 3: not theirs
            _agreement(number="12-30", title="Новое название", parties="RU-KLU;BY-VI"),  # 4: not theirs
        ],
        [
            _item(),
            _item(number="12-32", commitment="Чужой пункт", responsible="RU-KLU", deadline=None),  # row 3
        ],
    )

    report = _import(coordinator, content)

    assert _places(report) == [
        ("agreements", 3, "parties"),
        ("agreements", 4, ""),
        ("plan", 3, ""),
    ]
    assert report.problems[0].message == _en(services.MAY_NOT_CREATE)
    assert report.problems[1].message == _en(services.MAY_NOT_EDIT)
    assert not report.saved
    assert not Agreement.objects.filter(number="12-10").exists()
    others.refresh_from_db()
    assert others.title == "Соглашение Калужской и Витебской областей 12-30"

    own = _import(coordinator, _xlsx([_agreement()], [_item()]))
    assert own.problems == [] and own.saved
    assert Agreement.objects.get(number="12-10").created_by == coordinator


# --- The pages and the command -----------------------------------------------------------------------------


def test_import_page_documents_the_columns_and_offers_the_template(coordinator: User) -> None:
    response = _logged_in(coordinator).get(reverse("agreements:import"), HTTP_ACCEPT_LANGUAGE="en")

    content = response.content.decode()
    assert response.status_code == 200
    for key in ("number", "forum", "parties", "commitment", "responsible", "report_every"):
        assert f"<code>{key}</code>" in content
    assert reverse("agreements:import_template") + "?format=xlsx" in content
    template = _logged_in(coordinator).get(reverse("agreements:import_template"), {"format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(template.content))
    assert workbook.sheetnames == ["agreements", "plan", "about"]
    assert [cell.value for cell in workbook["plan"][1]] == PLAN_KEYS


def test_import_page_dry_run_shows_the_problems_in_a_table(
    forum: Event, region_ru: Region, region_by: Region, commission_member: User
) -> None:
    upload = SimpleUploadedFile(
        "forum.xlsx", _xlsx([_agreement(), _agreement(number="12-11", amount="-1", currency="RUB")])
    )
    response = _logged_in(commission_member).post(
        reverse("agreements:import"), {"file": upload, "check": "1"}
    )

    content = response.content.decode()
    report = response.context["report"]
    assert [(p.sheet, p.row, p.column) for p in report.problems] == [("agreements", 3, "amount")]
    assert "<td>3</td>" in content and "<code>amount</code>" in content
    assert str(report.problems[0].message) in content
    assert not Agreement.objects.exists()


def test_import_page_checks_then_imports_a_csv(
    forum: Event, region_ru: Region, region_by: Region, commission_member: User
) -> None:
    content = _csv([_agreement()], [_item()])
    client = _logged_in(commission_member)

    checked = client.post(
        reverse("agreements:import"), {"file": SimpleUploadedFile("f.csv", content), "check": "1"}
    )
    assert checked.context["report"].counts["agreement"]["created"] == 1
    assert not Agreement.objects.exists()

    imported = client.post(
        reverse("agreements:import"), {"file": SimpleUploadedFile("f.csv", content), "import": "1"}
    )
    assert imported.context["report"].saved
    assert Agreement.objects.filter(number="12-10").count() == 1
    assert Commitment.objects.count() == 1


def test_import_page_refuses_other_file_types(commission_member: User) -> None:
    upload = SimpleUploadedFile("forum.pdf", b"%PDF-1.4")
    response = _logged_in(commission_member).post(
        reverse("agreements:import"), {"file": upload, "check": "1"}
    )

    assert response.context["report"] is None
    assert response.context["form"].errors["file"] == [str(FILE_TYPE_NOT_ALLOWED % {"name": "forum.pdf"})]


def test_a_semicolon_csv_from_excel_is_read(
    forum: Event, region_ru: Region, region_by: Region, commission_member: User
) -> None:
    keys = [column.key for column in importing.CSV_COLUMNS]
    row = _agreement(amount="1 000,50", currency="RUB")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(keys)
    writer.writerow(["agreement" if key == "record" else row.get(key, "") for key in keys])

    report = _import(commission_member, ("\ufeff" + buffer.getvalue()).encode(), "excel.csv")

    assert report.problems == []
    assert Agreement.objects.get(number="12-10").amount == Decimal("1000.50")


def test_management_command_checks_and_imports(
    tmp_path: Path, forum: Event, region_ru: Region, region_by: Region, commission_member: User
) -> None:
    path = tmp_path / "forum.xlsx"
    path.write_bytes(_xlsx([_agreement()], [_item()]))
    out = io.StringIO()

    call_command("import_agreements", str(path), "--as", commission_member.email, "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue()
    assert not Agreement.objects.exists()

    call_command("import_agreements", str(path), "--as", commission_member.email, stdout=out)
    assert Agreement.objects.filter(number="12-10").exists()

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(_xlsx([_agreement(number="12-11", signed_on="вчера")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_agreements", str(broken), "--as", commission_member.email, "--language", "en", stderr=err
        )
    assert "agreements, row 2, column signed_on" in err.getvalue()


def test_management_command_refuses_a_citizen(tmp_path: Path, citizen: User) -> None:
    path = tmp_path / "forum.csv"
    path.write_bytes(exporting.template_csv())
    with pytest.raises(CommandError):
        call_command("import_agreements", str(path), "--as", citizen.email, "--language", "en")


# --- The example file -------------------------------------------------------------------------------


def test_the_example_file_is_generated_from_the_example_rows() -> None:
    assert exporting.EXAMPLE_FILE.read_bytes() == exporting.example_csv()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_the_example_imports_cleanly(
    forum: Event,
    region_ru: Region,
    region_by: Region,
    commission_member: User,
    sectors: None,
    file_format: str,
) -> None:
    factories.RegionFactory(code="RU-PSK")
    factories.RegionFactory(code="BY-MI", country=factories.CountryFactory(code="BY"))
    content = exporting.example_xlsx() if file_format == "xlsx" else exporting.example_csv()

    report = _import(commission_member, content, f"example.{file_format}")

    assert report.problems == []
    assert report.counts["agreement"]["created"] == 2
    assert report.counts["commitment"]["created"] == 3
    assert AgreementParty.objects.filter(signatory_position="Губернатор").count() == 1
    assert User.objects.filter(role=Role.COMMISSION).exists()


def test_a_csv_row_with_cells_of_the_other_kind_is_a_problem(
    forum: Event, region_ru: Region, region_by: Region, commission_member: User
) -> None:
    content = _csv([_agreement(commitment="Пункт плана")], [_item(kind="memorandum")])
    content += b"plan," + b"," * (len(importing.CSV_COLUMNS) - 2) + b"\r\n"

    report = _import(commission_member, content, "file.csv", dry_run=True)

    assert _places(report) == [("", 4, "record"), ("agreements", 2, "commitment"), ("plan", 3, "kind")]
    assert [problem.message for problem in report.problems] == [
        _en(messages.BAD_RECORD, value="plan"),
        _en(messages.NOT_FOR_THIS_RECORD),
        _en(messages.NOT_FOR_THIS_RECORD),
    ]


def test_the_list_offers_import_to_those_who_may_and_export_with_the_filters(
    coordinator: User, citizen: User
) -> None:
    page = _logged_in(coordinator).get(reverse("agreements:list"), {"kind": "memorandum"}).content.decode()
    assert reverse("agreements:import") in page
    assert reverse("agreements:export") + "?kind=memorandum&amp;format=xlsx" in page

    page = _logged_in(citizen).get(reverse("agreements:list")).content.decode()
    assert reverse("agreements:import") not in page
    assert reverse("agreements:export") + "?format=csv" in page
