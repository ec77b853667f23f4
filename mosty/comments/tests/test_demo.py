from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from mosty import factories
from mosty.accounts.models import Role
from mosty.comments import demo
from mosty.comments.models import Comment
from mosty.comments.registry import TargetKind, register_target, registered_kinds, unregister_target
from mosty.comments.tests.conftest import _get_event, _may_comment, _url

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_kind() -> Iterator[None]:
    """The events app's kind when it is registered, else a stand-in for the test."""
    if any(kind.kind == demo.EVENT_KIND for kind in registered_kinds()):
        yield
        return
    register_target(TargetKind(kind=demo.EVENT_KIND, get=_get_event, may_comment=_may_comment, url=_url))
    yield
    unregister_target(demo.EVENT_KIND)


def test_demo_comments_are_written_once_and_marked(event_kind: None) -> None:
    for email, role in [
        (demo.CITIZEN, Role.CITIZEN),
        (demo.REPRESENTATIVE, Role.REPRESENTATIVE),
        (demo.COMMISSION, Role.COMMISSION),
    ]:
        factories.UserFactory.create(email=email, role=role)
    for number in range(2):
        factories.EventFactory.create(
            description=f"{demo.DEMO_EVENT_MARK}: создано командой load_demo_data ({number})."
        )
    out = io.StringIO()
    demo.load_demo(stdout=out)
    assert Comment.objects.count() == 5
    assert Comment.objects.filter(parent__isnull=False).count() == 2
    assert all(comment.body.endswith(demo.DEMO_MARK.strip()) for comment in Comment.objects.all())
    demo.load_demo(stdout=out)
    assert Comment.objects.count() == 5
    assert "5 demo comments written" in out.getvalue()
