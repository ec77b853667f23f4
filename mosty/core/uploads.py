"""Checking an uploaded file before it is stored: its size, and its type by the name's extension AND
by the first bytes of its content (a renamed program is refused even when it is called "report.pdf").

    checked = check_upload(uploaded_file)          # raises ValidationError, in the user's language
    Evidence(file=uploaded_file, original_name=checked.name, size=checked.size,
             content_type=checked.content_type)

The content type stored and later sent back is the one the extension implies, never the one the
browser claimed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

FILE_TOO_LARGE = _("The file “%(name)s” is %(size)s; files of at most %(limit)s are accepted.")
FILE_EMPTY = _("The file “%(name)s” is empty.")
FILE_TYPE_NOT_ALLOWED = _(
    "Files like “%(name)s” are not accepted. Accepted are: PDF, images (PNG, JPEG, GIF, WebP), "
    "office documents (DOCX, XLSX, ODT, ODS, DOC, XLS) and plain text (TXT, CSV)."
)
FILE_CONTENT_MISMATCH = _("The file “%(name)s” is not what its name says it is, so it is not accepted.")

# What a file of each family starts with.
PDF = "pdf"
PNG = "png"
JPEG = "jpeg"
GIF = "gif"
WEBP = "webp"
ZIP = "zip"  # DOCX, XLSX, ODT, ODS are zip archives
OLE = "ole"  # DOC and XLS are OLE compound documents
TEXT = "text"  # plain text and CSV: no signature, the content must be UTF-8


@dataclass(frozen=True)
class FileKind:
    family: str
    content_type: str


# Extension → the family its content must belong to and the content type it is served with.
DOCUMENTS_AND_IMAGES: dict[str, FileKind] = {
    ".pdf": FileKind(PDF, "application/pdf"),
    ".png": FileKind(PNG, "image/png"),
    ".jpg": FileKind(JPEG, "image/jpeg"),
    ".jpeg": FileKind(JPEG, "image/jpeg"),
    ".gif": FileKind(GIF, "image/gif"),
    ".webp": FileKind(WEBP, "image/webp"),
    ".docx": FileKind(ZIP, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": FileKind(ZIP, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".odt": FileKind(ZIP, "application/vnd.oasis.opendocument.text"),
    ".ods": FileKind(ZIP, "application/vnd.oasis.opendocument.spreadsheet"),
    ".doc": FileKind(OLE, "application/msword"),
    ".xls": FileKind(OLE, "application/vnd.ms-excel"),
    ".txt": FileKind(TEXT, "text/plain; charset=utf-8"),
    ".csv": FileKind(TEXT, "text/csv; charset=utf-8"),
}


def _matches(family: str, head: bytes) -> bool:
    if family == PDF:
        return head.startswith(b"%PDF")
    if family == PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if family == JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if family == GIF:
        return head.startswith((b"GIF87a", b"GIF89a"))
    if family == WEBP:
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if family == ZIP:
        return head.startswith(b"PK\x03\x04")
    if family == OLE:
        return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    return False


def _is_text(file: UploadedFile) -> bool:
    """UTF-8 (with or without a byte-order mark) and no NUL byte, which no text file contains."""
    file.seek(0)
    content = file.read()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the name as the user's computer called it, without any folder
    size: int
    content_type: str


def check_upload(
    file: UploadedFile,
    *,
    max_bytes: int | None = None,
    allowed: dict[str, FileKind] | None = None,
) -> CheckedUpload:
    """What the file is, if it is acceptable; ValidationError (codes file_too_large, file_empty,
    file_type_not_allowed, file_content_mismatch) otherwise. Leaves the file positioned at its start."""
    allowed = DOCUMENTS_AND_IMAGES if allowed is None else allowed
    limit = settings.MOSTY_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    name = os.path.basename((file.name or "").replace("\\", "/"))[:255]
    size = file.size or 0
    params = {"name": name}
    if size > limit:
        raise ValidationError(
            FILE_TOO_LARGE,
            code="file_too_large",
            params={**params, "size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    if size == 0:
        raise ValidationError(FILE_EMPTY, code="file_empty", params=params)
    kind = allowed.get(os.path.splitext(name)[1].lower())
    if kind is None:
        raise ValidationError(FILE_TYPE_NOT_ALLOWED, code="file_type_not_allowed", params=params)
    if kind.family == TEXT:
        ok = _is_text(file)
    else:
        file.seek(0)
        ok = _matches(kind.family, file.read(16))
    file.seek(0)
    if not ok:
        raise ValidationError(FILE_CONTENT_MISMATCH, code="file_content_mismatch", params=params)
    return CheckedUpload(name=name, size=size, content_type=kind.content_type)


def check_uploads(
    files: Iterable[UploadedFile],
    *,
    max_bytes: int | None = None,
    allowed: dict[str, FileKind] | None = None,
) -> list[CheckedUpload]:
    """Every file checked; all the problems are raised together."""
    checked: list[CheckedUpload] = []
    errors: list[ValidationError] = []
    for file in files:
        try:
            checked.append(check_upload(file, max_bytes=max_bytes, allowed=allowed))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return checked
