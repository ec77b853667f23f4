from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


def settlement_list(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")
