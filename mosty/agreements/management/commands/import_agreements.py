"""Import agreements from an XLSX or CSV file, as the import page does, on behalf of a user.

    manage.py import_agreements forum-12.xlsx --as coordinator@example.org --dry-run

The same code as the page (mosty.agreements.importing): every problem is printed with its sheet,
row and column, and nothing is saved unless the whole file is valid. The file's size and type are
checked as for an upload.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from mosty.accounts.models import User
from mosty.agreements import importing
from mosty.agreements.import_views import IMPORT_KINDS
from mosty.core.uploads import check_upload


class Command(BaseCommand):
    help = (
        "Import agreements and their action plans from an XLSX or CSV file in the import template's format."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The XLSX or CSV file.")
        parser.add_argument("--as", dest="email", required=True, help="The e-mail of the user importing.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and save nothing.")
        parser.add_argument("--language", default="ru", help="The language of the messages (ru, be, en).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No user with the e-mail {options['email']}.")
        with translation.override(options["language"]):
            try:
                check_upload(SimpleUploadedFile(path.name, content), allowed=IMPORT_KINDS)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            try:
                report = importing.import_file(
                    actor=user, content=content, name=path.name, dry_run=options["dry_run"]
                )
            except PermissionDenied as error:
                raise CommandError(str(error)) from None
            for line in importing.iter_problem_lines(report):
                self.stderr.write(line)
            counts = report.counts
            summary = ", ".join(
                f"{record}s: {values['created']} created, {values['updated']} updated, "
                f"{values['unchanged']} unchanged"
                for record, values in counts.items()
            )
        if report.problems:
            raise CommandError(f"{len(report.problems)} problem(s) found: nothing has been imported.")
        prefix = "Dry run, nothing saved. Would be — " if report.dry_run else "Imported. "
        self.stdout.write(self.style.SUCCESS(prefix + summary))
