"""Who may do what with a project: one predicate per action, one way to reach a project.

| action | who                                                                                       |
| ------ | ----------------------------------------------------------------------------------------- |
| view   | everyone when the project is public; a restricted one: commission and admin, coordinators |
|        | of a partner's region (the region itself, or the region of a partner settlement or       |
|        | organisation), representatives of a partner organisation                                  |
| edit   | commission and admin; coordinators of a partner's region; representatives of the lead    |
|        | organisation: the project's fields, status, partners, milestones and related agreements  |
| create | commission and admin; a coordinator when a partner is in their region; a representative   |
|        | when the organisation they represent leads the project                                    |

A restricted project the user may not see answers 404, as if it did not exist: its existence is
private. Its milestones follow the same rule through the audience the services give them (see
services.sync_milestone_audience).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from mosty.accounts.access import coordinated_region_id, is_active_user, is_nationwide, role_of
from mosty.organisations.access import own_party_q, represented_organisation_ids
from mosty.projects import selectors
from mosty.projects.models import PartnerRole, Project, ProjectPartner, Visibility

Action = Literal["view", "edit"]
AnyUser = Any

_active = is_active_user
_role = role_of
_coordinated_region_id = coordinated_region_id


def partner_region_ids(partners: Iterable[ProjectPartner]) -> set[int]:
    """The regions the partners belong to (needs the partners' settlement and organisation loaded)."""
    return {region_id for partner in partners if (region_id := partner.region_id_of_partner) is not None}


def partner_organisation_ids(partners: Iterable[ProjectPartner], *, lead_only: bool = False) -> set[int]:
    return {
        partner.organisation_id
        for partner in partners
        if partner.organisation_id is not None and (not lead_only or partner.role == PartnerRole.LEAD)
    }


def _partners(project: Project) -> list[ProjectPartner]:
    return list(project.partners.all())  # prefetched by selectors.project_detail


def may_create(user: AnyUser) -> bool:
    """Whether the user may open the create page at all; the partners are checked per project."""
    return (
        is_nationwide(user)
        or _coordinated_region_id(user) is not None
        or bool(represented_organisation_ids(user))
    )


def may_write_with(user: AnyUser, *, region_ids: Iterable[int], lead_organisation_ids: Iterable[int]) -> bool:
    """Whether the user may keep a project whose partners belong to these regions and which these
    organisations lead."""
    if is_nationwide(user):
        return True
    coordinated = _coordinated_region_id(user)
    if coordinated is not None and coordinated in set(region_ids):
        return True
    return bool(represented_organisation_ids(user) & set(lead_organisation_ids))


def may_edit(user: AnyUser, project: Project) -> bool:
    partners = _partners(project)
    return may_write_with(
        user,
        region_ids=partner_region_ids(partners),
        lead_organisation_ids=partner_organisation_ids(partners, lead_only=True),
    )


def may_view(user: AnyUser, project: Project) -> bool:
    if project.visibility == Visibility.PUBLIC or is_nationwide(user):
        return True
    if not _active(user):
        return False
    partners = _partners(project)
    coordinated = _coordinated_region_id(user)
    if coordinated is not None and coordinated in partner_region_ids(partners):
        return True
    return bool(represented_organisation_ids(user) & partner_organisation_ids(partners))


def may_see_history(user: AnyUser, project: Project) -> bool:
    return _active(user) and bool(user.is_staff_role) and may_view(user, project)


def visible_projects(user: AnyUser, projects: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """`projects` (all by default) narrowed to those `user` may see; every list goes through it."""
    projects = Project.objects.all() if projects is None else projects
    if is_nationwide(user):
        return projects
    public = Q(visibility=Visibility.PUBLIC)
    if not _active(user):
        return projects.filter(public)
    partners = ProjectPartner.objects.filter(own_party_q(user)).values("project_id")
    return projects.filter(public | Q(pk__in=partners))


_CHECKS = {"edit": may_edit}


def project_for_user(user: AnyUser, pk: int, *, action: Action = "view") -> Project:
    """The project with this id, if `user` may see it and do `action` with it.

    Raises Http404 when there is no such project or the user may not see it, and
    PermissionDenied when the user sees it but the action is not theirs to take."""
    try:
        project = selectors.project_detail(pk)
    except Project.DoesNotExist:
        raise Http404 from None
    if not may_view(user, project):
        raise Http404
    if action != "view" and not _CHECKS[action](user, project):
        raise PermissionDenied
    return project
