from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mosty.events.selectors import upcoming_events
from mosty.home import selectors
from mosty.territories.maps import map_regions, national_map_svg
from mosty.ties.models import Tie, TieStatus


def home(request: HttpRequest) -> HttpResponse:
    ties = Tie.objects.filter(status=TieStatus.ACTIVE).select_related(
        "region_a", "region_b", "settlement_a", "settlement_b"
    )
    context = {
        "counts": selectors.home_counts(),
        "map_svg": national_map_svg(map_regions(), ties=ties),
        "upcoming": upcoming_events(limit=5),
        "changes": selectors.latest_changes(limit=10),
        "show_actors": getattr(request.user, "is_staff_role", False),
    }
    return render(request, "home/home.html", context)
