"""The commitment sources registry, and the "Part of" link on a commitment's page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mosty import factories
from mosty.commitments import sources
from mosty.commitments.models import Commitment

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_en(client: Client) -> Client:
    client.cookies["mosty_language"] = "en"
    return client


@pytest.fixture
def extra_source() -> Iterator[None]:
    yield
    sources._sources.pop("test", None)


def test_agreements_and_projects_register_their_kinds() -> None:
    assert {"agreement", "project"} <= set(sources.registered_kinds())


def test_an_agreement_source_links_to_the_agreement_with_its_number_and_title() -> None:
    agreement = factories.AgreementFactory.create(title="О сотрудничестве в сфере туризма", number="17")

    with translation.override("en"):
        link = sources.source_link("agreement", agreement.pk)

    assert link == (
        "Agreement",
        "№ 17 О сотрудничестве в сфере туризма",
        reverse("agreements:detail", args=[agreement.pk]),
    )


def test_a_project_source_links_to_the_project() -> None:
    project = factories.ProjectFactory.create(title="Приграничный туристический маршрут")

    with translation.override("en"):
        link = sources.source_link("project", project.pk)

    assert link == (
        "Project",
        "Приграничный туристический маршрут",
        reverse("projects:detail", args=[project.pk]),
    )


def test_the_label_follows_the_active_language() -> None:
    project = factories.ProjectFactory.create()

    with translation.override("be"):
        link = sources.source_link("project", project.pk)

    assert link is not None and link[0] == "Праект"


def test_an_unknown_kind_or_a_missing_source_has_no_link() -> None:
    assert sources.source_link("nothing", 1) is None
    assert sources.source_link("agreement", 987654) is None


def test_a_source_may_register_a_callable_label_and_no_titles(extra_source: None) -> None:
    sources.register_source("test", label=lambda: "Тест", url=lambda pk: f"/test/{pk}/")

    assert sources.source_link("test", 5) == ("Тест", "", "/test/5/")


def test_a_source_without_a_page_for_an_id_has_no_link(extra_source: None) -> None:
    sources.register_source("test", label=_("Project"), url=lambda pk: None)

    assert sources.source_link("test", 5) is None


def test_titles_are_asked_for_the_ids_given(extra_source: None) -> None:
    asked: list[list[int]] = []

    def titles(ids: Iterable[int]) -> dict[int, str]:
        asked.append(list(ids))
        return {5: "Пятый"}

    sources.register_source("test", label="Тест", url=lambda pk: f"/test/{pk}/", title=titles)  # type: ignore[arg-type]

    assert sources.source_link("test", 5) == ("Тест", "Пятый", "/test/5/")
    assert asked == [[5]]


def test_a_source_kind_is_required() -> None:
    with pytest.raises(ValueError):
        sources.register_source("", label="x", url=lambda pk: "/")  # type: ignore[arg-type]


def test_the_commitment_page_says_which_agreement_it_is_part_of(client_en: Client) -> None:
    agreement = factories.AgreementFactory.create(title="О сотрудничестве в сфере туризма", number="")
    commitment = factories.CommitmentFactory.create(source_kind="agreement", source_id=agreement.pk)

    html = client_en.get(reverse("commitments:detail", args=[commitment.pk])).content.decode()

    url = reverse("agreements:detail", args=[agreement.pk])
    assert f'Part of: Agreement <a href="{url}">О сотрудничестве в сфере туризма</a>' in html


def test_the_commitment_page_says_which_project_it_is_part_of(client_en: Client) -> None:
    project = factories.ProjectFactory.create(title="Приграничный туристический маршрут")
    commitment = factories.CommitmentFactory.create(source_kind="project", source_id=project.pk)

    html = client_en.get(reverse("commitments:detail", args=[commitment.pk])).content.decode()

    url = reverse("projects:detail", args=[project.pk])
    assert f'Part of: Project <a href="{url}">Приграничный туристический маршрут</a>' in html


def test_a_commitment_of_an_unknown_source_shows_no_link(client_en: Client) -> None:
    commitment: Commitment = factories.CommitmentFactory.create(source_kind="agreement", source_id=987654)

    html = client_en.get(reverse("commitments:detail", args=[commitment.pk])).content.decode()

    assert "Part of:" not in html
