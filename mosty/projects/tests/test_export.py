"""The project list's export: the rows a reader may see (restricted projects and agreements hidden
from outsiders), the list's filters, headings in the reader's language, formula-looking text
neutralised, the same rows in CSV and XLSX, and a query count that does not grow with the rows."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import User
from mosty.agreements.models import Agreement, Visibility
from mosty.commitments.models import Commitment, Status
from mosty.organisations.models import Organisation
from mosty.projects import services
from mosty.projects.models import PartnerRole, Project, ProjectKind, ProjectPartner, ProjectStatus
from mosty.projects.services import PartnerInput
from mosty.territories.models import Region

from .conftest import END, START

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

HEADINGS_EN = [
    "Id",
    "Kind",
    "Title",
    "Status",
    "Starts on",
    "Ends on",
    "Budget",
    "Currency",
    "Partners (with their roles)",
    "Lead partners",
    "Sector codes",
    "Related agreement ids",
    "Milestones",
    "Milestones done",
    "Milestones overdue",
    "Progress: share of milestones done, per cent",
]
LEAD_RU = "Витебский государственный университет"


def _partners_en(cast: dict[str, Any]) -> str:
    return f"{cast['lead']} (lead partner); Smolensk Oblast (partner); {cast['funder']} (funder)"


def _client(user: User | None = None, language: str = "en") -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["mosty_language"] = language
    return client


def _csv(response: Any) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for Cyrillic
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _xlsx(response: Any) -> list[list[Any]]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["projects"]
    return [list(row) for row in workbook["projects"].iter_rows(values_only=True)]


def _export(client: Client, format: str = "csv", **filters: str) -> Any:
    response = client.get(reverse("projects:export"), {**filters, "format": format})
    assert response.status_code == 200
    return response


@pytest.fixture
def cast(
    project: Project,
    restricted: Project,
    region_by: Region,
    lead_organisation: Organisation,
    funder: Organisation,
    commission_member: User,
) -> dict[str, Any]:
    """The public project with a budget, two sectors, three milestones (two done, one overdue) and two
    related agreements (one restricted to Vitebsk); the restricted programme; and a public programme
    whose title looks like a formula."""
    sector = factories.SectorFactory(code="P", name_ru="Образование")
    Project.objects.filter(pk=project.pk).update(budget=Decimal("1500000.50"), currency="BYN")
    project.sectors.add(sector, factories.SectorFactory(code="01"))
    for title, deadline in [
        ("Открыть маршрут", datetime.date(2025, 9, 1)),
        ("Издать путеводитель", datetime.date(2025, 4, 1)),
        ("Провести фестиваль", datetime.date(2025, 5, 1)),
    ]:
        services.project_add_milestone(
            actor=commission_member,
            project=project,
            title=title,
            deadline=deadline,
            responsible_organisation=lead_organisation,
        )
    Commitment.objects.filter(source_id=project.pk).exclude(title="Издать путеводитель").update(
        status=Status.DONE, completed_on=datetime.date(2025, 8, 1)
    )
    public_agreement = factories.AgreementFactory()
    hidden_agreement = factories.AgreementFactory(visibility=Visibility.RESTRICTED)
    factories.AgreementPartyFactory(agreement=hidden_agreement, region=region_by)
    project.related_agreements.add(public_agreement, hidden_agreement)
    formula = services.project_create(
        actor=commission_member,
        title='=HYPERLINK("http://evil.example","Нажмите")',
        kind=ProjectKind.PRIORITY_PROGRAMME,
        period_start=datetime.date(2024, 1, 1),
        partners=[PartnerInput(organisation=lead_organisation, role=PartnerRole.LEAD)],
    )
    return {
        "project": project,
        "restricted": restricted,
        "formula": formula,
        "public_agreement": public_agreement,
        "hidden_agreement": hidden_agreement,
        "lead": lead_organisation.name_en,  # the names in English, as the exports below are read
        "funder": funder.name_en,
    }


def _project_row(cast: dict[str, Any], agreements: str) -> list[str]:
    return [
        str(cast["project"].pk),
        "cooperation project",
        "Приграничный туристический маршрут «Смоленск — Витебск»",
        "planned",
        START.isoformat(),
        END.isoformat(),
        "1500000.50",
        "BYN",
        _partners_en(cast),
        cast["lead"],
        "01; P",
        agreements,
        "3",
        "2",
        "1",
        "67",
    ]


def _restricted_row(cast: dict[str, Any]) -> list[str]:
    return [
        str(cast["restricted"].pk),
        "priority regional programme",
        "Программа импортозамещения в машиностроении",
        "planned",
        START.isoformat(),
        "",
        "",
        "",
        _partners_en(cast),
        cast["lead"],
        "",
        "",
        "0",
        "0",
        "0",
        "",
    ]


def _formula_row(cast: dict[str, Any]) -> list[str]:
    return [
        str(cast["formula"].pk),
        "priority regional programme",
        '\'=HYPERLINK("http://evil.example","Нажмите")',
        "planned",
        "2024-01-01",
        "",
        "",
        "",
        f"{cast['lead']} (lead partner)",
        cast["lead"],
        "",
        "",
        "0",
        "0",
        "0",
        "",
    ]


def test_csv_shows_an_outsider_only_public_projects_and_agreements(
    cast: dict[str, Any], citizen: User
) -> None:
    response = _export(_client(citizen))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="projects-')
    assert response["Cache-Control"] == "private, no-store"
    assert _csv(response) == [
        HEADINGS_EN,
        _project_row(cast, str(cast["public_agreement"].pk)),
        _formula_row(cast),
    ]


def test_csv_shows_a_partner_regions_coordinator_the_restricted_project(
    cast: dict[str, Any], coordinator: User
) -> None:
    rows = _csv(_export(_client(coordinator)))
    # Latest start first; the restricted programme started on the same day and was recorded later.
    assert rows[1:] == [
        _restricted_row(cast),
        _project_row(cast, str(cast["public_agreement"].pk)),  # the Vitebsk agreement stays hidden
        _formula_row(cast),
    ]


def test_csv_shows_the_commission_every_project_and_agreement(
    cast: dict[str, Any], commission_member: User
) -> None:
    rows = _csv(_export(_client(commission_member)))
    both = f"{cast['public_agreement'].pk}; {cast['hidden_agreement'].pk}"
    assert rows[1:] == [_restricted_row(cast), _project_row(cast, both), _formula_row(cast)]


def test_anonymous_export_leaves_restricted_projects_out(cast: dict[str, Any]) -> None:
    response = _export(_client())
    ids = [row[0] for row in _csv(response)[1:]]
    assert ids == [str(cast["project"].pk), str(cast["formula"].pk)]
    assert "private" not in response.get("Cache-Control", "")


def test_xlsx_has_the_same_rows_as_the_csv(cast: dict[str, Any], coordinator: User) -> None:
    client = _client(coordinator)
    response = _export(client, "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = _xlsx(response)
    assert [str(value) for value in rows[0]] == HEADINGS_EN
    as_text = [["" if value is None else str(value) for value in row] for row in rows[1:]]
    for row in as_text:  # dates come back as datetimes; the CSV writes the day only
        row[4], row[5] = row[4][:10], row[5][:10]
        row[6] = f"{Decimal(row[6]):.2f}" if row[6] else ""
    assert as_text == _csv(_export(client))[1:]
    assert rows[1][4] == datetime.datetime(2025, 3, 1)  # a real date cell, not text
    assert rows[2][12:] == [3, 2, 1, 67]  # numbers as numbers


def test_formula_looking_text_is_neutralised_in_both_formats(cast: dict[str, Any], citizen: User) -> None:
    client = _client(citizen)
    title = '\'=HYPERLINK("http://evil.example","Нажмите")'
    assert _csv(_export(client, kind="programme"))[1][2] == title
    workbook = openpyxl.load_workbook(io.BytesIO(_export(client, "xlsx", kind="programme").content))
    cell = workbook["projects"]["C2"]
    assert cell.value == title
    assert cell.data_type == "s"  # text, never a formula


def test_the_lists_filters_apply_to_the_export(
    cast: dict[str, Any], commission_member: User, other_region: Region
) -> None:
    client = _client(commission_member)
    by_kind = _csv(_export(client, kind="programme"))
    assert [row[0] for row in by_kind[1:]] == [str(cast["restricted"].pk), str(cast["formula"].pk)]
    by_year = _csv(_export(client, "csv", year="2024"))
    assert [row[0] for row in by_year[1:]] == [str(cast["formula"].pk)]
    by_sector = _xlsx(_export(client, "xlsx", sector="P"))
    assert [row[0] for row in by_sector[1:]] == [cast["project"].pk]
    by_region = _csv(_export(client, region="RU-SMO", status="planned"))
    assert [row[0] for row in by_region[1:]] == [str(cast["restricted"].pk), str(cast["project"].pk)]
    nothing = _csv(_export(client, region=other_region.code))
    assert nothing == [HEADINGS_EN]


def test_headings_and_labels_follow_the_readers_language(cast: dict[str, Any], citizen: User) -> None:
    rows = _csv(_export(_client(citizen, "ru")))
    assert rows[0][:4] == ["Идентификатор", "Тип", "Название", "Статус"]
    assert rows[0][8:11] == ["Партнёры (с их ролями)", "Ведущие партнёры", "Коды отраслей"]
    assert rows[1][8].startswith(f"{LEAD_RU} (ведущий партнёр); Смоленская область (")
    rows = _csv(_export(_client(citizen, "be")))
    assert rows[0][9] == "Вядучыя партнёры"
    assert "Смаленская вобласць" in rows[1][8]


def test_an_unknown_format_is_not_found(client: Client) -> None:
    assert client.get(reverse("projects:export"), {"format": "pdf"}).status_code == 404


def test_the_results_carry_export_links_with_the_filters(cast: dict[str, Any], client: Client) -> None:
    response = client.get(reverse("projects:list"), {"kind": "programme"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    export = reverse("projects:export")
    assert f'href="{export}?kind=programme&amp;format=xlsx"' in page
    assert f'href="{export}?kind=programme&amp;format=csv"' in page
    plain = client.get(reverse("projects:list")).content.decode()
    assert f'href="{export}?format=csv"' in plain


def _bulk(count: int, region_ru: Region, organisation: Organisation) -> None:
    """`count` projects with two partners, a sector, an agreement and two milestones each."""
    projects = Project.objects.bulk_create(
        [
            Project(title=f"Проект {n}", period_start=START, status=ProjectStatus.IN_PROGRESS)
            for n in range(count)
        ]
    )
    ProjectPartner.objects.bulk_create(
        [
            row
            for project in projects
            for row in (
                ProjectPartner(project=project, region=region_ru, role=PartnerRole.LEAD, order=0),
                ProjectPartner(project=project, organisation=organisation, role=PartnerRole.PARTNER, order=1),
            )
        ]
    )
    sector = factories.SectorFactory(code="P")
    agreement = factories.AgreementFactory()
    Project.sectors.through.objects.bulk_create(
        [Project.sectors.through(project=project, sector=sector) for project in projects]
    )
    Project.related_agreements.through.objects.bulk_create(
        [Project.related_agreements.through(project=project, agreement=agreement) for project in projects]
    )
    Commitment.objects.bulk_create(
        [
            Commitment(
                source_kind="project",
                source_id=project.pk,
                title="Веха",
                responsible_region=region_ru,
                status=status,
                completed_on=START if status == Status.DONE else None,
            )
            for project in projects
            for status in (Status.DONE, Status.PLANNED)
        ]
    )


# The filter form's choices (countries, regions, sections, divisions), rows with milestone counts,
# partners, sectors, related agreements the reader may see; a coordinator adds the session and the user.
EXPORT_QUERIES = {"anonymous": 8, "coordinator": 10}


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("reader", ["anonymous", "coordinator"])
def test_export_query_count_does_not_grow_with_rows(
    region_ru: Region,
    lead_organisation: Organisation,
    coordinator: User,
    django_assert_num_queries: Any,
    count: int,
    reader: str,
) -> None:
    _bulk(count, region_ru, lead_organisation)
    client = _client(coordinator if reader == "coordinator" else None)
    with django_assert_num_queries(EXPORT_QUERIES[reader]):
        response = client.get(reverse("projects:export"), {"format": "csv"})
    rows = _csv(response)
    assert len(rows) == count + 1
    assert {tuple(row[10:]) for row in rows[1:]} == {
        ("P", str(Agreement.objects.get().pk), "2", "1", "0", "50")
    }
