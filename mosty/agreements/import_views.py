"""Importing agreements from a spreadsheet, and exporting the agreement list in the same format.

The work is done by importing.py and exporting.py; these views parse, authorise and render. Files are
processed within the request (a file of MOSTY_MAX_UPLOAD_BYTES at most, MAX_ROWS rows per sheet).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from mosty.agreements import access, exporting, importing, selectors
from mosty.agreements.forms import AgreementFilterForm
from mosty.commitments.access import visible_commitments
from mosty.core.exports import file_response
from mosty.core.http import AuthenticatedHttpRequest
from mosty.core.uploads import DOCUMENTS_AND_IMAGES, check_upload

# What the import accepts: the two spreadsheet formats, their content checked as for any upload.
IMPORT_KINDS = {extension: DOCUMENTS_AND_IMAGES[extension] for extension in (".xlsx", ".csv")}
FORMATS = ("xlsx", "csv")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("XLSX or CSV in the template's format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        check_upload(file, allowed=IMPORT_KINDS)  # its ValidationError is the field's error
        return file


def _format(request: HttpRequest) -> str:
    chosen = request.GET.get("format", "xlsx")
    if chosen not in FORMATS:
        raise Http404
    return chosen


def _documentation() -> list[dict[str, Any]]:
    return [
        {
            "name": importing.AGREEMENTS,
            "title": exporting.AGREEMENTS_TITLE,
            "columns": importing.AGREEMENT_COLUMNS,
        },
        {"name": importing.PLAN, "title": exporting.PLAN_TITLE, "columns": importing.PLAN_COLUMNS},
    ]


@login_required
@require_http_methods(["GET", "POST"])
def agreement_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The upload form; "check" is a dry run, "import" saves when the whole file is valid."""
    user = request.user
    if not importing.may_import(user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        report = importing.import_file(
            actor=user,
            content=upload.read(),
            name=upload.name or "",
            dry_run="import" not in request.POST,
        )
    context = {
        "form": form,
        "report": report,
        "sheets": _documentation(),
        "csv_record": importing.CSV_COLUMNS[0],
        "max_rows": importing.MAX_ROWS,
    }
    return render(request, "agreements/import.html", context)


@login_required
@require_GET
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The empty template, or with ?example=1 the example, as XLSX or CSV."""
    if not importing.may_import(request.user):
        raise PermissionDenied
    chosen = _format(request)
    if request.GET.get("example"):
        content = exporting.example_xlsx() if chosen == "xlsx" else exporting.example_csv()
        return file_response(content, f"agreements-import-example.{chosen}")
    content = exporting.template_xlsx() if chosen == "xlsx" else exporting.template_csv()
    return file_response(content, f"agreements-import-template.{chosen}")


@require_GET
def agreement_export(request: HttpRequest) -> HttpResponse:
    """The agreements of the list (its filters applied, only those the reader may see) with their
    action plans, as XLSX or CSV in the import format."""
    chosen = _format(request)
    user = request.user
    filters = AgreementFilterForm(request.GET).filters()
    agreements = selectors.agreement_list(access.visible_agreements(user), filters)
    commitments = visible_commitments(user, selectors.commitments_of(agreements))
    rows = exporting.export_rows(agreements, commitments)
    content = exporting.to_xlsx(rows) if chosen == "xlsx" else exporting.to_csv(rows)
    response = file_response(content, exporting.export_filename(chosen, timezone.localdate()))
    if user.is_authenticated:
        response["Cache-Control"] = "private, no-store"  # it may hold restricted agreements
    return response
