"""Queries per page do not grow with the data: every page of the benchmark counts the same SQL queries
on a seeded set (every list on it non-empty) and on one four times as big (`make bench-queries`). The
pages are picked the way the benchmark picks them: the biggest region, the agreement and the initiative
with the most rows under them."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mosty.agreements.models import Agreement
from mosty.comments.models import Comment
from mosty.events.models import Event, EventKind
from mosty.initiatives.models import Initiative
from mosty.scale.models import SeedStep
from mosty.scale.steps.initiatives import COLLECTING
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db


def seeded(label: str) -> range:
    for step in SeedStep.objects.all():
        if label in step.ranges:
            first, last = step.ranges[label]
            return range(first, last + 1)
    return range(0)


def biggest_region() -> str:
    return reverse(
        "region_detail", args=[Region.objects.annotate(n=Count("organisations")).order_by("-n")[0].code]
    )


def fullest_agreement() -> str:
    ids = seeded("agreements.Agreement")
    agreement = (
        Agreement.objects.filter(pk__in=ids, visibility="public")
        .exclude(status="draft")
        .order_by("-signed_on", "pk")
        .first()
    )
    assert agreement is not None
    return reverse("agreements:detail", args=[agreement.pk])


def forum() -> str:
    event = Event.objects.filter(kind=EventKind.FORUM).first()
    assert event is not None
    return reverse("events:detail", args=[event.pk])


def busiest_initiative() -> str:
    top = (
        Comment.objects.filter(kind="initiative")
        .values("target_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("target_id", flat=True)
    )
    public = Initiative.objects.filter(pk__in=list(top[:50]), status=COLLECTING)
    initiative = public.order_by("-support_count").first() or Initiative.objects.first()
    assert initiative is not None
    return reverse("initiatives:detail", args=[initiative.pk])


def busiest_event() -> str:
    event = (
        Event.objects.filter(pk__in=seeded("events.Event"))
        .annotate(n=Count("registrations"))
        .order_by("-n")[0]
    )
    return reverse("events:detail", args=[event.pk])


PAGES: dict[str, Callable[[], str]] = {
    "home": lambda: "/",
    "region": biggest_region,
    "agreement_list": lambda: reverse("agreements:list") + "?status=in_force&sort=-progress",
    "agreement": fullest_agreement,
    "forum": forum,
    "initiative_list": lambda: reverse("initiatives:list"),
    "initiative": busiest_initiative,
    "event": busiest_event,
    "search": lambda: reverse("territories:settlement_list") + "?q=Вит",
    "api_agreements": lambda: "/api/v1/agreements",
    "api_initiatives": lambda: "/api/v1/initiatives",
    "api_organisations": lambda: "/api/v1/organisations",
}


def measure() -> dict[str, int]:
    client = Client()
    counts = {}
    for name, path in PAGES.items():
        url = path()
        client.get(url)  # warm the per-process caches (reference lists), as a running server has them
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries)
    return counts


def test_queries_per_page_do_not_grow_with_the_data(reference: None) -> None:
    call_command("seed_scale", "--scale", "0.002", stdout=io.StringIO())
    small = measure()
    call_command("seed_scale", "--reset", "--scale", "0.008", stdout=io.StringIO())

    big = measure()

    grown = {name: (small[name], big[name]) for name in PAGES if big[name] != small[name]}
    assert not grown, f"queries per page grew with the data (small, 4× bigger): {grown}"
