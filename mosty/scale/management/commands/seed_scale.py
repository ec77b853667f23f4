"""manage.py seed_scale --scale N: a national-scale data set on top of the reference data.

manage.py seed_scale --scale 0.01      # resumes where an interrupted run stopped; a rerun is a no-op
manage.py seed_scale --reset           # removes the seeded rows (and what was made on top of them)
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mosty.core import pagecache
from mosty.scale import engine
from mosty.scale.steps import STEPS_LOADED  # noqa: F401 - registers the steps


class Command(BaseCommand):
    help = "Build a national-scale data set (scale 1: 100,000 organisations, 5,000,000 supports, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, help="0.001, 0.01, 0.1 or 1 (the issue's counts)")
        parser.add_argument("--reset", action="store_true", help="delete the seeded rows first")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if scale is None and not options["reset"]:
            raise CommandError("give --scale (and/or --reset)")
        try:
            if options["reset"]:
                deleted = engine.reset(stdout=self.stdout)
                self.stdout.write(f"seed_scale: {deleted} seeded rows deleted")
            if scale is not None:
                engine.run(scale, stdout=self.stdout)
        except engine.SeedError as error:
            raise CommandError(str(error)) from error
        finally:
            # The bulk paths write no audit rows, which is what moves the visitors' page cache on.
            pagecache.invalidate()
