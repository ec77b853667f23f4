"""The project pages: the list's filters and its cost in queries, the project page with everything it
shows, the forms (refusals keep what was typed and save nothing, conflicts), and the status change."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mosty import factories
from mosty.accounts.models import User
from mosty.commitments.models import Commitment, Status
from mosty.organisations.models import Organisation
from mosty.projects import services
from mosty.projects.models import PartnerRole, Project, ProjectKind, ProjectPartner, ProjectStatus
from mosty.projects.services import PartnerInput
from mosty.sectors.models import Sector
from mosty.territories.models import Region

from .conftest import START

pytestmark = pytest.mark.usefixtures("no_staff_mfa")


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ids(response: Any) -> list[int]:
    return [project.pk for project in response.context["page"].object_list]


def _text(response: Any) -> str:
    """The page's text with whitespace (including non-breaking spaces) collapsed."""
    return re.sub(r"\s+", " ", response.content.decode())


def _bulk(count: int, region_ru: Region, organisation: Organisation) -> None:
    """`count` projects with two partners and two milestones each, written in bulk."""
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


LIST_QUERIES = 7  # filter choices (countries, regions, sectors), count, rows, partners, sectors


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow_with_rows(
    client: Client,
    region_ru: Region,
    lead_organisation: Organisation,
    django_assert_num_queries: Any,
    count: int,
    settings: Any,
) -> None:
    settings.MOSTY_PAGE_SIZE = 50
    _bulk(count, region_ru, lead_organisation)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("projects:list"))
    assert len(response.context["page"].object_list) == count
    assert "1 / 2" in _text(response)  # one of two milestones done, on every row


@pytest.fixture
def programme(region_by: Region, other_region: Region, commission_member: User) -> Project:
    return services.project_create(
        actor=commission_member,
        title="Программа развития Витебской области",
        kind=ProjectKind.PRIORITY_PROGRAMME,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        partners=[PartnerInput(region=region_by, role=PartnerRole.LEAD)],
    )


def test_list_filters_by_kind_status_region_country_sector_and_year(
    client: Client, project: Project, programme: Project, restricted: Project, commission_member: User
) -> None:
    section = Sector.objects.create(code="R", name_ru="Культура и туризм")
    division = Sector.objects.create(code="91", name_ru="Музеи", parent=section)
    project.sectors.set([division])
    services.project_set_status(
        actor=commission_member, project=project, status="in_progress", expected_version=project.version
    )
    url = reverse("projects:list")
    assert set(_ids(client.get(url))) == {project.pk, programme.pk}  # the restricted one is hidden
    assert _ids(client.get(url, {"kind": "programme"})) == [programme.pk]
    assert _ids(client.get(url, {"status": "in_progress"})) == [project.pk]
    assert _ids(client.get(url, {"region": "RU-SMO"})) == [project.pk]
    assert set(_ids(client.get(url, {"country": "BY"}))) == {project.pk, programme.pk}
    assert _ids(client.get(url, {"sector": "R"})) == [project.pk]
    assert _ids(client.get(url, {"year": 2022})) == [programme.pk]
    assert _ids(client.get(url, {"year": 2026})) == [project.pk]
    response = client.get(url, {"year": "нет"})
    assert set(_ids(response)) == {project.pk, programme.pk}  # a bad filter is left out, its error shown
    assert response.context["form"].errors["year"]


def test_list_shows_the_filtered_results_alone_for_htmx(client: Client, project: Project) -> None:
    response = client.get(reverse("projects:list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert project.title in body
    assert "<form" not in body and "<html" not in body


# --- The project page -----------------------------------------------------------------------------


def test_project_page_shows_partners_goals_budget_milestones_scorecard_results_agreements_and_timeline(
    project: Project, commission_member: User, region_ru: Region
) -> None:
    factories.CurrencyRateFactory(
        currency="BYN", rate_to_rub=Decimal("27.5"), valid_from=datetime.date(2025, 1, 1)
    )
    agreement = factories.AgreementFactory(title="Соглашение о туризме")
    services.project_update(
        actor=commission_member,
        project=project,
        expected_version=project.version,
        budget=Decimal("1000"),
        currency="BYN",
        results="Открыт туристический центр.",
    )
    services.project_link_agreement(actor=commission_member, project=project, agreement=agreement)
    milestone = services.project_add_milestone(
        actor=commission_member,
        project=project,
        title="Открыть маршрут для групп",
        responsible_region=region_ru,
        deadline=datetime.date(2030, 5, 1),
        planned_value=Decimal("10"),
        indicator_unit="групп",
    )
    Commitment.objects.filter(pk=milestone.pk).update(actual_value=4, status=Status.IN_PROGRESS)

    response = _logged_in(commission_member).get(
        reverse("projects:detail", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    text = _text(response)
    assert "<h1>Приграничный туристический маршрут «Смоленск — Витебск»</h1>" in text
    partners = {partner.role: partner for partner in project.partners.all()}
    assert reverse("organisations:detail", args=[partners["lead"].organisation_id]) in text
    assert reverse("organisations:detail", args=[partners["funder"].organisation_id]) in text
    assert "Lead partner" in text and "Funder" in text
    assert "Smolensk Oblast" in text
    assert "Создать общий туристический маршрут." in text
    assert "1,000.00 BYN" in text
    assert "≈ 27,500 RUB" in text
    assert reverse("commitments:detail", args=[milestone.pk]) in text
    assert "Открыть маршрут для групп" in text and "40%" in text and "4 / 10" in text.replace(".00", "")
    assert response.context["scorecard"].total == 1
    assert "Открыт туристический центр." in text
    assert reverse("agreements:detail", args=[agreement.pk]) in text
    assert "Commitment recorded" in text  # the timeline
    assert "Change history" in text  # staff see the history


def test_budget_without_a_rate_says_so_instead_of_guessing(project: Project, commission_member: User) -> None:
    services.project_update(
        actor=commission_member,
        project=project,
        expected_version=project.version,
        budget=Decimal("5"),
        currency="USD",
    )
    response = Client().get(reverse("projects:detail", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = _text(response)
    assert "5.00 USD" in text
    assert "the rate table has no rate for USD" in text
    assert "Change history" not in text  # not for the public


def test_restricted_agreement_is_not_listed_on_a_public_project_for_outsiders(
    project: Project, commission_member: User
) -> None:
    hidden = factories.AgreementFactory(title="Закрытый контракт", visibility="restricted")
    services.project_link_agreement(actor=commission_member, project=project, agreement=hidden)
    assert (
        "Закрытый контракт"
        not in Client().get(reverse("projects:detail", args=[project.pk])).content.decode()
    )
    assert (
        "Закрытый контракт"
        in _logged_in(commission_member).get(reverse("projects:detail", args=[project.pk])).content.decode()
    )


def test_restricted_project_page_answers_404_to_outsiders(restricted: Project, citizen: User) -> None:
    assert Client().get(reverse("projects:detail", args=[restricted.pk])).status_code == 404
    assert _logged_in(citizen).get(reverse("projects:detail", args=[restricted.pk])).status_code == 404
    assert Client().get(reverse("projects:detail", args=[999_999])).status_code == 404


# --- Forms ------------------------------------------------------------------------------------------


def _create_data(region: Region, **fields: Any) -> dict[str, Any]:
    data = {
        "kind": "project",
        "title": "Молодёжный обмен",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "goals": "Обмен студентами.",
        "visibility": "public",
        "partner-TOTAL_FORMS": "2",
        "partner-INITIAL_FORMS": "1",  # the page offers the coordinator's region as the first partner
        "partner-MIN_NUM_FORMS": "0",
        "partner-MAX_NUM_FORMS": "12",
        "partner-0-region": str(region.pk),
        "partner-0-role": "lead",
        "partner-1-role": "partner",
    }
    data.update(fields)
    return data


def test_coordinator_records_a_project_through_the_form(coordinator: User, region_ru: Region) -> None:
    response = _logged_in(coordinator).post(reverse("projects:create"), _create_data(region_ru))
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", args=[project.pk])
    assert project.title == "Молодёжный обмен"
    assert project.partners.get().role == PartnerRole.LEAD


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"period_end": "2025-01-01"}, "A project cannot end before it starts."),
        ({"budget": "-5", "currency": "RUB"}, "The budget cannot be negative."),
        ({"currency": "RUB"}, "A currency is given without a budget."),
        ({"partner-0-role": "partner"}, "Name the lead partner of the project."),
    ],
)
def test_bad_input_in_the_form_is_refused_with_a_message_and_keeps_what_was_typed(
    coordinator: User, region_ru: Region, fields: dict[str, Any], message: str
) -> None:
    response = _logged_in(coordinator).post(
        reverse("projects:create"), _create_data(region_ru, **fields), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'value="Молодёжный обмен"' in body
    assert not Project.objects.exists()
    assert not ProjectPartner.objects.exists()


def test_the_second_of_two_editors_sees_a_conflict(
    project: Project, coordinator: User, commission_member: User
) -> None:
    url = reverse("projects:edit", args=[project.pk])
    form = _logged_in(coordinator).get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "sectors": [],
            "period_start": "2025-03-01",
            "period_end": "2027-12-31",
            "title": "Правка координатора",
        }
    )
    services.project_update(
        actor=commission_member, project=project, expected_version=project.version, title="Правка комиссии"
    )
    response = _logged_in(coordinator).post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Someone else has changed this project" in response.content.decode()
    project.refresh_from_db()
    assert project.title == "Правка комиссии"


def test_status_changes_through_the_page(project: Project, coordinator: User) -> None:
    client = _logged_in(coordinator)
    response = client.post(
        reverse("projects:status", args=[project.pk]), {"status": "in_progress", "version": project.version}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "in_progress"
    # A status the table does not offer from here is not even a choice.
    client.post(
        reverse("projects:status", args=[project.pk]), {"status": "planned", "version": project.version}
    )
    project.refresh_from_db()
    assert project.status == "in_progress"


def test_milestone_form_refuses_a_deadline_before_the_start(
    project: Project, coordinator: User, region_ru: Region
) -> None:
    response = _logged_in(coordinator).post(
        reverse("projects:milestone_add", args=[project.pk]),
        {
            "title": "Слишком рано",
            "responsible_region": region_ru.pk,
            "deadline": "2024-01-01",
            "report_every": "none",
            "weight": 1,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "A milestone cannot be due before the project starts" in response.content.decode()
    assert not Commitment.objects.exists()
    response = _logged_in(coordinator).post(
        reverse("projects:milestone_add", args=[project.pk]),
        {
            "title": "Вовремя",
            "responsible_region": region_ru.pk,
            "deadline": "2026-01-01",
            "report_every": "none",
            "weight": 1,
        },
    )
    assert response.status_code == 302
    assert Commitment.objects.get().source_kind == "project"


def test_partner_and_agreement_are_added_through_the_page(
    project: Project, coordinator: User, other_region: Region
) -> None:
    client = _logged_in(coordinator)
    response = client.post(
        reverse("projects:partner_add", args=[project.pk]), {"region": other_region.pk, "role": "co_executor"}
    )
    assert response.status_code == 302
    assert project.partners.get(region=other_region).role == PartnerRole.CO_EXECUTOR
    project.refresh_from_db()
    agreement = factories.AgreementFactory()
    client.post(
        reverse("projects:agreement_link", args=[project.pk]),
        {"agreement": agreement.pk, "version": project.version},
    )
    assert list(project.related_agreements.all()) == [agreement]
