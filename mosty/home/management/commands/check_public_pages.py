"""Render every public page in every language against the configured database; fail on any error.

CI runs it on a freshly migrated embedded SQLite database after loading reference and demo data,
so the embedded path is exercised end to end, not only through the test database.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

from mosty.agreements.access import visible_agreements
from mosty.consultations.models import Consultation
from mosty.events.selectors import public_events
from mosty.initiatives.access import visible_initiatives
from mosty.organisations.models import Organisation
from mosty.projects.access import visible_projects
from mosty.territories.models import Region, Settlement
from mosty.ties.models import Tie


def public_urls() -> list[str]:
    urls = [
        reverse("home"),
        reverse("territories:region_list"),
        reverse("territories:region_list") + "?country=BY",
        reverse("territories:settlement_list"),
        reverse("territories:settlement_list") + "?q=Mahilio%C5%AD",
        reverse("organisations:list"),
        reverse("ties:list"),
        reverse("events:list"),
        reverse("events:list") + "?when=past",
        reverse("events:forums"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        "/api/docs",
        "/api/openapi.json",
    ]
    urls += [
        reverse("agreements:list"),
        reverse("projects:list"),
        reverse("scorecards:index"),
        reverse("events:calendar"),
        reverse("initiatives:list"),
        reverse("initiatives:list") + "?sort=supported",
        reverse("initiatives:statistics"),
        reverse("initiatives:statistics_csv"),
        reverse("initiatives:export"),
        reverse("consultations:list"),
    ]
    for path in ("regions", "settlements", "sectors", "organisations", "ties", "events", "agreements"):
        urls.append(f"/api/v1/{path}")
    for path in ("projects", "initiatives", "answer-statistics", "consultations"):
        urls.append(f"/api/v1/{path}")
    urls += [reverse("region_detail", args=[code]) for code in Region.objects.values_list("code", flat=True)]
    settlements = Settlement.objects.order_by("-population").values_list("pk", flat=True)[:30]
    urls += [reverse("settlement_detail", args=[pk]) for pk in settlements]
    urls += [
        reverse("organisations:detail", args=[pk]) for pk in Organisation.objects.values_list("pk", flat=True)
    ]
    urls += [reverse("ties:detail", args=[pk]) for pk in Tie.objects.values_list("pk", flat=True)]
    urls += [reverse("events:detail", args=[pk]) for pk in public_events().values_list("pk", flat=True)]
    anonymous = AnonymousUser()
    urls += [
        reverse("agreements:detail", args=[pk])
        for pk in visible_agreements(anonymous).values_list("pk", flat=True)
    ]
    projects = visible_projects(anonymous).values_list("pk", flat=True)
    urls += [reverse("projects:detail", args=[pk]) for pk in projects]
    urls += [
        reverse("initiatives:detail", args=[pk])
        for pk in visible_initiatives(anonymous).values_list("pk", flat=True)
    ]
    for pk in Consultation.objects.values_list("pk", flat=True):
        urls += [
            reverse("consultations:detail", args=[pk]),
            reverse("consultations:diff", args=[pk]),
            reverse("consultations:answers", args=[pk]),
        ]
    urls += [reverse("events:region_calendar", args=[code]) for code in ("RU-SMO", "BY-MA")]
    return urls


class Command(BaseCommand):
    help = "Render every public page in ru, be and en and fail on any error status."

    def handle(self, *args: Any, **options: Any) -> None:
        urls = public_urls()
        failures: list[str] = []
        for language, _name in settings.LANGUAGES:
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            for url in urls:
                response = client.get(url)
                if response.status_code != 200:
                    failures.append(f"{language} {url}: HTTP {response.status_code}")
                elif response["Content-Type"].startswith("text/html") and (
                    f'<html lang="{language}"'.encode() not in response.content
                ):
                    failures.append(f"{language} {url}: page not in {language}")
        checked = len(urls) * len(settings.LANGUAGES)
        if failures:
            raise CommandError(f"{len(failures)} of {checked} page renders failed:\n" + "\n".join(failures))
        self.stdout.write(self.style.SUCCESS(f"{checked} public page renders succeeded."))
