from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mosty import factories
from mosty.accounts.models import User
from mosty.core.models import AuditEntry
from mosty.events.models import Event, EventFormat, EventKind
from mosty.events.services import (
    END_BEFORE_START,
    ONLINE_NEEDS_LINK,
    OWN_REGION_REQUIRED,
    SETTLEMENT_OUTSIDE_REGIONS,
    TITLE_REQUIRED,
    event_create,
    event_delete,
    event_update,
)
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db

START = datetime.date(2027, 2, 18)


def create(actor: User, *regions: Region, **fields: object) -> Event:
    values: dict[str, object] = {
        "kind": EventKind.ROUND_TABLE,
        "title_ru": "Круглый стол о приграничной логистике",
        "start_date": START,
        "regions": regions,
    }
    values.update(fields)
    return event_create(actor=actor, **values)  # type: ignore[arg-type]


def test_create_derives_the_year_and_writes_one_audit_row(commission_member: User, region_ru: Region) -> None:
    event = create(
        commission_member, region_ru, title_be="Круглы стол", title_en="Round table", end_date=START
    )

    assert event.year == 2027
    assert event.created_by == commission_member
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.object_id) == (commission_member, "create", str(event.pk))
    assert entry.changes["title_ru"] == [None, "Круглый стол о приграничной логистике"]
    assert entry.changes["regions"] == [None, [region_ru.pk]]


def test_update_records_old_and_new_values(commission_member: User, region_ru: Region) -> None:
    event = create(commission_member, region_ru)

    event_update(
        actor=commission_member, event=event, start_date=datetime.date(2028, 1, 20), place_ru="Смоленск"
    )

    event.refresh_from_db()
    assert event.year == 2028
    entry = AuditEntry.objects.filter(action="update").get()
    assert entry.changes["start_date"] == ["2027-02-18", "2028-01-20"]
    assert entry.changes["year"] == [2027, 2028]
    assert entry.changes["place_ru"] == ["", "Смоленск"]


def test_an_update_that_changes_nothing_writes_no_row(commission_member: User, region_ru: Region) -> None:
    event = create(commission_member, region_ru)

    event_update(actor=commission_member, event=event, title_ru=event.title_ru)

    assert AuditEntry.objects.filter(action="update").count() == 0


def test_delete_leaves_a_row_with_the_id(commission_member: User, event_ru: Event) -> None:
    pk = event_ru.pk

    event_delete(actor=commission_member, event=event_ru)

    assert not Event.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id, entry.object_repr) == (
        "delete",
        str(pk),
        "Круглый стол в Смоленске",
    )


def test_an_event_cannot_end_before_it_starts(commission_member: User, region_ru: Region) -> None:
    with pytest.raises(ValidationError) as error:
        create(commission_member, region_ru, end_date=START - datetime.timedelta(days=1))

    assert error.value.message_dict == {"end_date": [str(END_BEFORE_START)]}
    assert not Event.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_online_event_needs_a_link(commission_member: User, region_ru: Region) -> None:
    with pytest.raises(ValidationError) as error:
        create(commission_member, region_ru, format=EventFormat.ONLINE)

    assert error.value.message_dict == {"online_url": [str(ONLINE_NEEDS_LINK)]}
    event = create(
        commission_member, region_ru, format=EventFormat.ONLINE, online_url="https://example.org/meet"
    )
    assert event.online_url == "https://example.org/meet"


def test_a_title_is_required_and_html_is_stripped(commission_member: User, region_ru: Region) -> None:
    with pytest.raises(ValidationError) as error:
        create(commission_member, region_ru, title_ru="   ")
    assert error.value.message_dict == {"title_ru": [str(TITLE_REQUIRED)]}

    event = create(commission_member, region_ru, title_ru="<b>Слушания</b><script>alert(1)</script>")
    assert event.title_ru == "Слушания"


def test_the_settlement_must_lie_in_a_host_region(
    commission_member: User, region_ru: Region, region_by: Region
) -> None:
    vitebsk = factories.SettlementFactory(region=region_by, name_ru="Витебск")

    with pytest.raises(ValidationError) as error:
        create(commission_member, region_ru, settlement=vitebsk)

    assert error.value.message_dict == {"settlement": [str(SETTLEMENT_OUTSIDE_REGIONS)]}


# --- who may create -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor_name", "allowed"),
    [
        ("citizen", False),
        ("representative", False),
        ("moderator", False),
        ("coordinator", True),
        ("commission_member", True),
        ("administrator", True),
    ],
)
def test_who_may_create_an_event_in_the_coordinators_region(
    request: pytest.FixtureRequest, region_ru: Region, actor_name: str, allowed: bool
) -> None:
    actor = request.getfixturevalue(actor_name)
    if allowed:
        assert create(actor, region_ru).pk
    else:
        with pytest.raises(PermissionDenied):
            create(actor, region_ru)
        assert not Event.objects.exists()


def test_a_coordinator_may_host_with_another_region_but_not_without_their_own(
    coordinator: User, region_ru: Region, region_by: Region
) -> None:
    assert create(coordinator, region_ru, region_by).pk

    with pytest.raises(ValidationError) as error:
        create(coordinator, region_by)
    assert error.value.message_dict == {"regions": [str(OWN_REGION_REQUIRED)]}


def test_a_coordinator_may_not_create_a_forum(coordinator: User, region_ru: Region) -> None:
    with pytest.raises(PermissionDenied):
        create(coordinator, region_ru, kind=EventKind.FORUM)


@pytest.mark.parametrize(
    ("actor_name", "own_ok", "other_ok", "forum_ok"),
    [
        ("citizen", False, False, False),
        ("representative", False, False, False),
        ("moderator", False, False, False),
        ("coordinator", True, False, False),
        ("commission_member", True, True, True),
        ("administrator", True, True, True),
    ],
)
def test_who_may_edit_which_event(
    request: pytest.FixtureRequest,
    event_ru: Event,
    event_by: Event,
    forum: Event,
    actor_name: str,
    own_ok: bool,
    other_ok: bool,
    forum_ok: bool,
) -> None:
    actor = request.getfixturevalue(actor_name)
    for event, allowed in ((event_ru, own_ok), (event_by, other_ok), (forum, forum_ok)):
        if allowed:
            event_update(actor=actor, event=event, description="Обновлено")
            event.refresh_from_db()
            assert event.description == "Обновлено"
        else:
            with pytest.raises(PermissionDenied):
                event_update(actor=actor, event=event, description="Обновлено")
            event.refresh_from_db()
            assert event.description == ""


def test_a_coordinator_may_not_move_an_event_out_of_their_region(
    coordinator: User, event_ru: Event, region_by: Region
) -> None:
    with pytest.raises(ValidationError) as error:
        event_update(actor=coordinator, event=event_ru, regions=[region_by])

    assert error.value.message_dict == {"regions": [str(OWN_REGION_REQUIRED)]}
    assert list(event_ru.regions.all()) != [region_by]


@pytest.mark.parametrize(
    ("actor_name", "allowed"),
    [
        ("citizen", False),
        ("coordinator", False),
        ("moderator", False),
        ("commission_member", True),
        ("administrator", True),
    ],
)
def test_only_commission_and_administrators_delete(
    request: pytest.FixtureRequest, event_ru: Event, actor_name: str, allowed: bool
) -> None:
    actor = request.getfixturevalue(actor_name)
    if allowed:
        event_delete(actor=actor, event=event_ru)
        assert not Event.objects.filter(pk=event_ru.pk).exists()
    else:
        with pytest.raises(PermissionDenied):
            event_delete(actor=actor, event=event_ru)
        assert Event.objects.filter(pk=event_ru.pk).exists()
