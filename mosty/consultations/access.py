"""Who may do what with a consultation. Consultations are public: everyone reads the draft, its
comments and the table of answers.

| action   | who                                                                                     |
| -------- | --------------------------------------------------------------------------------------- |
| view     | everyone                                                                                |
| create   | commission members, administrators, regional coordinators, organisation representatives |
| manage   | the organiser, commission members and administrators: publish versions, answer comments |
| comment  | registered users with a confirmed e-mail, while the consultation is open (comments app)  |
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from mosty.accounts.access import coordinated_region_id, is_active_user, is_nationwide, role_of
from mosty.accounts.models import Role
from mosty.consultations.models import Consultation, Paragraph

Action = Literal["view", "manage"]


def may_create(user: Any) -> bool:
    return (
        is_nationwide(user) or coordinated_region_id(user) is not None or role_of(user) == Role.REPRESENTATIVE
    )


def may_manage(user: Any, consultation: Consultation) -> bool:
    if not is_active_user(user):
        return False
    return is_nationwide(user) or consultation.organiser_id == user.pk


def consultation_for_user(user: Any, pk: int, *, action: Action = "view") -> Consultation:
    consultation = Consultation.objects.select_related("organiser", "organisation").filter(pk=pk).first()
    if consultation is None:
        raise Http404
    if action == "manage" and not may_manage(user, consultation):
        raise PermissionDenied
    return consultation


def paragraph_for_user(user: Any, pk: int) -> Paragraph:
    paragraph = (
        Paragraph.objects.select_related("section", "version__consultation__organiser").filter(pk=pk).first()
    )
    if paragraph is None:
        raise Http404
    return paragraph
