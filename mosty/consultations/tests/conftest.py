"""The consultation tests' cast: a draft in two sections by a commission member, open now."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.consultations import services
from mosty.consultations.models import Consultation, Paragraph

DRAFT = """## 1. Общие положения

Настоящие рекомендации направлены на совершенствование правовой базы
приграничного сотрудничества.

Рекомендации адресованы органам власти субъектов Российской Федерации и областей Республики Беларусь.

## 2. Пункты пропуска

Рекомендуется упростить порядок пересечения границы для жителей приграничных районов.
"""

DRAFT_V2 = """## 1. Общие положения

Настоящие рекомендации направлены на совершенствование правовой базы
приграничного и межрегионального сотрудничества.

Рекомендации адресованы органам власти субъектов Российской Федерации и областей Республики Беларусь.

## 2. Пункты пропуска

Рекомендуется упростить порядок пересечения границы для жителей приграничных районов.

Рекомендуется открыть новые пункты пропуска.
"""


@pytest.fixture
def organiser(db: None) -> User:
    return factories.UserFactory.create(role=Role.COMMISSION, is_staff=True, full_name="Ольга Организатор")


@pytest.fixture
def consultation(organiser: User) -> Consultation:
    now = timezone.now()
    return services.consultation_create(
        actor=organiser,
        title="Рекомендации по совершенствованию правовой базы приграничного сотрудничества",
        summary="Проект рекомендаций",
        text=DRAFT,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=10),
    )


@pytest.fixture
def paragraphs(consultation: Consultation) -> list[Paragraph]:
    return list(
        Paragraph.objects.filter(version__consultation=consultation)
        .select_related("section")
        .order_by("section__number", "number")
    )


@pytest.fixture
def commenter(db: None) -> User:
    return factories.UserFactory.create(role=Role.CITIZEN, full_name="Иван Комментатор")


@pytest.fixture
def supporter(db: None) -> User:
    return factories.UserFactory.create(role=Role.CITIZEN, full_name="Мария Сторонница")
