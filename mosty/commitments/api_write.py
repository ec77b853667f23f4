"""Progress reports and their verification through the JSON API, with a token (mosty.api.auth),
through the same services and access checks as the commitment's page.

- `POST /api/v1/commitments/{id}/reports`: a progress report by the responsible party
  (services.report_submit): date, text, actual value, "fulfilled", links. Evidence files are
  uploaded on the commitment's page only: the API takes no files.
- `POST /api/v1/reports/{id}/accept` and `POST /api/v1/reports/{id}/return`: the verifier's
  decision (services.report_accept / report_return); returning needs a comment.

Answers: 401 without a working token, 403 when the token's user may not do this, 404 for a
commitment or report they may not see, 400 with `details` per field, and the services' refusals
(`commitment_closed`, `already_reviewed`) in the error shape.

The operations are added to the read router of mosty.commitments.api (one view per path).
"""

# No `from __future__ import annotations`: django-ninja reads these annotations at import time.

import datetime
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Path, Schema, Status

from mosty.api.auth import TOKEN_AUTH, WRITE_THROTTLE
from mosty.commitments import access, services
from mosty.commitments.api import MAX_ID, ReportOut, router
from mosty.commitments.models import LINKS_MAX, TEXT_MAX_LENGTH, ProgressReport

__all__ = ["router"]


class ReportIn(Schema):
    reported_on: datetime.date | None = Field(None, description="The report's date; today if not given")
    text: str = Field(..., min_length=1, max_length=TEXT_MAX_LENGTH, description="What has been done")
    actual_value: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    marks_done: bool = Field(False, description="true: once accepted, the commitment counts as done")
    links: list[str] = Field(default_factory=list, max_length=LINKS_MAX, description="http(s) addresses")


class ReviewIn(Schema):
    comment: str = Field("", max_length=TEXT_MAX_LENGTH)


class ReturnIn(Schema):
    comment: str = Field(..., min_length=1, max_length=TEXT_MAX_LENGTH, description="What is to be corrected")


class ReportWriteOut(ReportOut):
    commitment: int

    @staticmethod
    def resolve_commitment(obj: ProgressReport) -> int:
        return obj.commitment_id


def _report_to_verify(request: HttpRequest, pk: int) -> ProgressReport:
    """The report, if its commitment is one the user sees (else 404) and may verify (else 403)."""
    report = ProgressReport.objects.filter(pk=pk).first()
    if report is None:
        raise Http404
    report.commitment = access.commitment_for_user(request.user, report.commitment_id, action="verify")
    return report


def _shown(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.prefetch_related("evidence").get(pk=report.pk)


@router.post(
    "commitments/{id}/reports",
    response={201: ReportWriteOut},
    auth=TOKEN_AUTH,
    throttle=WRITE_THROTTLE,
    summary="Report progress on a commitment",
)
def report_create(
    request: HttpRequest, payload: ReportIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[ProgressReport]:
    """A progress report by the responsible party (representatives of the responsible or a
    co-executing organisation, the responsible region's coordinator, the commission). It waits for
    verification; only an accepted report changes the commitment. No files through the API."""
    commitment = access.commitment_for_user(request.user, id, action="report")
    report = services.report_submit(
        actor=request.user,  # type: ignore[arg-type]
        commitment=commitment,
        reported_on=payload.reported_on or timezone.localdate(),
        text=payload.text,
        actual_value=payload.actual_value,
        marks_done=payload.marks_done,
        links=payload.links,
    )
    return Status(201, _shown(report))


@router.post(
    "reports/{id}/accept",
    response=ReportWriteOut,
    auth=TOKEN_AUTH,
    throttle=WRITE_THROTTLE,
    summary="Accept a progress report",
)
def report_accept(
    request: HttpRequest, payload: ReviewIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> ProgressReport:
    """Accept the report (a coordinator of the commitment's region or the commission, never its
    author): the commitment takes its actual value, and is done when the report says so."""
    report = _report_to_verify(request, id)
    services.report_accept(actor=request.user, report=report, comment=payload.comment)  # type: ignore[arg-type]
    return _shown(report)


@router.post(
    "reports/{id}/return",
    response=ReportWriteOut,
    auth=TOKEN_AUTH,
    throttle=WRITE_THROTTLE,
    summary="Return a progress report to its author",
)
def report_return(
    request: HttpRequest, payload: ReturnIn, id: int = Path(..., ge=1, le=MAX_ID)
) -> ProgressReport:
    """Send the report back with what is to be corrected; the commitment does not change."""
    report = _report_to_verify(request, id)
    services.report_return(actor=request.user, report=report, comment=payload.comment)  # type: ignore[arg-type]
    return _shown(report)
