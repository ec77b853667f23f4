"""Support: once per user, withdrawn while collected, exact under concurrent requests (PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from mosty import factories
from mosty.accounts.models import Role
from mosty.core.errors import ApplicationError
from mosty.initiatives import services
from mosty.initiatives.models import (
    CategoryRule,
    Follower,
    Initiative,
    InitiativeStatus,
    StatusChange,
    Support,
)
from mosty.initiatives.tests.conftest import TODAY, Advance


@pytest.mark.django_db
def test_supporting_twice_is_refused_with_a_clear_message(advance: Advance, region_by: Any) -> None:
    initiative = advance(InitiativeStatus.COLLECTING)
    supporter = factories.UserFactory.create()
    services.initiative_support(
        actor=supporter, initiative=initiative, region=region_by, show_name=True, today=TODAY
    )
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        services.initiative_support(actor=supporter, initiative=initiative, region=region_by, today=TODAY)
    assert refused.value.message == "You already support this initiative."
    initiative.refresh_from_db()
    assert initiative.support_count == 1
    assert Follower.objects.filter(initiative=initiative, user=supporter).exists()


@pytest.mark.django_db
def test_an_unconfirmed_address_may_not_support(advance: Advance, region_by: Any) -> None:
    initiative = advance(InitiativeStatus.COLLECTING)
    unconfirmed = factories.UserFactory.create(verified_email=False)
    with pytest.raises(PermissionDenied):
        services.initiative_support(actor=unconfirmed, initiative=initiative, region=region_by, today=TODAY)
    assert Support.objects.count() == 0


@pytest.mark.django_db
def test_a_settlement_outside_the_region_is_refused(advance: Advance, region_by: Any, region_ru: Any) -> None:
    initiative = advance(InitiativeStatus.COLLECTING)
    smolensk = factories.SettlementFactory.create(region=region_ru)
    with pytest.raises(ValidationError) as refused:
        services.initiative_support(
            actor=factories.UserFactory.create(), initiative=initiative, region=region_by, settlement=smolensk
        )
    assert "settlement" in refused.value.message_dict


@pytest.mark.django_db
def test_support_after_the_period_is_refused(advance: Advance, region_by: Any) -> None:
    initiative = advance(InitiativeStatus.COLLECTING)
    late = TODAY.replace(month=5)
    with pytest.raises(ApplicationError) as refused:
        services.initiative_support(
            actor=factories.UserFactory.create(), initiative=initiative, region=region_by, today=late
        )
    assert refused.value.code == "support_closed"


@pytest.mark.django_db
def test_supporting_a_closed_initiative_is_refused(advance: Advance, region_by: Any) -> None:
    initiative = advance(InitiativeStatus.CLOSED)
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        services.initiative_support(
            actor=factories.UserFactory.create(), initiative=initiative, region=region_by
        )
    assert refused.value.message == "Support is no longer collected for this initiative."


@pytest.mark.django_db
def test_withdrawing_lowers_the_count_and_stops_following(advance: Advance, region_by: Any) -> None:
    initiative = advance(InitiativeStatus.COLLECTING)
    supporter = factories.UserFactory.create()
    services.initiative_support(actor=supporter, initiative=initiative, region=region_by, today=TODAY)
    services.initiative_withdraw_support(actor=supporter, initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.support_count == 0
    assert not Follower.objects.filter(initiative=initiative, user=supporter).exists()
    with pytest.raises(ApplicationError) as refused:
        services.initiative_withdraw_support(actor=supporter, initiative=initiative)
    assert refused.value.code == "not_supporting"


@pytest.mark.django_db
def test_withdrawing_after_review_started_is_refused(advance: Advance) -> None:
    initiative = advance(InitiativeStatus.IN_REVIEW)
    supporter = initiative.supports.first()
    assert supporter is not None
    with pytest.raises(ApplicationError):
        services.initiative_withdraw_support(actor=supporter.user, initiative=initiative)
    assert Initiative.objects.get(pk=initiative.pk).support_count == 3


@pytest.mark.django_db
def test_the_breakdown_counts_supporters_by_region(advance: Advance, region_by: Any, region_ru: Any) -> None:
    from mosty.initiatives import selectors

    initiative = advance(InitiativeStatus.COLLECTING)
    CategoryRule.objects.filter(category="youth").update(threshold=100)
    Initiative.objects.filter(pk=initiative.pk).update(threshold=100)
    for region in (region_by, region_by, region_ru):
        services.initiative_support(
            actor=factories.UserFactory.create(), initiative=initiative, region=region, today=TODAY
        )
    shares = selectors.support_by_region(initiative)
    assert [(share.region, share.count, share.percent) for share in shares] == [
        (region_by, 2, 67),
        (region_ru, 1, 33),
    ]


# --- PostgreSQL: concurrent requests ------------------------------------------------------------


def _run_at_once(workers: list[Any]) -> list[BaseException]:
    barrier = threading.Barrier(len(workers))
    errors: list[BaseException] = []

    def run(work: Any) -> None:
        try:
            barrier.wait()
            work()
        except ApplicationError:
            pass  # a refusal is an answer, not a failure
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _collecting(threshold: int) -> tuple[Initiative, Any]:
    country = factories.CountryFactory.create(code="BY")
    region = factories.RegionFactory.create(code="BY-VI", country=country)
    author = factories.UserFactory.create()
    moderator = factories.UserFactory.create(role=Role.MODERATOR, is_staff=True)
    CategoryRule.objects.update_or_create(
        category="youth", defaults={"threshold": threshold, "collection_days": 30}
    )
    initiative = services.initiative_create(
        actor=author,
        title="Обмен",
        problem="п",
        proposal="п",
        expected_effect="э",
        category="youth",
        regions=[region],
    )
    services.initiative_submit(actor=author, initiative=initiative)
    services.initiative_publish(actor=moderator, initiative=initiative)
    return initiative, region


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_twenty_supporters_at_once_give_an_exact_count_and_one_review() -> None:
    initiative, region = _collecting(threshold=15)
    users = [factories.UserFactory.create() for _ in range(20)]
    errors = _run_at_once(
        [
            lambda user=user: services.initiative_support(
                actor=user, initiative=Initiative.objects.get(pk=initiative.pk), region=region
            )
            for user in users
        ]
    )
    assert not errors
    initiative.refresh_from_db()
    # The threshold (15) is reached once; the five who came after the move find support closed.
    assert initiative.support_count == 15 == Support.objects.filter(initiative=initiative).count()
    assert initiative.status == InitiativeStatus.IN_REVIEW
    assert (
        StatusChange.objects.filter(initiative=initiative, to_status=InitiativeStatus.IN_REVIEW).count() == 1
    )


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_twenty_supporters_and_withdrawals_at_once_keep_the_count_exact() -> None:
    initiative, region = _collecting(threshold=1000)
    stayers = [factories.UserFactory.create() for _ in range(20)]
    leavers = [factories.UserFactory.create() for _ in range(10)]
    for user in leavers:
        services.initiative_support(actor=user, initiative=initiative, region=region)
    work: list[Any] = [
        lambda user=user: services.initiative_support(
            actor=user, initiative=Initiative.objects.get(pk=initiative.pk), region=region
        )
        for user in stayers
    ]
    work += [
        lambda user=user: services.initiative_withdraw_support(
            actor=user, initiative=Initiative.objects.get(pk=initiative.pk)
        )
        for user in leavers
    ]
    # The same user twice at once: one support counts.
    twice = stayers[0]
    work.append(
        lambda: services.initiative_support(
            actor=twice, initiative=Initiative.objects.get(pk=initiative.pk), region=region
        )
    )
    errors = _run_at_once(work)
    assert not errors
    initiative.refresh_from_db()
    assert initiative.support_count == 20 == Support.objects.filter(initiative=initiative).count()
    assert initiative.status == InitiativeStatus.COLLECTING


@pytest.mark.django_db
def test_the_breakdown_by_region_is_counted_again_after_every_support_and_withdrawal(
    advance: Advance, region_by: Any, region_ru: Any
) -> None:
    from mosty.initiatives.selectors import support_by_region

    initiative = advance(InitiativeStatus.COLLECTING)
    before = {share.region_id: share.count for share in support_by_region(initiative)}
    first, second = factories.UserFactory.create(), factories.UserFactory.create()
    services.initiative_support(actor=first, initiative=initiative, region=region_ru, today=TODAY)
    initiative.refresh_from_db()
    assert {share.region_id: share.count for share in support_by_region(initiative)} == {
        **before,
        region_ru.pk: before.get(region_ru.pk, 0) + 1,
    }

    # A withdrawal and a support elsewhere leave the count as it was; the breakdown still changes.
    count = initiative.support_count
    services.initiative_withdraw_support(actor=first, initiative=initiative)
    services.initiative_support(actor=second, initiative=initiative, region=region_by, today=TODAY)
    initiative.refresh_from_db()
    assert initiative.support_count == count
    after = {share.region_id: share.count for share in support_by_region(initiative)}
    assert after.get(region_ru.pk, 0) == before.get(region_ru.pk, 0)
    assert after[region_by.pk] == before.get(region_by.pk, 0) + 1
