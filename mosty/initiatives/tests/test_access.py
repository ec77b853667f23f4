"""Who may see, edit, support, answer and rate an initiative in each status: the matrix of access.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.initiatives import access
from mosty.initiatives.models import Initiative, InitiativeStatus, Support
from mosty.organisations.models import Organisation

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "unconfirmed",
    "outsider",
    "author",
    "coauthor",
    "supporter",
    "body",
    "moderator",
    "commission",
)


@pytest.fixture
def cast(
    draft: Initiative,
    author: User,
    body_user: User,
    body: Organisation,
    moderator: User,
    commission_member: User,
) -> dict[str, Any]:
    coauthor = factories.UserFactory.create()
    draft.coauthors.create(user=coauthor)
    supporter = factories.UserFactory.create()
    Support.objects.create(initiative=draft, user=supporter, region=draft.regions.first())
    draft.body = body
    return {
        "anonymous": AnonymousUser(),
        "unconfirmed": factories.UserFactory.create(verified_email=False),
        "outsider": factories.UserFactory.create(role=Role.REPRESENTATIVE),
        "author": author,
        "coauthor": coauthor,
        "supporter": supporter,
        "body": body_user,
        "moderator": moderator,
        "commission": commission_member,
    }


def _store(initiative: Initiative, status: str) -> None:
    """Write the status as stored rows have it (a forwarded one has its body and registration date)."""
    import datetime

    initiative.status = status
    Initiative.objects.filter(pk=initiative.pk).update(
        status=status,
        body=initiative.body,
        forwarded_on=datetime.date(2026, 3, 2),
        answer_due=datetime.date(2026, 4, 1),
    )


def _row(predicate: Any, cast: dict[str, Any], initiative: Initiative) -> set[str]:
    return {name for name in ACTORS if predicate(cast[name], initiative)}


EVERYONE = set(ACTORS)
AUTHORS = {"author", "coauthor"}
CONFIRMED = EVERYONE - {"anonymous", "unconfirmed"}

VIEW = {
    InitiativeStatus.DRAFT: AUTHORS | {"moderator", "commission"},
    InitiativeStatus.SUBMITTED: AUTHORS | {"moderator", "commission"},
    InitiativeStatus.RETURNED: AUTHORS | {"moderator", "commission"},
    InitiativeStatus.REJECTED: AUTHORS | {"moderator", "commission"},
    **dict.fromkeys(
        (
            InitiativeStatus.COLLECTING,
            InitiativeStatus.IN_REVIEW,
            InitiativeStatus.FORWARDED,
            InitiativeStatus.CLOSED,
        ),
        EVERYONE,
    ),
}


@pytest.mark.parametrize("status", list(VIEW))
def test_who_sees_an_initiative_in_each_status(status: str, draft: Initiative, cast: dict[str, Any]) -> None:
    _store(draft, status)
    assert _row(access.may_view, cast, draft) == VIEW[status]
    for name in ACTORS:
        if name in VIEW[status]:
            assert access.initiative_for_user(cast[name], draft.pk).pk == draft.pk
        else:
            with pytest.raises(Http404):
                access.initiative_for_user(cast[name], draft.pk)
    visible = {name for name in ACTORS if access.visible_initiatives(cast[name]).filter(pk=draft.pk).exists()}
    assert visible == VIEW[status]


@pytest.mark.parametrize(
    ("status", "editors"),
    [
        (InitiativeStatus.DRAFT, AUTHORS),
        (InitiativeStatus.RETURNED, AUTHORS),
        (InitiativeStatus.SUBMITTED, set()),
        (InitiativeStatus.COLLECTING, set()),
    ],
)
def test_who_edits(status: str, editors: set[str], draft: Initiative, cast: dict[str, Any]) -> None:
    draft.status = status
    assert _row(access.may_edit, cast, draft) == editors


@pytest.mark.parametrize(
    ("status", "supporters"),
    [
        (InitiativeStatus.COLLECTING, CONFIRMED),
        (InitiativeStatus.IN_REVIEW, set()),
        (InitiativeStatus.DRAFT, set()),
    ],
)
def test_who_supports(status: str, supporters: set[str], draft: Initiative, cast: dict[str, Any]) -> None:
    draft.status = status
    assert _row(access.may_support, cast, draft) == supporters


@pytest.mark.parametrize(
    ("status", "answerers"),
    [
        (InitiativeStatus.FORWARDED, {"body", "commission"}),
        (InitiativeStatus.ANSWERED, set()),
        (InitiativeStatus.IN_REVIEW, set()),
    ],
)
def test_who_answers(status: str, answerers: set[str], draft: Initiative, cast: dict[str, Any]) -> None:
    draft.status = status
    assert _row(access.may_answer, cast, draft) == answerers
    if status == InitiativeStatus.FORWARDED:
        _store(draft, status)
        with pytest.raises(PermissionDenied):
            access.initiative_for_user(cast["outsider"], draft.pk, action="answer")


@pytest.mark.parametrize(
    ("status", "readers"),
    [
        (InitiativeStatus.ANSWERED, {"body", "commission"}),
        (InitiativeStatus.PUBLISHED, EVERYONE),
        (InitiativeStatus.FORWARDED, set()),
    ],
)
def test_who_reads_the_answer(
    status: str, readers: set[str], draft: Initiative, cast: dict[str, Any]
) -> None:
    draft.status = status
    assert _row(access.may_see_answer, cast, draft) == readers


@pytest.mark.parametrize(
    ("status", "raters"),
    [
        (InitiativeStatus.PUBLISHED, AUTHORS | {"supporter"}),
        (InitiativeStatus.CLOSED, AUTHORS | {"supporter"}),
        (InitiativeStatus.ANSWERED, set()),
    ],
)
def test_who_rates(status: str, raters: set[str], draft: Initiative, cast: dict[str, Any]) -> None:
    draft.status = status
    assert _row(access.may_rate, cast, draft) == raters
