from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mosty import factories
from mosty.accounts.models import User
from mosty.core.audit import describe_changes, history_for, record, snapshot
from mosty.core.models import AuditEntry
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db


def test_create_records_every_field_with_empty_old_values(citizen: User, region_ru: Region) -> None:
    organisation = factories.OrganisationFactory(region=region_ru, name_ru="Смоленский облисполком")

    entry = record(actor=citizen, instance=organisation, action=AuditEntry.Action.CREATE)

    assert entry is not None
    assert entry.actor == citizen
    assert entry.object_id == str(organisation.pk)
    assert entry.object_repr == "Смоленский облисполком"
    assert entry.content_type == ContentType.objects.get_for_model(Organisation)
    assert entry.changes["name_ru"] == [None, "Смоленский облисполком"]
    assert entry.changes["region"] == [None, region_ru.pk]
    assert (
        "id" not in entry.changes and "created_at" not in entry.changes and "updated_at" not in entry.changes
    )


def test_update_records_only_the_changed_fields(citizen: User) -> None:
    organisation = factories.OrganisationFactory(name_ru="Старое", phone="")
    before = snapshot(organisation)
    organisation.name_ru = "Новое"
    organisation.save()

    entry = record(actor=citizen, instance=organisation, action=AuditEntry.Action.UPDATE, before=before)

    assert entry is not None
    assert entry.changes == {"name_ru": ["Старое", "Новое"]}


def test_update_that_changes_nothing_writes_no_row(citizen: User) -> None:
    organisation = factories.OrganisationFactory()
    before = snapshot(organisation)
    organisation.save()

    assert (
        record(actor=citizen, instance=organisation, action=AuditEntry.Action.UPDATE, before=before) is None
    )
    assert not AuditEntry.objects.exists()


def test_delete_records_the_old_values_and_the_object_id(citizen: User) -> None:
    organisation = factories.OrganisationFactory(name_ru="Удаляемая")
    pk = organisation.pk
    before = snapshot(organisation)

    entry = record(actor=citizen, instance=organisation, action=AuditEntry.Action.DELETE, before=before)
    organisation.delete()

    assert entry is not None
    assert entry.object_id == str(pk)
    assert entry.changes["name_ru"] == ["Удаляемая", None]
    assert history_for(Organisation(pk=pk)) == [entry]


def test_many_to_many_are_recorded_as_sorted_id_lists(citizen: User) -> None:
    first, second, third = (factories.SectorFactory(code=code) for code in ("C", "01", "A"))
    organisation = factories.OrganisationFactory()
    organisation.sectors.set([first])
    before = snapshot(organisation)
    organisation.sectors.set([third, second])

    entry = record(actor=citizen, instance=organisation, action=AuditEntry.Action.UPDATE, before=before)

    assert entry is not None
    assert entry.changes == {"sectors": [[first.pk], sorted([second.pk, third.pk])]}


def test_anonymous_actor_is_stored_as_system() -> None:
    from django.contrib.auth.models import AnonymousUser

    organisation = factories.OrganisationFactory()
    entry = record(actor=AnonymousUser(), instance=organisation, action=AuditEntry.Action.CREATE)

    assert entry is not None and entry.actor is None


def test_history_lists_newest_first_and_only_for_that_object(citizen: User) -> None:
    organisation, other = factories.OrganisationFactory(), factories.OrganisationFactory()
    first = record(actor=citizen, instance=organisation, action=AuditEntry.Action.CREATE)
    record(actor=citizen, instance=other, action=AuditEntry.Action.CREATE)
    before = snapshot(organisation)
    organisation.phone = "+375 17 000-00-00"
    organisation.save()
    second = record(actor=citizen, instance=organisation, action=AuditEntry.Action.UPDATE, before=before)

    assert history_for(organisation) == [second, first]


def test_describe_changes_uses_verbose_names_choice_labels_and_related_names(
    citizen: User, region_ru: Region, region_by: Region
) -> None:
    organisation = factories.OrganisationFactory(region=region_ru, is_verified=False)
    sector = factories.SectorFactory(code="62", name_ru="Разработка программного обеспечения")
    before = snapshot(organisation)
    organisation.region = region_by
    organisation.kind = "university"
    organisation.is_verified = True
    organisation.verified_at = timezone.now()
    organisation.save()
    organisation.sectors.set([sector])
    entry = record(actor=citizen, instance=organisation, action=AuditEntry.Action.UPDATE, before=before)
    assert entry is not None

    with translation.override("en"):
        described = describe_changes(entry)
        assert ("Kind", "executive authority", "university") in described
        assert ("Region", "Smolensk Oblast", "Vitebsk Region") in described
        assert ("Verified", "no", "yes") in described
        assert ("Sectors", "—", str(sector)) in described


def test_history_partial_shows_who_when_and_old_and_new_values(citizen: User) -> None:
    organisation = factories.OrganisationFactory(phone="")
    before = snapshot(organisation)
    organisation.phone = "+7 4812 00-00-00"
    organisation.save()
    record(actor=citizen, instance=organisation, action=AuditEntry.Action.UPDATE, before=before)
    record(actor=None, instance=organisation, action=AuditEntry.Action.CREATE)

    with translation.override("en"):
        html = render_to_string("core/_history.html", {"entries": history_for(organisation)})

    assert "<h2" in html and "Change history" in html
    assert '<th scope="col">Who</th>' in html
    assert citizen.display_name in html
    assert "system" in html
    assert "Phone" in html and "+7 4812 00-00-00" in html
    assert "<del>—</del>" in html


def test_history_partial_without_entries_says_so() -> None:
    with translation.override("en"):
        html = render_to_string("core/_history.html", {"entries": []})

    assert "No changes recorded yet." in html
