"""Long selects of reference data render the same options from the cache, and a posted value is still
checked against the database."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from mosty import factories
from mosty.core.choices import reference_changed, use_cached_choices
from mosty.territories.models import Region

pytestmark = pytest.mark.django_db


class RegionForm(forms.Form):
    region = forms.ModelChoiceField(queryset=Region.objects.order_by("name_ru"), required=False)
    regions = forms.ModelMultipleChoiceField(queryset=Region.objects.order_by("name_ru"), required=False)

    def __init__(self, *args: object, cached: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if cached:
            use_cached_choices(self.fields["region"], "test-regions")
            use_cached_choices(self.fields["regions"], "test-regions")


def test_cached_options_are_djangos_options_in_each_language(
    region_ru: Region, region_by: Region, django_assert_num_queries: object
) -> None:
    for language in ("ru", "en"):
        with translation.override(language):
            assert str(RegionForm()["region"]) == str(RegionForm(cached=False)["region"])
            assert str(RegionForm()["regions"]) == str(RegionForm(cached=False)["regions"])
    with translation.override("en"), django_assert_num_queries(0):  # type: ignore[operator]
        str(RegionForm()["region"])
    with translation.override("en"):
        assert "Smolensk Oblast" in str(RegionForm()["region"])


def test_the_reference_loader_makes_the_cached_options_stale(region_ru: Region) -> None:
    str(RegionForm()["region"])
    added = factories.RegionFactory.create(code="RU-BRY", name_ru="Брянская область")
    assert "Брянская область" not in str(RegionForm()["region"])  # kept until the reference changes

    reference_changed()

    assert "Брянская область" in str(RegionForm()["region"])
    assert RegionForm(data={"region": str(added.pk)}).is_valid()


def test_a_value_outside_the_queryset_is_still_refused(region_ru: Region) -> None:
    form = RegionForm(data={"region": "999999"})
    assert not form.is_valid()
