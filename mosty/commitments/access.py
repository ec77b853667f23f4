"""Who may do what with a commitment: one predicate per action, one way to reach a commitment.

| action  | who                                                                                      |
| ------- | ---------------------------------------------------------------------------------------- |
| view    | everyone when the commitment is public; otherwise commission and admin, coordinators of  |
|         | an audience region, representatives of an audience organisation, and the responsible    |
|         | parties and their verifiers (below)                                                      |
| report  | the responsible parties of either side: representatives of a responsible organisation   |
|         | or of a co-executor, coordinators of a responsible region; commission and admin         |
| verify  | coordinators of either side's responsible region or of a responsible organisation's     |
|         | region; commission and admin. Never the report's own author (checked by the services).  |
| edit    | the same people as verify. A source app (agreements, events, ...) may also let its own  |
|         | managers edit: it passes `may_manage=True` to the services after checking its rules.    |

"Either side": a commitment where both sides act names a responsible party on the other side as
well (counterpart_organisation / counterpart_region); it has the same rights as the first one.

A commitment the user may not see answers 404, as if it did not exist: the existence of a
restricted commitment is private.
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from mosty.accounts.access import coordinated_region_id, is_active_user, is_nationwide, role_of
from mosty.commitments import selectors
from mosty.commitments.models import Commitment
from mosty.organisations.access import represented_organisation_ids
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

Action = Literal["view", "report", "verify", "edit"]

# `user` is a signed-in User or Django's AnonymousUser (or None for the system); all answer the same way.
AnyUser = Any

_active = is_active_user
_role = role_of
_coordinated_region_id = coordinated_region_id


def _co_executor_ids(commitment: Commitment) -> set[int]:
    prefetched = getattr(commitment, "_prefetched_objects_cache", {}).get("co_executors")
    if prefetched is not None:
        return {organisation.pk for organisation in prefetched}
    return set(commitment.co_executors.values_list("pk", flat=True))


def may_manage_for(
    user: AnyUser, *, organisation: Organisation | None = None, region: Region | None = None
) -> bool:
    """The engine's own rule for creating and editing a commitment of this responsible party:
    commission, admin, and coordinators of the responsible region or the organisation's region."""
    if is_nationwide(user):
        return True
    coordinated = _coordinated_region_id(user)
    if coordinated is None:
        return False
    return (region is not None and region.pk == coordinated) or (
        organisation is not None and organisation.region_id == coordinated
    )


def may_report(user: AnyUser, commitment: Commitment) -> bool:
    if is_nationwide(user):
        return True
    if not _active(user):
        return False
    coordinated = _coordinated_region_id(user)
    if coordinated is not None and coordinated in commitment.responsible_region_ids():
        return True
    organisations = represented_organisation_ids(user)
    if not organisations:
        return False
    if organisations & commitment.responsible_organisation_ids():
        return True
    return bool(organisations & _co_executor_ids(commitment))


def may_verify(user: AnyUser, commitment: Commitment) -> bool:
    if is_nationwide(user):
        return True
    coordinated = _coordinated_region_id(user)
    if coordinated is None:
        return False
    return coordinated in commitment.responsible_area_region_ids()


def may_edit(user: AnyUser, commitment: Commitment) -> bool:
    return may_verify(user, commitment)


def may_view(user: AnyUser, commitment: Commitment) -> bool:
    if commitment.is_public or is_nationwide(user):
        return True
    if not _active(user):
        return False
    if may_report(user, commitment) or may_verify(user, commitment):
        return True
    coordinated = _coordinated_region_id(user)
    if coordinated is not None and coordinated in {region.pk for region in commitment.audience_regions.all()}:
        return True
    organisations = represented_organisation_ids(user)
    return bool(organisations & {organisation.pk for organisation in commitment.audience_organisations.all()})


def _of_region(region_id: int) -> Q:
    """The commitments a region answers for on either side: named responsible, or through an organisation."""
    return (
        Q(responsible_region_id=region_id)
        | Q(responsible_organisation__region_id=region_id)
        | Q(counterpart_region_id=region_id)
        | Q(counterpart_organisation__region_id=region_id)
    )


def visible_commitments(
    user: AnyUser, commitments: QuerySet[Commitment] | None = None
) -> QuerySet[Commitment]:
    """`commitments` (all by default) narrowed to those `user` may see; every list goes through it."""
    commitments = Commitment.objects.all() if commitments is None else commitments
    if is_nationwide(user):
        return commitments
    if not _active(user):
        return commitments.filter(is_public=True)
    visible = Q(is_public=True)
    organisations = Organisation.representatives.through.objects.filter(user_id=user.pk).values(
        "organisation_id"
    )
    visible |= Q(responsible_organisation__in=organisations) | Q(counterpart_organisation__in=organisations)
    for through in (Commitment.co_executors.through, Commitment.audience_organisations.through):
        linked = through.objects.filter(organisation_id__in=organisations).values("commitment_id")
        visible |= Q(pk__in=linked)
    coordinated = _coordinated_region_id(user)
    if coordinated is not None:
        audience = Commitment.audience_regions.through.objects.filter(region_id=coordinated)
        visible |= _of_region(coordinated) | Q(pk__in=audience.values("commitment_id"))
    return commitments.filter(visible)


def responsible_commitments(user: AnyUser) -> QuerySet[Commitment]:
    """The commitments `user` answers for ("my commitments"): those of the organisations they represent
    (responsible or co-executing), and for a coordinator those of their region."""
    if not _active(user):
        return Commitment.objects.none()
    organisations = Organisation.representatives.through.objects.filter(user_id=user.pk).values(
        "organisation_id"
    )
    co_executed = Commitment.co_executors.through.objects.filter(organisation_id__in=organisations)
    mine = (
        Q(responsible_organisation__in=organisations)
        | Q(counterpart_organisation__in=organisations)
        | Q(pk__in=co_executed.values("commitment_id"))
    )
    coordinated = _coordinated_region_id(user)
    if coordinated is not None:
        mine |= _of_region(coordinated)
    return Commitment.objects.filter(mine)


_CHECKS = {"report": may_report, "verify": may_verify, "edit": may_edit}


def commitment_for_user(user: AnyUser, pk: int, *, action: Action = "view") -> Commitment:
    """The commitment with this id, if `user` may see it and do `action` with it.

    Raises Http404 when there is no such commitment or the user may not see it, and
    PermissionDenied when the user sees it but the action is not theirs to take.
    """
    try:
        commitment = selectors.commitment_detail(pk)
    except Commitment.DoesNotExist:
        raise Http404 from None
    if not may_view(user, commitment):
        raise Http404
    if action != "view" and not _CHECKS[action](user, commitment):
        raise PermissionDenied
    return commitment
