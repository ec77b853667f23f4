"""The organisation choice fields: the select renders only what is selected, the search endpoint finds at
most 20 organisations by name in any language, validation stays Django's, and a form page costs the same
number of queries whatever the size of the registry."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from mosty import factories
from mosty.accounts.models import User
from mosty.organisations.fields import (
    OPTIONS_LIMIT,
    OrganisationChoiceField,
    OrganisationMultipleChoiceField,
)
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

OPTION = re.compile(r"<option\b[^>]*>")


class PickForm(forms.Form):
    organisation = OrganisationChoiceField(label="Organisation", required=False)
    others = OrganisationMultipleChoiceField(label="Others", required=False)


class NarrowForm(forms.Form):
    organisation = OrganisationChoiceField(label="Organisation", queryset=Organisation.objects.none())

    def __init__(self, *args: object, allowed: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["organisation"]
        assert isinstance(field, OrganisationChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=allowed)


def options_of(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, html
    return OPTION.findall(select.group(1))


def many(region: Region, count: int) -> list[Organisation]:
    return [factories.OrganisationFactory.create(region=region) for _ in range(count)]


@pytest.fixture
def flax(region_ru: Region) -> Organisation:
    return factories.OrganisationFactory.create(
        region=region_ru,
        name_ru="Смоленский льнозавод",
        name_be="Смаленскі льнозавод",
        name_en="Smolensk Flax Mill",
    )


# --- rendering -------------------------------------------------------------------------------


def test_an_empty_field_renders_the_blank_option_only_and_asks_nothing(
    region_ru: Region, django_assert_num_queries: object
) -> None:
    many(region_ru, 30)
    with override("en"), django_assert_num_queries(0):  # type: ignore[operator]
        html = PickForm().as_div()

    assert options_of(html, "organisation") == ['<option value="" selected>']
    assert options_of(html, "others") == []
    assert 'type="search"' in html and 'name="organisation_q"' in html
    assert 'name="organisation_number"' in html and 'aria-live="polite"' in html
    assert '<label for="id_organisation_q">Search organisations by name</label>' in html


def test_only_the_selected_organisations_are_rendered(region_ru: Region, flax: Organisation) -> None:
    others = many(region_ru, 10)

    html = PickForm(initial={"organisation": flax.pk, "others": [others[0].pk, others[3].pk]}).as_div()

    assert options_of(html, "organisation") == ['<option value="">', f'<option value="{flax.pk}" selected>']
    assert sorted(options_of(html, "others")) == sorted(
        [f'<option value="{others[0].pk}" selected>', f'<option value="{others[3].pk}" selected>']
    )
    assert "Смоленский льнозавод" in html or "Smolensk Flax Mill" in html


# --- validation ------------------------------------------------------------------------------


def test_a_posted_id_validates_against_the_whole_queryset(region_ru: Region, flax: Organisation) -> None:
    others = many(region_ru, 3)
    form = PickForm({"organisation": str(flax.pk), "others": [str(others[1].pk), str(others[2].pk)]})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == flax
    assert set(form.cleaned_data["others"]) == {others[1], others[2]}


def test_a_nonexistent_or_foreign_id_is_refused_with_djangos_message(
    region_ru: Region, flax: Organisation
) -> None:
    other = factories.OrganisationFactory.create(region=region_ru)
    with override("en"):
        missing = PickForm({"organisation": "999999", "others": ["999999"]})
        foreign = NarrowForm({"organisation": str(other.pk)}, allowed=[flax.pk])
        allowed = NarrowForm({"organisation": str(flax.pk)}, allowed=[flax.pk])

        assert not missing.is_valid()
        assert missing.errors["organisation"] == [
            "Select a valid choice. That choice is not one of the available choices."
        ]
        assert missing.errors["others"] == [
            "Select a valid choice. 999999 is not one of the available choices."
        ]
        assert not foreign.is_valid()
        assert foreign.errors["organisation"] == [
            "Select a valid choice. That choice is not one of the available choices."
        ]
        assert allowed.is_valid()


def test_the_number_box_works_without_javascript(region_ru: Region, flax: Organisation) -> None:
    others = many(region_ru, 3)

    single = PickForm({"organisation": "", "organisation_number": f" {flax.pk} "})
    multiple = PickForm({"others": [str(others[0].pk)], "others_number": f"{others[1].pk}, {others[2].pk}"})
    bad = PickForm({"organisation_number": "abc"})

    assert single.is_valid(), single.errors
    assert single.cleaned_data["organisation"] == flax
    assert multiple.is_valid(), multiple.errors
    assert set(multiple.cleaned_data["others"]) == set(others)
    assert not bad.is_valid()


# --- the search endpoint ---------------------------------------------------------------------


def test_the_endpoint_finds_organisations_by_russian_belarusian_and_english_name(
    client: Client, region_ru: Region, flax: Organisation
) -> None:
    many(region_ru, 5)
    url = reverse("organisations:options")

    for q in ("льнозавод", "СМОЛЕНСКИЙ ЛЬНО", "Смаленскі", "flax mill"):
        response = client.get(url, {"field": "organisation", "q": q})
        assert response.status_code == 200
        assert re.findall(r'<option value="(\d+)"', response.content.decode()) == [str(flax.pk)], q

    by_field_name = client.get(url, {"field": "parties-0-organisation", "parties-0-organisation_q": "flax"})
    assert re.findall(r'<option value="(\d+)"', by_field_name.content.decode()) == [str(flax.pk)]


def test_the_endpoint_lists_at_most_twenty_and_nothing_for_an_empty_query(
    client: Client, region_ru: Region
) -> None:
    many(region_ru, 30)
    url = reverse("organisations:options")

    found = client.get(
        url, {"field": "organisation", "q": "Organisation", "blank": "1", "id": "id_organisation"}
    )
    empty = client.get(url, {"field": "organisation", "q": "  "})

    html = found.content.decode()
    assert len(re.findall(r'<option value="\d+"', html)) == OPTIONS_LIMIT == 20
    assert html.startswith('<option value="">')
    assert 'hx-swap-oob="innerHTML:#id_organisation_status"' in html
    assert "<option" not in empty.content.decode()


def test_the_endpoint_keeps_the_selection_and_escapes_names(client: Client, region_ru: Region) -> None:
    nasty = factories.OrganisationFactory.create(
        region=region_ru, name_ru="<script>alert(1)</script> Фонд", name_en="<b>Fund</b> & Co"
    )
    kept = factories.OrganisationFactory.create(region=region_ru, name_ru="Архив", name_en="Archive")

    response = client.get(
        reverse("organisations:options"),
        {"field": "others", "others": [str(kept.pk), "junk"], "q": "фонд", "id": 'x"><script>'},
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    html = response.content.decode()
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;b&gt;Fund&lt;/b&gt; &amp; Co" in html
    assert re.findall(r'<option value="(\d+)"( selected)?', html) == [
        (str(kept.pk), " selected"),
        (str(nasty.pk), ""),
    ]
    assert "hx-swap-oob" not in html  # an id that is no id is not echoed


# --- the cost of a page ----------------------------------------------------------------------


def test_a_form_page_renders_few_options_and_the_same_queries_whatever_the_registry(
    client: Client, coordinator: User, region_ru: Region, no_staff_mfa: None
) -> None:
    client.force_login(coordinator)
    url = reverse("events:create")
    many(region_ru, 3)
    client.get(url)  # warm caches (site, content types)

    with CaptureQueriesContext(connection) as few:
        small = client.get(url)
    many(region_ru, 300)
    with CaptureQueriesContext(connection) as lots:
        large = client.get(url)

    assert small.status_code == large.status_code == 200
    assert len(lots.captured_queries) == len(few.captured_queries)
    assert len(options_of(large.content.decode(), "organisers")) <= 25
    assert len(large.content) - len(small.content) < 200
