"""Factories of initiatives; an initiative in a later status is reached through the services
(see conftest.advance), never by writing the status."""

from __future__ import annotations

import factory

from mosty.factories import UserFactory
from mosty.initiatives.models import Category, Initiative, Youth


class InitiativeFactory(factory.django.DjangoModelFactory[Initiative]):
    """A draft (give status=... only for list and statistics tests that need many rows)."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Молодёжный обмен между школами № {n}")
    problem = "Школьники приграничных районов почти не знают соседей."
    proposal = "Организовать летний обмен группами по 20 человек."
    expected_effect = "Устойчивые связи между школами и молодёжными организациями."
    category = Category.YOUTH
    youth = Youth.YOUNG_PEOPLE
    author = factory.SubFactory(UserFactory)
    search_key = factory.LazyAttribute(lambda o: o.title.lower())
