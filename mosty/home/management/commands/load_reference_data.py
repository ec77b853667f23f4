"""Load (or refresh) the reference data: territories, sectors, the Forums of Regions.

Idempotent: a second run finds everything in place and changes nothing. `make run` calls it on
every start, so an edit of a data file reaches the database on the next start.
"""

from __future__ import annotations

import importlib.util
import time
from typing import Any

from django.core.management.base import BaseCommand

from mosty.core import choices, pagecache
from mosty.sectors.reference import load_sectors
from mosty.territories.reference import load_territories


class Command(BaseCommand):
    help = "Load the reference data (regions, districts, settlements, sectors, forums) from the data files."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        results = [*load_territories(stdout=self.stdout), *load_sectors(stdout=self.stdout)]
        # The forums are events, a higher layer than the territories; loaded after the regions
        # they take place in. The events app owns the loader.
        if importlib.util.find_spec("mosty.events.reference") is not None:
            from mosty.events.reference import load_forums

            load_forums(stdout=self.stdout)
        else:
            self.stdout.write("Forums of Regions: mosty.events.reference not found, skipped")
        changed = any(result.changed for result in results)
        # The loader writes in bulk, past the services' audit rows: visitors' kept pages are told here.
        pagecache.invalidate()
        choices.reference_changed()
        summary = "Reference data loaded" if changed else "Reference data already up to date"
        self.stdout.write(self.style.SUCCESS(f"{summary} in {time.monotonic() - started:.1f} s."))
