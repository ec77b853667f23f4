"""Two group administrators leaving at the same moment: one of them must stay (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from mosty import factories
from mosty.accounts.models import Role
from mosty.core.errors import ApplicationError
from mosty.workspaces import services
from mosty.workspaces.models import MemberRole, Membership


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_two_admins_leaving_at_once_leave_one_admin() -> None:
    first = factories.UserFactory.create(role=Role.COMMISSION, is_staff=True)
    second = factories.UserFactory.create()
    workspace = services.workspace_create(actor=first, name="Молодёжная политика")
    services.member_add(actor=first, workspace=workspace, email=second.email, role=MemberRole.ADMIN)
    barrier = threading.Barrier(2)
    refused: list[ApplicationError] = []
    errors: list[BaseException] = []

    def leave(user: object) -> None:
        try:
            barrier.wait()
            services.workspace_leave(actor=user, workspace=workspace)  # type: ignore[arg-type]
        except ApplicationError as error:
            refused.append(error)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=leave, args=(user,)) for user in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert len(refused) == 1
    assert refused[0].code == "last_admin"
    assert Membership.objects.filter(workspace=workspace, role=MemberRole.ADMIN).count() == 1
