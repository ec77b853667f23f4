"""seed_scale: the counts of the scale, the services' invariants, counters equal to rows, a rerun that
does nothing, a resume after an interruption, and a reset that removes only what was seeded.
Runs on SQLite (bulk_create) and on PostgreSQL (COPY) alike: `DATABASE_URL=postgres://... pytest`."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from mosty import factories
from mosty.accounts.models import User
from mosty.agreements.models import Agreement, AgreementParty, AgreementStatus
from mosty.comments.models import Comment
from mosty.commitments.models import Commitment, ProgressReport, Status
from mosty.events.models import Event, Registration
from mosty.initiatives.models import Initiative, Support
from mosty.organisations.models import Organisation
from mosty.projects.models import Project
from mosty.scale import engine
from mosty.scale.models import SeedStep
from mosty.scale.steps import STEPS_LOADED  # noqa: F401 - registers the steps
from mosty.scale.steps.initiatives import COLLECTING, EXPIRED, IN_REVIEW
from mosty.ties.models import Tie

SCALE = 0.0005
# At 0.0005: the counts × 0.0005, with the minimums of the small steps.
EXPECTED = {
    User: 100,
    Organisation: 50,
    Tie: 10,
    Agreement: 5,
    Commitment: 50 + 3,  # the agreements' commitments and the projects' milestones
    ProgressReport: 100,
    Project: 2,
    Initiative: 50,
    Support: 2500,
    Registration: 250,
    Comment: 500,
}

pytestmark = pytest.mark.django_db


def seed(scale: float = SCALE, **options: object) -> str:
    out = io.StringIO()
    call_command("seed_scale", "--scale", str(scale), stdout=out, **options)
    return out.getvalue()


def counts() -> dict[type, int]:
    return {model: model.objects.count() for model in EXPECTED}


def test_seed_builds_the_counts_of_the_scale(reference: None) -> None:
    output = seed()

    assert counts() == EXPECTED
    assert Event.objects.count() == 3 + 1  # seeded events beside the reference forum
    assert "rows/s" in output
    assert SeedStep.objects.count() == len(engine.STEPS)


def test_seeded_users_are_marked_and_confirmed(reference: None) -> None:
    seed()

    users = User.objects.filter(email__endswith="@seed.mosty.local")
    assert users.count() == 100
    assert not any(user.has_usable_password() for user in users)
    assert all(user.emailaddress_set.filter(verified=True).exists() for user in users[:10])


def test_support_counts_equal_the_support_rows_and_statuses_follow_thresholds(reference: None) -> None:
    seed()

    rows = dict(Support.objects.values_list("initiative").annotate(n=Count("id")))
    for initiative in Initiative.objects.all():
        assert initiative.support_count == rows.get(initiative.pk, 0)
        if initiative.status in (COLLECTING, EXPIRED):
            assert initiative.support_count < initiative.threshold
        if initiative.status == IN_REVIEW:
            assert initiative.support_count >= initiative.threshold
    # One support per person and initiative (the unique constraint held while writing).
    assert Support.objects.values("initiative", "user").distinct().count() == Support.objects.count()


def test_agreements_have_parties_in_both_countries(reference: None) -> None:
    seed()

    for agreement in Agreement.objects.prefetch_related("parties__region", "parties__settlement__region"):
        countries = set()
        for party in agreement.parties.all():
            region = party.region or (party.settlement.region if party.settlement else None)
            if region is None:
                region = Organisation.objects.get(pk=party.organisation_id).region
            countries.add(region.country.code)
        assert countries == {"RU", "BY"}, agreement
        assert (agreement.status == AgreementStatus.DRAFT) == (agreement.signed_on is None)
    assert AgreementParty.objects.count() >= 2 * Agreement.objects.count()


def test_commitment_statuses_follow_their_reports(reference: None) -> None:
    seed()

    reports = defaultdict(list)
    for report in ProgressReport.objects.order_by("reported_on", "id"):
        reports[report.commitment_id].append(report)
    for commitment in Commitment.objects.filter(source_kind="agreement"):
        accepted = [r for r in reports[commitment.pk] if r.status == ProgressReport.ReviewStatus.ACCEPTED]
        if any(report.marks_done for report in accepted):
            assert commitment.status == Status.DONE
            assert commitment.completed_on == accepted[-1].reported_on
        else:
            assert commitment.status != Status.DONE
        values = [r.actual_value for r in accepted if r.actual_value is not None]
        assert commitment.actual_value == (values[-1] if values else None)
        if commitment.status == Status.PLANNED:
            assert not accepted
        sides = commitment.responsible_sides()
        if len(sides) == 2:
            assert sides[0].country_ids().isdisjoint(sides[1].country_ids())


def test_rerun_at_the_same_scale_changes_nothing(reference: None) -> None:
    seed()
    before = counts()

    output = seed()

    assert counts() == before
    assert "0 steps" in output


def test_an_interrupted_run_resumes_after_the_last_finished_step(reference: None) -> None:
    with pytest.raises(engine.SeedError, match="interrupted after agreements"):
        engine.run(SCALE, stdout=io.StringIO(), fail_after="agreements")
    finished = list(SeedStep.objects.values_list("name", flat=True))
    assert finished[-1] == "agreements"
    assert Agreement.objects.count() == 5
    assert Initiative.objects.count() == 0

    output = seed()

    assert counts() == EXPECTED
    assert "agreements       already done" in output


def test_another_scale_needs_a_reset(reference: None) -> None:
    seed()

    with pytest.raises(CommandError, match="seeded at scale"):
        seed(0.001)


def test_reset_removes_only_seeded_rows(reference: None, citizen: User) -> None:
    organisation = factories.OrganisationFactory.create()
    seed()

    call_command("seed_scale", "--reset", stdout=io.StringIO())

    assert list(User.objects.all()) == [citizen]
    assert list(Organisation.objects.all()) == [organisation]
    assert Support.objects.count() == Commitment.objects.count() == Agreement.objects.count() == 0
    assert Event.objects.count() == 1  # the reference forum stays
    assert not SeedStep.objects.exists()


def test_rows_created_after_seeding_get_fresh_ids(reference: None) -> None:
    """The sequences follow the explicit ids of the seeded rows (PostgreSQL resets them)."""
    seed()

    user = factories.UserFactory.create()
    organisation = factories.OrganisationFactory.create()

    assert user.pk > max(User.objects.exclude(pk=user.pk).values_list("pk", flat=True))
    assert organisation.pk > max(
        Organisation.objects.exclude(pk=organisation.pk).values_list("pk", flat=True)
    )


def test_the_same_scale_writes_the_same_data(reference: None) -> None:
    seed()
    first = list(Organisation.objects.order_by("pk").values_list("name_ru", "kind", "settlement__name_ru"))
    call_command("seed_scale", "--reset", stdout=io.StringIO())

    seed()

    assert (
        list(Organisation.objects.order_by("pk").values_list("name_ru", "kind", "settlement__name_ru"))
        == first
    )


def test_split_keeps_the_total_and_the_cap() -> None:
    import random

    shares = engine.split(2500, 50, random.Random(1), skew=0.8, cap=100)

    assert sum(shares) == 2500
    assert max(shares) <= 100


def test_steps_run_in_dependency_order() -> None:
    names = [step.name for step in engine.STEPS]

    assert names == [
        "users",
        "organisations",
        "ties",
        "events",
        "agreements",
        "projects",
        "initiatives",
        "registrations",
        "comments",
    ]


def test_seeding_moves_the_page_cache_on(reference: None, settings: Any) -> None:
    from django.core.cache import cache

    from mosty.core import pagecache

    settings.MOSTY_PAGE_CACHE_SECONDS = 60
    before = cache.get(pagecache.GENERATION_KEY)

    seed()

    assert cache.get(pagecache.GENERATION_KEY) != before
