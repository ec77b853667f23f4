"""Creating, editing and reporting on commitments through the services: permissions, validation,
optimistic locking, and the rule that only an accepted report changes the commitment."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from mosty import factories
from mosty.accounts.models import User
from mosty.commitments import services
from mosty.commitments.models import Commitment, Evidence, ProgressReport, ReportEvery, Status
from mosty.core.errors import ApplicationError
from mosty.core.models import AuditEntry, Notification
from mosty.core.uploads import FILE_CONTENT_MISMATCH, FILE_TOO_LARGE, FILE_TYPE_NOT_ALLOWED
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

D = decimal.Decimal
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _messages_in_english() -> Iterator[None]:
    """Refusals are compared with their English wording; page tests check the reader's language."""
    with translation.override("en"):
        yield


def _report(actor: User, commitment: Commitment, **fields: Any) -> ProgressReport:
    values: dict[str, Any] = {"reported_on": datetime.date.today(), "text": "Сделано"}
    values.update(fields)
    return services.report_submit(actor=actor, commitment=commitment, **values)


# --- Creating ---------------------------------------------------------------------------------------


def test_coordinator_creates_a_commitment_for_an_organisation_of_their_region(
    coordinator: User, organisation: Organisation, co_organisation: Organisation, region_by: Region
) -> None:
    commitment = services.commitment_create(
        actor=coordinator,
        source_kind="agreement",
        source_id=7,
        title="<b>Открыть</b> торговый дом",
        description="<script>alert(1)</script>Открыть торговый дом в Витебске",
        responsible_organisation=organisation,
        co_executors=[co_organisation],
        deadline=datetime.date(2027, 1, 1),
        planned_value=D("3"),
        is_public=False,
        audience_regions=[region_by],
    )
    assert commitment.title == "Открыть торговый дом"
    assert commitment.description == "Открыть торговый дом в Витебске"
    assert commitment.status == Status.PLANNED
    assert list(commitment.co_executors.all()) == [co_organisation]
    assert list(commitment.audience_regions.all()) == [region_by]
    entry = AuditEntry.objects.get(object_id=str(commitment.pk), action=AuditEntry.Action.CREATE)
    assert entry.actor == coordinator
    assert entry.changes["co_executors"] == [None, [co_organisation.pk]]


def test_coordinator_of_another_region_may_not_create_unless_the_source_app_allows(
    organisation: Organisation, other_region: Region
) -> None:
    outsider = factories.UserFactory(role="coordinator", region=other_region)
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            actor=outsider,
            source_kind="agreement",
            source_id=1,
            title="x",
            responsible_organisation=organisation,
        )
    commitment = services.commitment_create(
        actor=outsider,
        may_manage=True,  # the agreement's own rules say this user manages it
        source_kind="agreement",
        source_id=1,
        title="x",
        responsible_organisation=organisation,
    )
    assert commitment.pk is not None


def test_commitment_without_responsible_party_or_with_negative_plan_is_refused(
    commission_member: User,
) -> None:
    with pytest.raises(ValidationError) as missing:
        services.commitment_create(actor=commission_member, source_kind="agreement", source_id=1, title="x")
    assert "Name the responsible organisation or region." in str(missing.value)
    with pytest.raises(ValidationError) as negative:
        services.commitment_create(
            actor=commission_member,
            source_kind="agreement",
            source_id=1,
            title="x",
            responsible_region=factories.RegionFactory(),
            planned_value=D("-1"),
        )
    assert "planned_value" in negative.value.message_dict
    assert not Commitment.objects.exists()
    assert not AuditEntry.objects.exists()


def test_scheduled_commitment_gets_its_first_report_date(commission_member: User, region_ru: Region) -> None:
    commitment = services.commitment_create(
        actor=commission_member,
        source_kind="project",
        source_id=1,
        title="Ежеквартальный отчёт",
        responsible_region=region_ru,
        report_every=ReportEvery.QUARTER,
        today=datetime.date(2026, 1, 31),
    )
    assert commitment.next_report_due == datetime.date(2026, 4, 30)


def test_add_months_keeps_the_last_day_of_shorter_months() -> None:
    assert services.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert services.add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)


# --- Two editors ------------------------------------------------------------------------------------


def test_second_editor_gets_a_conflict_and_the_first_edit_stays(
    commitment: Commitment, coordinator: User
) -> None:
    first_view = Commitment.objects.get(pk=commitment.pk)
    second_view = Commitment.objects.get(pk=commitment.pk)
    services.commitment_update(
        actor=coordinator, commitment=first_view, expected_version=first_view.version, title="Первая правка"
    )
    with pytest.raises(ApplicationError) as conflict:
        services.commitment_update(
            actor=coordinator, commitment=second_view, expected_version=1, title="Вторая правка"
        )
    assert conflict.value.code == "conflict"
    assert conflict.value.status == 409
    assert conflict.value.message == str(services.CONFLICT)
    commitment.refresh_from_db()
    assert commitment.title == "Первая правка"
    assert commitment.version == 2
    assert AuditEntry.objects.filter(object_id=str(commitment.pk), action="update").count() == 1


def test_status_change_against_an_old_version_is_a_conflict(
    commitment: Commitment, coordinator: User
) -> None:
    services.commitment_update(actor=coordinator, commitment=commitment, expected_version=1, weight=2)
    with pytest.raises(ApplicationError) as conflict:
        services.commitment_set_status(
            actor=coordinator, commitment=commitment, status=Status.CANCELLED, expected_version=1
        )
    assert conflict.value.code == "conflict"
    commitment.refresh_from_db()
    assert commitment.status == Status.PLANNED


def test_representative_may_not_edit_the_commitment_they_report_on(
    commitment: Commitment, representative: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.commitment_update(actor=representative, commitment=commitment, expected_version=1, title="x")


# --- Reports ----------------------------------------------------------------------------------------


def test_submitted_report_changes_nothing_until_accepted(
    commitment: Commitment, representative: User, coordinator: User
) -> None:
    report = _report(representative, commitment, actual_value=D("4"))
    commitment.refresh_from_db()
    assert (commitment.actual_value, commitment.status, commitment.version) == (None, Status.PLANNED, 1)

    services.report_accept(actor=coordinator, report=report)
    commitment.refresh_from_db()
    assert commitment.actual_value == D("4")
    assert commitment.status == Status.IN_PROGRESS
    assert commitment.version == 2
    report.refresh_from_db()
    assert report.status == ProgressReport.ReviewStatus.ACCEPTED
    assert report.reviewed_by == coordinator


def test_returned_report_leaves_the_commitment_as_it_was_and_tells_the_author(
    commitment: Commitment, representative: User, coordinator: User, django_capture_on_commit_callbacks: Any
) -> None:
    report = _report(representative, commitment, actual_value=D("10"), marks_done=True)
    with pytest.raises(ValidationError):
        services.report_return(actor=coordinator, report=report, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(actor=coordinator, report=report, comment="Приложите протокол")
    commitment.refresh_from_db()
    assert (commitment.actual_value, commitment.status) == (None, Status.PLANNED)
    notification = Notification.objects.get(recipient=representative)
    assert "Приложите протокол" in notification.body
    assert [message.to for message in mail.outbox] == [[representative.email]]


def test_accepted_report_reaching_the_plan_marks_the_commitment_done_on_the_report_date(
    commitment: Commitment, co_executor_user: User, commission_member: User
) -> None:
    commitment.deadline = datetime.date.today() - datetime.timedelta(days=1)
    commitment.save()
    reported = datetime.date.today()
    report = _report(co_executor_user, commitment, actual_value=D("12"), reported_on=reported)
    services.report_accept(actor=commission_member, report=report)
    commitment.refresh_from_db()
    assert commitment.status == Status.DONE
    assert commitment.completed_on == reported
    assert commitment.done_late


def test_report_saying_done_marks_a_commitment_without_a_plan_done(
    region_ru: Region, coordinator: User, commission_member: User
) -> None:
    commitment = factories.CommitmentFactory(responsible_organisation=None, responsible_region=region_ru)
    report = _report(coordinator, commitment, marks_done=True)
    services.report_accept(actor=commission_member, report=report)
    commitment.refresh_from_db()
    assert commitment.status == Status.DONE


def test_a_report_is_not_verified_by_its_own_author(region_ru: Region, coordinator: User) -> None:
    commitment = factories.CommitmentFactory(responsible_organisation=None, responsible_region=region_ru)
    report = _report(coordinator, commitment)
    with pytest.raises(PermissionDenied):
        services.report_accept(actor=coordinator, report=report)


def test_a_report_is_verified_once(commitment: Commitment, representative: User, coordinator: User) -> None:
    report = _report(representative, commitment)
    services.report_accept(actor=coordinator, report=report)
    with pytest.raises(ApplicationError) as again:
        services.report_return(actor=coordinator, report=report, comment="Нет")
    assert again.value.code == "already_reviewed"


def test_no_reports_on_a_cancelled_commitment(commitment: Commitment, representative: User) -> None:
    Commitment.objects.filter(pk=commitment.pk).update(status=Status.CANCELLED)
    commitment.refresh_from_db()
    with pytest.raises(ApplicationError) as closed:
        _report(representative, commitment)
    assert closed.value.code == "commitment_closed"


def test_report_dated_in_the_future_or_with_a_bad_link_is_refused(
    commitment: Commitment, representative: User
) -> None:
    with pytest.raises(ValidationError) as future:
        _report(representative, commitment, reported_on=datetime.date.today() + datetime.timedelta(days=1))
    assert "reported_on" in future.value.message_dict
    with pytest.raises(ValidationError) as link:
        _report(representative, commitment, links=["javascript:alert(1)"])
    assert "links" in link.value.message_dict
    assert not ProgressReport.objects.exists()


def test_report_on_a_schedule_moves_the_next_report_date(region_ru: Region, coordinator: User) -> None:
    today = datetime.date.today()
    commitment = factories.CommitmentFactory(
        responsible_organisation=None,
        responsible_region=region_ru,
        report_every=ReportEvery.MONTH,
        next_report_due=today,
    )
    _report(coordinator, commitment, reported_on=today)
    commitment.refresh_from_db()
    assert commitment.next_report_due == services.add_months(today, 1)
    assert commitment.version == 1  # bookkeeping, not an edit: an editor's open form stays valid


# --- Evidence ---------------------------------------------------------------------------------------


def test_evidence_files_are_stored_with_their_checked_type(
    commitment: Commitment, representative: User, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    files = [
        SimpleUploadedFile("Протокол.pdf", PDF, content_type="application/octet-stream"),
        SimpleUploadedFile("photo.PNG", PNG, content_type="image/png"),
        SimpleUploadedFile("итоги.csv", "предприятие;число\nлён;12\n".encode(), content_type="text/csv"),
    ]
    report = _report(representative, commitment, files=files)
    evidence = list(report.evidence.order_by("pk"))
    assert [(item.original_name, item.content_type) for item in evidence] == [
        ("Протокол.pdf", "application/pdf"),
        ("photo.PNG", "image/png"),
        ("итоги.csv", "text/csv; charset=utf-8"),
    ]
    assert evidence[0].file.name.startswith("evidence/")
    assert "Протокол" not in evidence[0].file.name  # stored under a random name


def test_a_program_named_pdf_is_refused_and_nothing_is_saved(
    commitment: Commitment, representative: User, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as refused:
        _report(representative, commitment, files=[SimpleUploadedFile("report.pdf", EXE)])
    assert refused.value.message_dict["files"] == [str(FILE_CONTENT_MISMATCH % {"name": "report.pdf"})]
    assert not ProgressReport.objects.exists()
    assert not Evidence.objects.exists()


def test_a_forbidden_type_is_refused(commitment: Commitment, representative: User) -> None:
    with pytest.raises(ValidationError) as refused:
        _report(representative, commitment, files=[SimpleUploadedFile("setup.exe", EXE)])
    assert refused.value.message_dict["files"] == [str(FILE_TYPE_NOT_ALLOWED % {"name": "setup.exe"})]


def test_a_file_over_the_size_limit_is_refused(
    commitment: Commitment, representative: User, settings: Any
) -> None:
    settings.MOSTY_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        _report(representative, commitment, files=[SimpleUploadedFile("big.pdf", PDF + b"0" * 2000)])
    message = refused.value.message_dict["files"][0]
    assert message == str(FILE_TOO_LARGE % {"name": "big.pdf", "size": "2.0\xa0KB", "limit": "1.0\xa0KB"})


def test_text_that_is_not_utf8_is_refused(commitment: Commitment, representative: User) -> None:
    with pytest.raises(ValidationError):
        _report(representative, commitment, files=[SimpleUploadedFile("notes.txt", "текст".encode("cp1251"))])


# --- Audience -------------------------------------------------------------------------------------


def test_source_sets_the_audience_of_all_its_commitments(
    commitment: Commitment, region_by: Region, co_organisation: Organisation
) -> None:
    other = factories.CommitmentFactory(source_kind="agreement", source_id=commitment.source_id)
    unrelated = factories.CommitmentFactory(source_kind="agreement", source_id=commitment.source_id + 1)
    changed = services.commitments_set_audience(
        source_kind="agreement",
        source_id=commitment.source_id,
        is_public=False,
        regions=[region_by],
        organisations=[co_organisation],
    )
    assert changed == 2
    for item in (commitment, other):
        item.refresh_from_db()
        assert not item.is_public
        assert list(item.audience_regions.all()) == [region_by]
    unrelated.refresh_from_db()
    assert unrelated.is_public
    assert (
        services.commitments_set_audience(
            source_kind="agreement",
            source_id=commitment.source_id,
            is_public=False,
            regions=[region_by],
            organisations=[co_organisation],
        )
        == 0
    )


def test_coordinator_may_not_hand_a_commitment_to_another_regions_organisation(
    commitment: Commitment, coordinator: User, other_organisation: Organisation
) -> None:
    with pytest.raises(PermissionDenied):
        services.commitment_update(
            actor=coordinator,
            commitment=commitment,
            expected_version=1,
            responsible_organisation=other_organisation,
        )
    commitment.refresh_from_db()
    assert commitment.responsible_organisation != other_organisation
    assert commitment.version == 1
