"""The cast of the topology test, written into the topology database by a process of its own.

Run as `python -m mosty.topology_tests.seed` with the topology's environment (DATABASE_URL, ...);
prints the ids and addresses the test needs as one JSON object. Uses the test factories, so it
needs the test extras installed (`pip install -e '.[test]'`).
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from typing import Any

import django

# Overdue commitments the job finds: each has two representatives to tell it is overdue, one
# coordinator and one commission member to escalate it to (late by more than 30 days).
OVERDUE_COMMITMENTS = 12
PASSWORD = "correct-horse-battery"  # noqa: S105 - the test password UserFactory gives everyone


def seed() -> dict[str, Any]:
    from django.utils import timezone

    from mosty import factories
    from mosty.accounts.models import Role
    from mosty.commitments.models import Status

    today = timezone.localdate()
    country = factories.CountryFactory.create(code="RU")
    region = factories.RegionFactory.create(
        code="RU-SMO", country=country, name_ru="Смоленская область", name_en="Smolensk Oblast"
    )
    reporter = factories.UserFactory.create(
        email="reporter@topology.example", full_name="Анна Сергеевна Лебедева", role=Role.REPRESENTATIVE
    )
    colleague = factories.UserFactory.create(
        email="colleague@topology.example", full_name="Игорь Павлович Крылов", role=Role.REPRESENTATIVE
    )
    throttled = factories.UserFactory.create(
        email="throttled@topology.example", full_name="Ольга Николаевна Белова"
    )
    coordinator = factories.UserFactory.create(
        email="coordinator@topology.example", role=Role.COORDINATOR, region=region
    )
    commission = factories.UserFactory.create(
        email="commission@topology.example", role=Role.COMMISSION, is_staff=True
    )
    organisation = factories.OrganisationFactory.create(
        region=region, name_ru="Смоленский льнозавод", name_en="Smolensk Flax Mill"
    )
    organisation.representatives.add(reporter, colleague)
    # Reported through the web: due in a year, so the job has nothing to say about it.
    reported = factories.CommitmentFactory.create(
        title="Провести совместную выставку льняных тканей в Витебске",
        responsible_organisation=organisation,
        deadline=today + datetime.timedelta(days=365),
        status=Status.IN_PROGRESS,
    )
    late = today - datetime.timedelta(days=31)
    for number in range(OVERDUE_COMMITMENTS):
        factories.CommitmentFactory.create(
            title=f"Поставить оборудование для льнозавода, партия {number + 1}",
            responsible_organisation=organisation,
            deadline=late,
            status=Status.IN_PROGRESS,
        )
    per_commitment = 2 + 1 + 1  # overdue to both representatives, then coordinator, then commission
    return {
        "today": today.isoformat(),
        "password": PASSWORD,
        "reporter": {"email": reporter.email, "name": reporter.full_name},
        "throttled": {"email": throttled.email},
        "reported_commitment": {"pk": reported.pk, "title": reported.title},
        "overdue_commitments": OVERDUE_COMMITMENTS,
        "expected_reminders": OVERDUE_COMMITMENTS * per_commitment,
        "recipients": sorted([reporter.email, colleague.email, coordinator.email, commission.email]),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mosty.settings")
    django.setup()
    json.dump(seed(), sys.stdout)


if __name__ == "__main__":
    main()
