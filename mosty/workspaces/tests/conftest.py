"""The workspace tests' cast: a workspace with a group administrator and a member, an outsider with a
confirmed e-mail, and the commission member (staff, not in the group)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.workspaces import services
from mosty.workspaces.models import Thread, Workspace, WorkspaceDocument

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name: str = "protocol.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def ws_admin(region_ru: Any) -> User:
    return factories.UserFactory.create(role=Role.COORDINATOR, region=region_ru, full_name="Анна Админова")


@pytest.fixture
def ws_member(db: None) -> User:
    return factories.UserFactory.create(role=Role.REPRESENTATIVE, full_name="Борис Участников")


@pytest.fixture
def outsider(db: None) -> User:
    return factories.UserFactory.create(role=Role.REPRESENTATIVE, full_name="Виктор Посторонний")


@pytest.fixture
def workspace(ws_admin: User, ws_member: User, settings: Any, tmp_path: Any) -> Workspace:
    settings.MEDIA_ROOT = tmp_path
    workspace = services.workspace_create(
        actor=ws_admin, name="Советы депутатов приграничных регионов", description="Закрытая группа"
    )
    services.member_add(actor=ws_admin, workspace=workspace, email=ws_member.email)
    return workspace


@pytest.fixture
def thread(workspace: Workspace, ws_member: User) -> Thread:
    return services.thread_create(
        actor=ws_member,
        workspace=workspace,
        title="Повестка весенней сессии",
        body="Предлагаю обсудить дороги.",
    )


@pytest.fixture
def document(workspace: Workspace, ws_member: User) -> WorkspaceDocument:
    return services.document_add(
        actor=ws_member, workspace=workspace, file=pdf_file(), title="Проект протокола заседания"
    )
