"""The demo data: made through the services, idempotent; the youth exchange answered on time, with a
commitment."""

from __future__ import annotations

import io
from typing import Any

import pytest

from mosty import factories
from mosty.accounts.models import Role
from mosty.commitments.models import Commitment
from mosty.initiatives import demo, statistics
from mosty.initiatives.models import Initiative, InitiativeStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(region_ru: Any, region_by: Any) -> None:
    factories.UserFactory.create(email="moderator@mosty.example", role=Role.MODERATOR, is_staff=True)
    factories.UserFactory.create(email="commission@mosty.example", role=Role.COMMISSION, is_staff=True)
    factories.UserFactory.create(email="admin@mosty.example", role=Role.ADMIN, is_staff=True)
    factories.UserFactory.create(email="citizen@mosty.example")
    factories.OrganisationFactory.create(region=region_ru, name_ru="Правительство Смоленской области")
    factories.OrganisationFactory.create(
        region=region_by, name_ru="Витебский областной исполнительный комитет"
    )


def test_demo_tells_the_story_and_is_idempotent(demo_world: None) -> None:
    out = io.StringIO()
    demo.load_demo(stdout=out)
    assert "7 demo initiative(s) created" in out.getvalue()
    exchange = Initiative.objects.get(title=demo.YOUTH_EXCHANGE)
    assert exchange.status == InitiativeStatus.CLOSED
    assert exchange.answered_on is not None and exchange.answer_due is not None
    assert exchange.answered_on <= exchange.answer_due
    assert exchange.support_count == 30
    assert Commitment.objects.filter(source_kind="initiative", source_id=exchange.pk).count() == 1
    statuses = dict(Initiative.objects.values_list("title", "status"))
    assert statuses["Туристический маршрут «Смоленск — Витебск — Полоцк»"] == InitiativeStatus.COLLECTING
    assert statuses["Совместная экологическая экспедиция по Западной Двине"] == InitiativeStatus.FORWARDED
    assert statuses["Единый календарь спортивных соревнований приграничья"] == InitiativeStatus.DECLINED
    assert statuses["Школа юного журналиста Беларуси и России"] == InitiativeStatus.SUBMITTED
    assert statuses["Стажировки IT-студентов на предприятиях соседней области"] == InitiativeStatus.DRAFT
    overdue = sum(item.overdue for item in statistics.by_body())
    assert overdue == 1
    demo.load_demo(stdout=io.StringIO())
    assert Initiative.objects.count() == 7
    assert Commitment.objects.filter(source_kind="initiative").count() == 1


def test_demo_without_the_accounts_skips(db: None) -> None:
    out = io.StringIO()
    demo.load_demo(stdout=out)
    assert "skipped" in out.getvalue()
