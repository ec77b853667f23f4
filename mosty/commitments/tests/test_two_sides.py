"""A commitment where both sides act: a responsible party on each side (the counterpart in the other
country), with the same rights, reminders and figures as the first one."""

from __future__ import annotations

import datetime
import decimal
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.commitments import access, selectors, services
from mosty.commitments.models import COUNTERPART_SAME_COUNTRY, Commitment, Reminder, Status
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

D = decimal.Decimal
DEADLINE = datetime.date(2026, 9, 30)


@pytest.fixture(autouse=True)
def _english_and_reminder_settings(settings: Any) -> Iterator[None]:
    """Refusals are compared with their English wording."""
    settings.MOSTY_REMINDER_DAYS_BEFORE = [14, 3]
    settings.MOSTY_ESCALATE_COORDINATOR_AFTER_DAYS = 7
    settings.MOSTY_ESCALATE_COMMISSION_AFTER_DAYS = 30
    with translation.override("en"):
        yield


@pytest.fixture
def counterpart_user(db: None) -> User:
    return factories.UserFactory(role=Role.REPRESENTATIVE, full_name="Представитель другой стороны")


@pytest.fixture
def counterpart(region_by: Region, counterpart_user: User) -> Organisation:
    organisation = factories.OrganisationFactory(region=region_by, name_ru="Витебский облисполком")
    organisation.representatives.add(counterpart_user)
    return organisation


@pytest.fixture
def coordinator_by(region_by: Region) -> User:
    return factories.UserFactory(role=Role.COORDINATOR, region=region_by)


@pytest.fixture
def joint(commission_member: User, organisation: Organisation, counterpart: Organisation) -> Commitment:
    """A joint fair: the Smolensk organisation on one side, the Vitebsk one on the other."""
    return services.commitment_create(
        actor=commission_member,
        source_kind="agreement",
        source_id=1,
        title="Провести совместную ярмарку",
        responsible_organisation=organisation,
        counterpart_organisation=counterpart,
        deadline=DEADLINE,
        planned_value=D(10),
    )


def test_a_two_sided_commitment_names_the_responsible_party_of_each_side(
    joint: Commitment, organisation: Organisation, counterpart: Organisation, region_ru: Region
) -> None:
    joint.refresh_from_db()
    assert joint.counterpart_organisation == counterpart
    assert joint.responsible_parties() == [organisation, counterpart]
    assert joint.responsible_organisation_ids() == {organisation.pk, counterpart.pk}
    assert joint.responsible_area_region_ids() == {region_ru.pk, counterpart.region_id}
    assert [side.country for side in joint.responsible_sides()] == [
        region_ru.country,
        counterpart.region.country,
    ]


def test_the_counterpart_in_the_same_country_is_refused(
    commission_member: User, organisation: Organisation, other_organisation: Organisation, region_ru: Region
) -> None:
    for fields in ({"counterpart_organisation": other_organisation}, {"counterpart_region": region_ru}):
        with pytest.raises(ValidationError) as error:
            services.commitment_create(
                actor=commission_member,
                source_kind="agreement",
                source_id=1,
                title="Провести совместную ярмарку",
                responsible_organisation=organisation,
                **fields,
            )
        assert error.value.message_dict == {next(iter(fields)): [str(COUNTERPART_SAME_COUNTRY)]}
    assert not Commitment.objects.exists()


def test_the_database_refuses_the_first_party_again_as_the_counterpart(
    organisation: Organisation, region_by: Region
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.CommitmentFactory(
            responsible_organisation=organisation, counterpart_organisation=organisation
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.CommitmentFactory(
            responsible_organisation=None,
            responsible_region=region_by,
            counterpart_region=region_by,
        )


def test_moving_the_counterpart_to_the_first_partys_country_is_refused_and_nothing_changes(
    joint: Commitment, commission_member: User, other_organisation: Organisation, counterpart: Organisation
) -> None:
    with pytest.raises(ValidationError) as error:
        services.commitment_update(
            actor=commission_member,
            commitment=joint,
            expected_version=joint.version,
            counterpart_organisation=other_organisation,
        )
    assert error.value.message_dict == {"counterpart_organisation": [str(COUNTERPART_SAME_COUNTRY)]}
    joint.refresh_from_db()
    assert joint.counterpart_organisation_id == counterpart.pk


def test_a_coordinator_may_not_name_a_counterpart_outside_their_region(
    coordinator: User, coordinator_by: User, organisation: Organisation, counterpart: Organisation
) -> None:
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            actor=coordinator,
            source_kind="agreement",
            source_id=1,
            title="Провести совместную ярмарку",
            responsible_organisation=organisation,
            counterpart_organisation=counterpart,
        )
    assert not Commitment.objects.exists()


def test_the_counterparts_representative_reports_and_its_regions_coordinator_verifies(
    joint: Commitment,
    counterpart_user: User,
    coordinator_by: User,
    coordinator: User,
    representative: User,
) -> None:
    assert access.may_report(counterpart_user, joint)
    assert access.may_report(representative, joint)
    assert access.may_verify(coordinator_by, joint) and access.may_edit(coordinator_by, joint)
    assert access.may_verify(coordinator, joint)
    assert not access.may_verify(counterpart_user, joint)

    report = services.report_submit(
        actor=counterpart_user,
        commitment=joint,
        reported_on=datetime.date.today(),
        text="Ярмарка проведена",
        actual_value=D(10),
    )
    services.report_accept(actor=coordinator_by, report=report)

    joint.refresh_from_db()
    assert joint.status == Status.DONE
    assert joint.actual_value == D(10)


def test_the_counterpart_sees_a_restricted_commitment_among_their_own(
    joint: Commitment, counterpart_user: User, coordinator_by: User
) -> None:
    Commitment.objects.filter(pk=joint.pk).update(is_public=False)
    for user in (counterpart_user, coordinator_by):
        assert list(access.visible_commitments(user)) == [joint]
        assert list(access.responsible_commitments(user)) == [joint]
        assert access.commitment_for_user(user, joint.pk) == joint


def test_both_sides_are_reminded_and_escalated_to_each_exactly_once(
    joint: Commitment,
    representative: User,
    counterpart_user: User,
    coordinator: User,
    coordinator_by: User,
    commission_member: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # The Vitebsk coordinator also represents the Vitebsk organisation: still one message each time.
    counterpart_user.role = Role.COORDINATOR
    counterpart_user.region_id = coordinator_by.region_id
    counterpart_user.save()
    for days in (-3, -3, 1, 1, 7, 7, 30, 30):
        with django_capture_on_commit_callbacks(execute=True):
            services.commitments_check_deadlines(today=DEADLINE + datetime.timedelta(days=days))

    sent = Counter(Reminder.objects.values_list("kind", "recipient__email"))
    assert sent == {
        ("before_deadline", representative.email): 1,
        ("before_deadline", counterpart_user.email): 1,
        ("overdue", representative.email): 1,
        ("overdue", counterpart_user.email): 1,
        ("escalation_coordinator", coordinator.email): 1,
        ("escalation_coordinator", coordinator_by.email): 1,
        ("escalation_coordinator", counterpart_user.email): 1,
        ("escalation_commission", commission_member.email): 1,
    }
    assert len(mail.outbox) == sum(sent.values())


def test_scorecards_count_the_commitment_for_each_side(
    joint: Commitment,
    organisation: Organisation,
    counterpart: Organisation,
    region_ru: Region,
    region_by: Region,
    django_assert_num_queries: Any,
) -> None:
    factories.CommitmentFactory(responsible_organisation=organisation, status=Status.OVERDUE)
    with django_assert_num_queries(1):
        by_organisation = selectors.scorecards_by("organisation", Commitment.objects.all())
    assert {key: card.total for key, card in by_organisation.items()} == {
        organisation.pk: 2,
        counterpart.pk: 1,
    }
    assert by_organisation[counterpart.pk].planned == 1
    by_region = selectors.scorecards_by("region", Commitment.objects.all())
    assert {key: (card.total, card.overdue) for key, card in by_region.items()} == {
        region_ru.pk: (2, 1),
        region_by.pk: (1, 0),
    }


def test_the_list_filters_find_the_commitment_by_the_counterpart(
    joint: Commitment, counterpart: Organisation, region_by: Region
) -> None:
    everything = Commitment.objects.all()
    by_organisation = selectors.CommitmentFilters(organisation=counterpart.pk)
    assert list(selectors.commitment_list(everything, by_organisation)) == [joint]
    by_region = selectors.CommitmentFilters(region=region_by.code)
    assert list(selectors.commitment_list(everything, by_region)) == [joint]


def test_the_api_shows_both_sides(
    client: Client,
    joint: Commitment,
    organisation: Organisation,
    counterpart: Organisation,
    region_by: Region,
) -> None:
    item = client.get("/api/v1/commitments").json()["items"][0]
    assert (item["responsible_organisation"], item["counterpart_organisation"]) == (
        organisation.pk,
        counterpart.pk,
    )
    assert item["counterpart_region"] is None
    Commitment.objects.filter(pk=joint.pk).update(counterpart_organisation=None, counterpart_region=region_by)
    detail = client.get(f"/api/v1/commitments/{joint.pk}").json()
    assert (detail["counterpart_organisation"], detail["counterpart_region"]) == (None, "BY-VI")


def test_the_page_shows_both_sides_with_their_countries(
    client: Client, joint: Commitment, organisation: Organisation, counterpart: Organisation
) -> None:
    text = client.get(reverse("commitments:detail", args=[joint.pk])).content.decode()
    assert reverse("organisations:detail", args=[organisation.pk]) in text
    assert reverse("organisations:detail", args=[counterpart.pk]) in text
    assert f"· {organisation.region.country.name_ru}" in text
    assert f"· {counterpart.region.country.name_ru}" in text
