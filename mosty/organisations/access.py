"""Who may do what with an organisation: one predicate per action, one way to reach an organisation.

| action                  | who                                                                     |
| ----------------------- | ----------------------------------------------------------------------- |
| view                    | everyone, signed in or not (every organisation is public)               |
| create                  | coordinator in their region; representative anywhere (and becomes one   |
|                         | of its representatives); commission and admin anywhere                  |
| edit                    | the organisation's representatives; coordinators of its region;         |
|                         | commission; admin. A coordinator keeps it in their region.              |
| verify / unverify       | moderator, commission, admin; coordinator in their region               |
| add a representative    | coordinator of its region, commission, admin                            |
| delete                  | commission, admin                                                       |
| see history and         | any staff role, and the organisation's own representatives              |
| representatives' names  |                                                                         |
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from mosty.accounts.access import coordinated_region_id, is_active_user, role_of
from mosty.accounts.models import Role
from mosty.organisations import selectors
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

Action = Literal["view", "edit", "verify", "delete"]

# `user` is a signed-in User or Django's AnonymousUser; both answer is_authenticated.
AnyUser = Any


_active = is_active_user
_role = role_of

# Where the ids of the organisations a user represents are kept for the rest of the request.
_ORGANISATIONS_CACHE = "_mosty_represented_organisation_ids"


def represented_organisation_ids(user: AnyUser) -> frozenset[int]:
    """The organisations `user` represents: one query, then remembered on the user object."""
    if not _active(user):
        return frozenset()
    cached = getattr(user, _ORGANISATIONS_CACHE, None)
    if cached is None:
        through = Organisation.representatives.through.objects
        cached = frozenset(through.filter(user_id=user.pk).values_list("organisation_id", flat=True))
        setattr(user, _ORGANISATIONS_CACHE, cached)
    return cached


def own_party_q(user: AnyUser) -> Q:
    """Rows naming a region, a settlement or an organisation (agreement parties, project partners)
    that are the user's own: in the region they coordinate, or an organisation they represent."""
    mine = Q()
    coordinated = coordinated_region_id(user)
    if coordinated is not None:
        mine |= (
            Q(region_id=coordinated)
            | Q(settlement__region_id=coordinated)
            | Q(organisation__region_id=coordinated)
        )
    organisations = Organisation.representatives.through.objects.filter(user_id=user.pk).values(
        "organisation_id"
    )
    return mine | Q(organisation_id__in=organisations)


def is_representative_of(user: AnyUser, organisation: Organisation) -> bool:
    """Whether `user` is one of the organisation's representatives; uses prefetched rows when present."""
    if not _active(user) or organisation.pk is None:
        return False
    prefetched = getattr(organisation, "_prefetched_objects_cache", {}).get("representatives")
    if prefetched is not None:
        return any(member.pk == user.pk for member in prefetched)
    return organisation.representatives.filter(pk=user.pk).exists()


def may_create_organisation(user: AnyUser, region: Region) -> bool:
    role = _role(user)
    if role in (Role.COMMISSION, Role.ADMIN, Role.REPRESENTATIVE):
        return True
    return role == Role.COORDINATOR and user.region_id == region.pk


def may_create_any_organisation(user: AnyUser) -> bool:
    """Whether the user may create an organisation in at least one region (the create page)."""
    return _role(user) in (Role.COMMISSION, Role.ADMIN, Role.REPRESENTATIVE, Role.COORDINATOR)


def may_edit_organisation(user: AnyUser, organisation: Organisation) -> bool:
    role = _role(user)
    if role is None:
        return False
    if role in (Role.COMMISSION, Role.ADMIN) or user.coordinates(organisation.region_id):
        return True
    return is_representative_of(user, organisation)


def may_place_organisation(user: AnyUser, organisation: Organisation, region: Region) -> bool:
    """Whether an editor may put the organisation in `region`: a coordinator keeps it in theirs."""
    role = _role(user)
    if role in (Role.COMMISSION, Role.ADMIN) or is_representative_of(user, organisation):
        return True
    return role == Role.COORDINATOR and user.region_id == region.pk


def may_verify_organisation(user: AnyUser, organisation: Organisation) -> bool:
    role = _role(user)
    if role in (Role.MODERATOR, Role.COMMISSION, Role.ADMIN):
        return True
    return role == Role.COORDINATOR and user.coordinates(organisation.region_id)


def may_manage_representatives(user: AnyUser, organisation: Organisation) -> bool:
    role = _role(user)
    if role in (Role.COMMISSION, Role.ADMIN):
        return True
    return role == Role.COORDINATOR and user.coordinates(organisation.region_id)


def may_delete_organisation(user: AnyUser, organisation: Organisation) -> bool:
    return _role(user) in (Role.COMMISSION, Role.ADMIN)


def may_see_internals(user: AnyUser, organisation: Organisation) -> bool:
    """The change history and the representatives' names: staff and the organisation's own people."""
    if not _active(user):
        return False
    return bool(user.is_staff_role) or is_representative_of(user, organisation)


_CHECKS = {
    "edit": may_edit_organisation,
    "verify": may_verify_organisation,
    "delete": may_delete_organisation,
}


def organisation_for_user(user: AnyUser, pk: int, *, action: Action = "view") -> Organisation:
    """The organisation with this id, if `user` may do `action` with it.

    Raises Http404 when there is no such organisation (all are public, so existence is no secret)
    and PermissionDenied when the action is not the user's to take.
    """
    try:
        organisation = selectors.organisation_detail(pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if action != "view" and not _CHECKS[action](user, organisation):
        raise PermissionDenied
    return organisation


def regions_for_placement(user: AnyUser, organisation: Organisation | None = None) -> QuerySet[Region]:
    """The regions the user may put an organisation in, offered by the create and edit forms."""
    regions = Region.objects.select_related("country")
    role = _role(user)
    if role in (Role.COMMISSION, Role.ADMIN):
        return regions
    if organisation is None and role == Role.REPRESENTATIVE:
        return regions
    if organisation is not None and is_representative_of(user, organisation):
        return regions
    if role == Role.COORDINATOR:
        return regions.filter(pk=user.region_id)
    return regions.none()
