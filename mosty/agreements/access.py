"""Who may do what with an agreement: one predicate per action, one way to reach an agreement.

| action  | who                                                                                      |
| ------- | ---------------------------------------------------------------------------------------- |
| view    | everyone when the agreement is public; a restricted one: commission and admin,          |
|         | coordinators of a party's region (the region itself, or the region of a party           |
|         | settlement or organisation), representatives of a party organisation                    |
| edit    | commission and admin; coordinators of a party's region: the agreement's fields, status, |
|         | parties, documents and action plan                                                       |
| manage  | commission and admin: what only the commission decides (see the change history)         |
| create  | commission and admin; a coordinator when one of the parties is in their region           |

A restricted agreement the user may not see answers 404, as if it did not exist: its existence is
private. Its documents and its commitments follow the same rule (the commitments through the
audience the services give them, see services.sync_commitment_audience).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from mosty.accounts.access import coordinated_region_id, is_active_user, is_nationwide, role_of
from mosty.agreements import selectors
from mosty.agreements.models import Agreement, AgreementParty, Visibility
from mosty.organisations.access import own_party_q, represented_organisation_ids

Action = Literal["view", "edit", "manage"]
AnyUser = Any

_active = is_active_user
_role = role_of
_coordinated_region_id = coordinated_region_id


def party_region_ids(parties: Iterable[AgreementParty]) -> set[int]:
    """The regions the parties belong to (needs the parties' settlement and organisation loaded)."""
    return {region_id for party in parties if (region_id := party.region_id_of_party) is not None}


def party_organisation_ids(parties: Iterable[AgreementParty]) -> set[int]:
    return {party.organisation_id for party in parties if party.organisation_id is not None}


def _parties(agreement: Agreement) -> list[AgreementParty]:
    return list(agreement.parties.all())  # prefetched by selectors.agreement_detail


def may_create(user: AnyUser) -> bool:
    """Whether the user may open the create page at all; the parties are checked per agreement."""
    return is_nationwide(user) or _coordinated_region_id(user) is not None


def may_write_with_regions(user: AnyUser, region_ids: Iterable[int]) -> bool:
    """Whether the user may keep an agreement whose parties belong to these regions."""
    if is_nationwide(user):
        return True
    coordinated = _coordinated_region_id(user)
    return coordinated is not None and coordinated in set(region_ids)


def may_edit(user: AnyUser, agreement: Agreement) -> bool:
    return may_write_with_regions(user, party_region_ids(_parties(agreement)))


def may_manage(user: AnyUser, agreement: Agreement) -> bool:
    return is_nationwide(user)


def may_view(user: AnyUser, agreement: Agreement) -> bool:
    if agreement.visibility == Visibility.PUBLIC or is_nationwide(user):
        return True
    if not _active(user):
        return False
    parties = _parties(agreement)
    coordinated = _coordinated_region_id(user)
    if coordinated is not None and coordinated in party_region_ids(parties):
        return True
    return bool(represented_organisation_ids(user) & party_organisation_ids(parties))


def may_see_history(user: AnyUser, agreement: Agreement) -> bool:
    return _active(user) and bool(user.is_staff_role) and may_view(user, agreement)


def visible_agreements(user: AnyUser, agreements: QuerySet[Agreement] | None = None) -> QuerySet[Agreement]:
    """`agreements` (all by default) narrowed to those `user` may see; every list goes through it."""
    agreements = Agreement.objects.all() if agreements is None else agreements
    if is_nationwide(user):
        return agreements
    public = Q(visibility=Visibility.PUBLIC)
    if not _active(user):
        return agreements.filter(public)
    parties = AgreementParty.objects.filter(own_party_q(user)).values("agreement_id")
    return agreements.filter(public | Q(pk__in=parties))


_CHECKS = {"edit": may_edit, "manage": may_manage}


def agreement_for_user(user: AnyUser, pk: int, *, action: Action = "view") -> Agreement:
    """The agreement with this id, if `user` may see it and do `action` with it.

    Raises Http404 when there is no such agreement or the user may not see it, and
    PermissionDenied when the user sees it but the action is not theirs to take."""
    try:
        agreement = selectors.agreement_detail(pk)
    except Agreement.DoesNotExist:
        raise Http404 from None
    if not may_view(user, agreement):
        raise Http404
    if action != "view" and not _CHECKS[action](user, agreement):
        raise PermissionDenied
    return agreement
