from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mosty.events.selectors import upcoming_events
from mosty.home import selectors
from mosty.territories.maps import map_regions, national_map_svg
from mosty.ties.selectors import active_region_pairs


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "counts": selectors.home_counts(),
        "map_svg": national_map_svg(map_regions(), region_pairs=active_region_pairs()),
        "upcoming": upcoming_events(limit=5),
        "changes": selectors.latest_changes(limit=10),
        "show_actors": getattr(request.user, "is_staff_role", False),
    }
    return render(request, "home/home.html", context)
