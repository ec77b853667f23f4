"""The project services: the lifecycle, refusals that save nothing, the optimistic lock, milestones in
the engine with the project's audience, related agreements, and the scorecard on a known set."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from mosty import factories
from mosty.accounts.models import User
from mosty.agreements.models import Visibility as AgreementVisibility
from mosty.commitments.access import visible_commitments
from mosty.commitments.models import Commitment, Status
from mosty.commitments.selectors import scorecard
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry
from mosty.organisations.models import Organisation
from mosty.projects import selectors, services
from mosty.projects.models import (
    SOURCE_KIND,
    TRANSITIONS,
    PartnerRole,
    Project,
    ProjectPartner,
    ProjectStatus,
    Visibility,
)
from mosty.projects.services import PartnerInput
from mosty.territories.models import Region

from .conftest import START


@pytest.fixture(autouse=True)
def _english() -> Any:
    """The messages are asserted by their English text (the msgids)."""
    with override("en"):
        yield


# --- The lifecycle -----------------------------------------------------------------------------------


@pytest.mark.parametrize("current", ProjectStatus.values)
@pytest.mark.parametrize("new", ProjectStatus.values)
def test_status_changes_follow_the_transition_table(
    current: str, new: str, project: Project, commission_member: User
) -> None:
    Project.objects.filter(pk=project.pk).update(status=current)
    project.refresh_from_db()
    if new in TRANSITIONS[current]:
        services.project_set_status(
            actor=commission_member, project=project, status=new, expected_version=project.version
        )
        project.refresh_from_db()
        assert project.status == new
    else:
        with pytest.raises(ApplicationError) as refused:
            services.project_set_status(
                actor=commission_member, project=project, status=new, expected_version=project.version
            )
        assert refused.value.code == "transition_not_allowed"
        assert str(ProjectStatus(new).label) in refused.value.message
        project.refresh_from_db()
        assert project.status == current


def test_a_project_runs_is_suspended_resumes_and_completes(project: Project, commission_member: User) -> None:
    for status in ("in_progress", "suspended", "in_progress", "completed"):
        services.project_set_status(
            actor=commission_member, project=project, status=status, expected_version=project.version
        )
    project.refresh_from_db()
    assert project.status == "completed"
    assert project.version == 5
    statuses = [
        entry.changes["status"]
        for entry in AuditEntry.objects.filter(object_id=str(project.pk), changes__has_key="status")
        .filter(content_type__model="project")
        .order_by("pk")
        if entry.action == "update"
    ]
    assert statuses == [
        ["planned", "in_progress"],
        ["in_progress", "suspended"],
        ["suspended", "in_progress"],
        ["in_progress", "completed"],
    ]


# --- Bad input: refused with a message, nothing saved ----------------------------------------------------


def _create(actor: User, partners: list[PartnerInput], **fields: Any) -> Project:
    values: dict[str, Any] = {"title": "Проект", "period_start": START, "partners": partners}
    values.update(fields)
    return services.project_create(actor=actor, **values)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"period_end": datetime.date(2025, 2, 1)}, "period_end", "A project cannot end before it starts."),
        ({"budget": Decimal("-1"), "currency": "RUB"}, "budget", "The budget cannot be negative."),
        ({"currency": "BYN"}, "budget", "A currency is given without a budget."),
        ({"budget": Decimal("100")}, "currency", "Give the currency of the budget."),
        ({"budget": Decimal("100"), "currency": "GBP"}, "currency", "“GBP” is not a currency Mosty knows"),
    ],
)
def test_bad_project_fields_are_refused_with_a_message_and_nothing_is_saved(
    fields: dict[str, Any], field: str, message: str, region_ru: Region, commission_member: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        _create(commission_member, [PartnerInput(region=region_ru, role=PartnerRole.LEAD)], **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Project.objects.exists()
    assert not ProjectPartner.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("partners", "message"),
    [
        ("none", "A project has at least one partner."),
        ("no_lead", "Name the lead partner of the project."),
        ("twice", "The same partner is named twice."),
    ],
)
def test_bad_partners_are_refused_with_a_message_and_nothing_is_saved(
    partners: str, message: str, region_ru: Region, region_by: Region, commission_member: User
) -> None:
    given = {
        "none": [],
        "no_lead": [PartnerInput(region=region_ru), PartnerInput(region=region_by, role=PartnerRole.FUNDER)],
        "twice": [PartnerInput(region=region_ru, role=PartnerRole.LEAD), PartnerInput(region=region_ru)],
    }[partners]
    with pytest.raises(ValidationError) as refused:
        _create(commission_member, given)
    assert refused.value.messages == [message]
    assert not Project.objects.exists()
    assert not ProjectPartner.objects.exists()


def test_a_partner_that_does_not_exist_is_refused(region_ru: Region, commission_member: User) -> None:
    ghost = Region(pk=999_999, code="RU-XXX", name_ru="Нет такой")
    with pytest.raises(ValidationError) as refused:
        _create(commission_member, [PartnerInput(region=ghost, role=PartnerRole.LEAD)])
    assert "does not exist" in refused.value.messages[0]
    assert not Project.objects.exists()


def test_a_coordinator_records_projects_only_with_a_partner_in_their_region(
    coordinator: User, region_ru: Region, region_by: Region
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _create(coordinator, [PartnerInput(region=region_by, role=PartnerRole.LEAD)])
    project = _create(coordinator, [PartnerInput(region=region_ru, role=PartnerRole.LEAD)])
    assert project.created_by == coordinator


def test_a_representative_records_a_project_their_organisation_leads(
    lead_representative: User, lead_organisation: Organisation, funder: Organisation
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _create(
            lead_representative,
            [
                PartnerInput(organisation=funder, role=PartnerRole.LEAD),
                PartnerInput(organisation=lead_organisation),
            ],
        )
    project = _create(
        lead_representative, [PartnerInput(organisation=lead_organisation, role=PartnerRole.LEAD)]
    )
    assert project.partners.get().role == PartnerRole.LEAD


def test_goals_and_results_keep_no_html(region_ru: Region, commission_member: User) -> None:
    project = _create(
        commission_member,
        [PartnerInput(region=region_ru, role=PartnerRole.LEAD)],
        goals="<script>alert(1)</script>Открыть <b>центр</b> 1 < 2",
        results="<img src=x onerror=alert(1)>Центр открыт",
    )
    assert project.goals == "Открыть центр 1 < 2"
    assert project.results == "Центр открыт"


def test_creating_a_project_writes_audit_rows_for_it_and_its_partners(
    project: Project, commission_member: User
) -> None:
    rows = AuditEntry.objects.filter(actor=commission_member, action="create")
    assert sorted(rows.values_list("content_type__model", flat=True)) == [
        "project",
        "projectpartner",
        "projectpartner",
        "projectpartner",
    ]


# --- Updates and the optimistic lock ------------------------------------------------------------------


def test_second_editor_of_the_same_version_gets_a_conflict_and_nothing_is_overwritten(
    project: Project, commission_member: User, coordinator: User
) -> None:
    seen = project.version
    first = Project.objects.get(pk=project.pk)
    second = Project.objects.get(pk=project.pk)
    services.project_update(
        actor=commission_member, project=first, expected_version=seen, title="Первая правка"
    )
    with pytest.raises(ApplicationError) as refused:
        services.project_update(
            actor=coordinator, project=second, expected_version=seen, title="Вторая правка"
        )
    assert refused.value.code == "conflict"
    assert refused.value.status == 409
    assert "Someone else has changed this project" in refused.value.message
    project.refresh_from_db()
    assert project.title == "Первая правка"
    assert project.version == seen + 1


def test_an_update_with_bad_values_saves_nothing(project: Project, commission_member: User) -> None:
    version = project.version
    with pytest.raises(ValidationError) as refused:
        services.project_update(
            actor=commission_member,
            project=project,
            expected_version=version,
            title="Новое название",
            period_end=datetime.date(2020, 1, 1),
        )
    assert "period_end" in refused.value.message_dict
    stored = Project.objects.get(pk=project.pk)
    assert (stored.title, stored.version) == (project.title, version)
    assert stored.title != "Новое название"


def test_update_records_what_changed(project: Project, commission_member: User) -> None:
    services.project_update(
        actor=commission_member,
        project=project,
        expected_version=project.version,
        budget=Decimal("1500000"),
        currency="BYN",
        results="Маршрут открыт.",
    )
    entry = AuditEntry.objects.filter(action="update", content_type__model="project").get()
    assert entry.changes["budget"] == [None, "1500000.00"] or entry.changes["budget"][1].startswith("1500000")
    assert entry.changes["currency"] == ["", "BYN"]
    assert entry.changes["results"] == ["", "Маршрут открыт."]


# --- Milestones ----------------------------------------------------------------------------------------


def test_a_milestone_is_an_engine_commitment_of_the_project(
    project: Project, commission_member: User, region_ru: Region
) -> None:
    milestone = services.project_add_milestone(
        actor=commission_member,
        project=project,
        title="Открыть маршрут",
        responsible_region=region_ru,
        deadline=datetime.date(2025, 9, 1),
    )
    assert (milestone.source_kind, milestone.source_id) == (SOURCE_KIND, project.pk)
    assert milestone.is_public
    assert list(selectors.project_milestones(project)) == [milestone]


def test_a_milestone_may_name_the_responsible_party_on_the_other_side(
    project: Project, commission_member: User, region_ru: Region, region_by: Region
) -> None:
    milestone = services.project_add_milestone(
        actor=commission_member,
        project=project,
        title="Открыть совместный маршрут",
        responsible_region=region_ru,
        counterpart_region=region_by,
        deadline=datetime.date(2025, 9, 1),
    )
    assert milestone.responsible_parties() == [region_ru, region_by]


def test_a_milestone_due_before_the_project_starts_is_refused(
    project: Project, commission_member: User, region_ru: Region
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.project_add_milestone(
            actor=commission_member,
            project=project,
            title="Слишком рано",
            responsible_region=region_ru,
            deadline=START - datetime.timedelta(days=1),
        )
    assert refused.value.message_dict["deadline"] == [
        f"A milestone cannot be due before the project starts ({START.isoformat()})."
    ]
    assert not Commitment.objects.exists()


def test_a_milestone_needs_a_deadline_and_a_responsible_party(
    project: Project, commission_member: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.project_add_milestone(
            actor=commission_member, project=project, title="Без ответственного", deadline=START
        )
    assert "responsible_organisation" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.project_add_milestone(
            actor=commission_member,
            project=project,
            title="Без срока",
            deadline=None,
            responsible_region=project.partners.get(role="partner").region,
        )
    assert refused.value.message_dict["deadline"] == ["Give the milestone's deadline."]
    assert not Commitment.objects.exists()


def test_the_start_cannot_move_past_a_milestone(
    project: Project, commission_member: User, region_ru: Region
) -> None:
    services.project_add_milestone(
        actor=commission_member,
        project=project,
        title="Веха",
        responsible_region=region_ru,
        deadline=datetime.date(2025, 6, 1),
    )
    with pytest.raises(ValidationError) as refused:
        services.project_update(
            actor=commission_member,
            project=project,
            expected_version=project.version,
            period_start=datetime.date(2025, 7, 1),
        )
    assert "period_start" in refused.value.message_dict


def test_milestones_of_a_restricted_project_follow_its_partners(
    restricted: Project,
    commission_member: User,
    region_ru: Region,
    actors: dict[str, Any],
    other_region: Region,
) -> None:
    milestone = services.project_add_milestone(
        actor=commission_member,
        project=restricted,
        title="Запустить линию",
        responsible_region=region_ru,
        deadline=datetime.date(2026, 1, 1),
    )
    assert not milestone.is_public
    for name in (
        "funder_representative",
        "lead_representative",
        "partner_org_region_coordinator",
        "commission",
    ):
        assert visible_commitments(actors[name]).filter(pk=milestone.pk).exists(), name
    for name in ("anonymous", "citizen", "other_coordinator", "other_representative"):
        assert not visible_commitments(actors[name]).filter(pk=milestone.pk).exists(), name

    newcomer = factories.UserFactory(role="coordinator", region=other_region)
    assert not visible_commitments(newcomer).filter(pk=milestone.pk).exists()
    services.project_add_partner(
        actor=commission_member, project=restricted, partner=PartnerInput(region=other_region)
    )
    assert visible_commitments(newcomer).filter(pk=milestone.pk).exists()

    restricted.refresh_from_db()
    services.project_update(
        actor=commission_member,
        project=restricted,
        expected_version=restricted.version,
        visibility=Visibility.PUBLIC,
    )
    milestone.refresh_from_db()
    assert milestone.is_public


def test_a_partner_is_added_once(project: Project, commission_member: User, region_ru: Region) -> None:
    with pytest.raises(ValidationError) as refused:
        services.project_add_partner(
            actor=commission_member, project=project, partner=PartnerInput(region=region_ru)
        )
    assert refused.value.messages == ["The same partner is named twice."]
    assert project.partners.count() == 3


# --- Related agreements ----------------------------------------------------------------------------


def test_linking_an_agreement_is_recorded_and_a_hidden_one_is_refused(
    project: Project, coordinator: User, region_ru: Region
) -> None:
    seen = factories.AgreementFactory(title="Соглашение о туризме")
    hidden = factories.AgreementFactory(title="Закрытый контракт", visibility=AgreementVisibility.RESTRICTED)
    services.project_link_agreement(actor=coordinator, project=project, agreement=seen)
    assert list(project.related_agreements.all()) == [seen]
    entry = AuditEntry.objects.filter(action="update", content_type__model="project").get()
    assert entry.changes["related_agreements"] == [[], [seen.pk]]

    with pytest.raises(ValidationError) as refused:
        services.project_link_agreement(actor=coordinator, project=project, agreement=hidden)
    assert refused.value.message_dict["agreement"] == ["There is no such agreement."]
    with pytest.raises(ValidationError):
        services.project_link_agreement(actor=coordinator, project=project, agreement=seen)
    assert list(project.related_agreements.all()) == [seen]

    services.project_unlink_agreement(actor=coordinator, project=project, agreement=seen)
    assert not project.related_agreements.exists()


# --- The scorecard on a known set --------------------------------------------------------------------


def test_scorecard_of_a_project_on_a_known_set(
    project: Project, commission_member: User, region_ru: Region
) -> None:
    deadline = datetime.date(2025, 6, 1)

    def milestone(title: str, **fields: Any) -> Commitment:
        made = services.project_add_milestone(
            actor=commission_member,
            project=project,
            title=title,
            responsible_region=region_ru,
            deadline=deadline,
        )
        Commitment.objects.filter(pk=made.pk).update(**fields)
        return made

    milestone(
        "В срок", status=Status.DONE, completed_on=deadline, planned_value=10, actual_value=10, weight=2
    )
    milestone("С опозданием", status=Status.DONE, completed_on=deadline + datetime.timedelta(days=5))
    milestone("Просрочена", status=Status.OVERDUE, planned_value=4, actual_value=1, weight=2)
    milestone("Идёт", status=Status.IN_PROGRESS, planned_value=100, actual_value=50)
    milestone("Отменена", status=Status.CANCELLED, planned_value=10, actual_value=0, weight=5)
    # A commitment of another source is not the project's.
    factories.CommitmentFactory(source_kind="agreement", source_id=project.pk, status=Status.OVERDUE)

    card = scorecard(selectors.project_milestones(project))
    assert (
        card.total,
        card.done_on_time,
        card.done_late,
        card.overdue,
        card.in_progress,
        card.cancelled,
    ) == (
        5,
        1,
        1,
        1,
        1,
        1,
    )
    # (2 × 10/10 + 2 × 1/4 + 1 × 50/100) / (2 + 2 + 1) = 3 / 5
    assert card.achieved_share == pytest.approx(0.6)
    assert card.achieved_percent == 60
    listed = selectors.project_list(Project.objects.filter(pk=project.pk), selectors.ProjectFilters()).get()
    # The list also counts as overdue the one under way past its deadline, before the daily job marks it.
    assert (listed.milestones_total, listed.milestones_done, listed.milestones_overdue) == (4, 2, 2)
