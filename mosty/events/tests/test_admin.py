from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mosty.accounts.models import User
from mosty.events.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_staff_mfa")]


def test_staff_find_events_in_the_admin_and_open_a_forum(
    client: Client, administrator: User, forum: Event
) -> None:
    client.force_login(administrator)

    listing = client.get(reverse("admin:events_event_changelist"), {"q": "Форум"})
    change = client.get(reverse("admin:events_event_change", args=[forum.pk]))

    assert "IV Форум регионов Беларуси и России" in listing.content.decode()
    assert change.status_code == 200
    assert 'name="contracts_amount"' in change.content.decode()
