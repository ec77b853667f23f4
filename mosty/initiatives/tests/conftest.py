"""The initiative tests' cast: a young author in Vitebsk Region, the Smolensk regional administration
(the competent body) with its representative, supporters, and a helper that walks an initiative
through the lifecycle by the services."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.initiatives import services
from mosty.initiatives.models import CategoryRule, Initiative, InitiativeStatus
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

TODAY = datetime.date(2026, 3, 2)
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def pdf(name: str = "answer.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def author(region_by: Region) -> User:
    return factories.UserFactory.create(full_name="Анна Ковалёва", region=region_by)


@pytest.fixture
def body_user(db: None) -> User:
    return factories.UserFactory.create(role=Role.REPRESENTATIVE, full_name="Игорь Петров")


@pytest.fixture
def body(region_ru: Region, body_user: User) -> Organisation:
    organisation = factories.OrganisationFactory.create(
        region=region_ru, name_ru="Администрация Смоленской области", name_en="Smolensk Oblast Administration"
    )
    organisation.representatives.add(body_user)
    return organisation


@pytest.fixture
def by_body(region_by: Region) -> Organisation:
    return factories.OrganisationFactory.create(region=region_by, name_ru="Витебский облисполком")


@pytest.fixture
def rule(db: None) -> CategoryRule:
    rule, _created = CategoryRule.objects.update_or_create(
        category="youth", defaults={"threshold": 3, "collection_days": 30}
    )
    return rule


@pytest.fixture
def draft(author: User, region_by: Region, region_ru: Region) -> Initiative:
    return services.initiative_create(
        actor=author,
        title="Молодёжный обмен Витебск — Смоленск",
        problem="Молодёжь двух областей мало общается.",
        proposal="Ежегодный летний обмен студентами.",
        expected_effect="Новые совместные проекты.",
        category="youth",
        youth="young_people",
        regions=[region_by, region_ru],
    )


Advance = Callable[..., Initiative]


@pytest.fixture
def advance(
    draft: Initiative,
    moderator: User,
    commission_member: User,
    body: Organisation,
    body_user: User,
    rule: Any,
) -> Advance:
    """`advance(InitiativeStatus.X)`: the draft walked by the services to X (supporters are created)."""

    def walk(target: str, *, today: datetime.date = TODAY) -> Initiative:
        order = [
            InitiativeStatus.SUBMITTED,
            InitiativeStatus.COLLECTING,
            InitiativeStatus.IN_REVIEW,
            InitiativeStatus.FORWARDED,
            InitiativeStatus.ANSWERED,
            InitiativeStatus.PUBLISHED,
            InitiativeStatus.CLOSED,
        ]
        initiative = draft
        for step in order:
            if initiative.status == target:
                break
            if step == InitiativeStatus.SUBMITTED:
                services.initiative_submit(actor=initiative.author, initiative=initiative)
            elif step == InitiativeStatus.COLLECTING:
                services.initiative_publish(actor=moderator, initiative=initiative, today=today)
            elif step == InitiativeStatus.IN_REVIEW:
                region = initiative.regions.first()
                assert region is not None
                for _n in range(initiative.threshold or 0):
                    supporter = factories.UserFactory.create()
                    services.initiative_support(
                        actor=supporter, initiative=initiative, region=region, today=today
                    )
            elif step == InitiativeStatus.FORWARDED:
                services.initiative_forward(
                    actor=commission_member, initiative=initiative, body=body, today=today
                )
            elif step == InitiativeStatus.ANSWERED:
                services.initiative_answer(
                    actor=body_user,
                    initiative=initiative,
                    text="Обмен включён в план на лето.",
                    document=pdf(),
                    today=today + datetime.timedelta(days=10),
                )
            elif step == InitiativeStatus.PUBLISHED:
                services.initiative_publish_answer(actor=commission_member, initiative=initiative)
            elif step == InitiativeStatus.CLOSED:
                services.initiative_close(
                    actor=commission_member,
                    initiative=initiative,
                    outcome="information",
                    note="Принято к сведению.",
                )
            initiative.refresh_from_db()
        assert initiative.status == target
        return initiative

    return walk
