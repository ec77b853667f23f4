"""The pages: privacy (the same 404 for missing and forbidden), the flow through forms, inert
rendering of script payloads, HTMX partials, and list query counts that do not grow with the data."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mosty import factories
from mosty.accounts.models import Role, User
from mosty.initiatives import services
from mosty.initiatives.models import Initiative, InitiativeStatus
from mosty.initiatives.tests.conftest import TODAY, Advance, pdf
from mosty.initiatives.tests.factories import InitiativeFactory
from mosty.organisations.models import Organisation

pytestmark = pytest.mark.django_db

EN = {"mosty_language": "en"}
PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>"><svg onload=alert(2)>'


def _client(user: User | None = None) -> Client:
    client = Client()
    client.cookies["mosty_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


# --- Privacy ------------------------------------------------------------------------------------

PRIVATE = [
    InitiativeStatus.DRAFT,
    InitiativeStatus.SUBMITTED,
    InitiativeStatus.RETURNED,
    InitiativeStatus.REJECTED,
]


@pytest.mark.parametrize("status", PRIVATE)
def test_unpublished_initiatives_are_404_for_others_in_pages_api_and_csv(
    status: str,
    draft: Initiative,
    author: User,
    moderator: User,
    commission_member: User,
    no_staff_mfa: None,
    region_ru: Any,
) -> None:
    Initiative.objects.filter(pk=draft.pk).update(status=status)
    url = reverse("initiatives:detail", args=[draft.pk])
    missing = reverse("initiatives:detail", args=[draft.pk + 1000])
    for outsider in (
        None,
        factories.UserFactory.create(),
        factories.UserFactory.create(role=Role.COORDINATOR, region=region_ru),
    ):
        client = _client(outsider)
        assert client.get(url).status_code == 404
        assert client.get(missing).status_code == 404
        assert client.get(f"/api/v1/initiatives/{draft.pk}").status_code == 404
        assert draft.title not in client.get(reverse("initiatives:list")).content.decode()
        assert draft.title not in client.get(reverse("initiatives:export")).content.decode()
        assert draft.title not in client.get("/api/v1/initiatives").content.decode()
    for insider in (author, moderator, commission_member):
        assert _client(insider).get(url).status_code == 200


def test_a_co_author_sees_the_draft_and_may_edit_it(draft: Initiative, author: User) -> None:
    coauthor = factories.UserFactory.create()
    initiative = services.initiative_create(
        actor=author,
        title="Совместный проект",
        problem="п",
        proposal="п",
        expected_effect="э",
        category="culture",
        regions=list(draft.regions.all()),
        coauthor_emails=[coauthor.email.upper()],
    )
    from mosty.core.models import Notification

    assert Notification.objects.filter(recipient=coauthor, url=f"/initiatives/{initiative.pk}/").count() == 1
    client = _client(coauthor)
    assert client.get(reverse("initiatives:detail", args=[initiative.pk])).status_code == 200
    assert client.get(reverse("initiatives:edit", args=[initiative.pk])).status_code == 200
    assert "Совместный проект" in client.get(reverse("initiatives:mine")).content.decode()


def test_an_unknown_co_author_address_is_refused_and_nothing_is_saved(author: User, region_by: Any) -> None:
    response = _client(author).post(
        reverse("initiatives:create"),
        {
            "title": "Обмен",
            "problem": "п",
            "proposal": "п",
            "expected_effect": "э",
            "category": "youth",
            "regions": [region_by.pk],
            "coauthors": "nobody@example.org",
        },
    )
    assert response.status_code == 400
    assert "No one with a confirmed account uses the address nobody@example.org." in response.content.decode()
    assert Initiative.objects.count() == 0


# --- Bad input ----------------------------------------------------------------------------------


def test_script_payloads_in_every_text_are_inert(
    author: User, region_by: Any, moderator: User, no_staff_mfa: None
) -> None:
    initiative = services.initiative_create(
        actor=author,
        title=f"Обмен {PAYLOAD}",
        problem=PAYLOAD,
        proposal=f"Предложение {PAYLOAD}",
        expected_effect=PAYLOAD + " эффект",
        category="youth",
        regions=[region_by],
    )
    services.initiative_submit(actor=author, initiative=initiative)
    services.initiative_return(actor=moderator, initiative=initiative, comment=f"Исправьте {PAYLOAD}")
    initiative.refresh_from_db()
    for text in (initiative.title, initiative.problem, initiative.proposal, initiative.moderation_comment):
        assert "<script" not in text and "onerror" not in text and "<svg" not in text
    html = _client(author).get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "<script>alert" not in html
    assert "onerror=alert" not in html
    assert "<svg onload" not in html


def test_raw_script_stored_by_other_means_is_escaped_on_the_page(author: User) -> None:
    initiative = InitiativeFactory.create(
        author=author, title="<script>alert(1)</script>", status=InitiativeStatus.COLLECTING
    )
    html = _client().get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_over_long_fields_get_a_clear_message(author: User, region_by: Any) -> None:
    response = _client(author).post(
        reverse("initiatives:create"),
        {
            "title": "О" * 201,
            "problem": "п" * 5001,
            "proposal": "п",
            "expected_effect": "э",
            "category": "youth",
            "regions": [region_by.pk],
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ensure this value has at most 200 characters (it has 201)." in content
    assert "Ensure this value has at most 5000 characters (it has 5001)." in content
    assert Initiative.objects.count() == 0


def test_an_unsupported_attachment_is_refused_and_nothing_is_saved(author: User, region_by: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = _client(author).post(
        reverse("initiatives:create"),
        {
            "title": "Обмен",
            "problem": "п",
            "proposal": "п",
            "expected_effect": "э",
            "category": "youth",
            "regions": [region_by.pk],
            "attachments": [SimpleUploadedFile("plan.exe", b"MZ\x90\x00")],
        },
    )
    assert response.status_code == 400
    assert "Files like “plan.exe” are not accepted." in response.content.decode()
    assert Initiative.objects.count() == 0


def test_submissions_are_rate_limited_per_user(author: User, region_by: Any, settings: Any) -> None:
    settings.MOSTY_INITIATIVE_RATE = 2
    data = {
        "title": "Обмен",
        "problem": "п",
        "proposal": "п",
        "expected_effect": "э",
        "category": "youth",
        "regions": [region_by.pk],
    }
    client = _client(author)
    assert client.post(reverse("initiatives:create"), data).status_code == 302
    assert client.post(reverse("initiatives:create"), data).status_code == 302
    response = client.post(reverse("initiatives:create"), data)
    assert response.status_code == 400
    assert "You have proposed as many initiatives as allowed in a day." in response.content.decode()
    assert Initiative.objects.filter(author=author).count() == 2
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1, minutes=1)
    services.initiative_create(
        actor=author, title="Ещё", problem="п", proposal="п", expected_effect="э", category="youth",
        regions=[region_by], now=later,
    )  # fmt: skip


def test_an_unconfirmed_user_cannot_propose(region_by: Any) -> None:
    user = factories.UserFactory.create(verified_email=False)
    response = _client(user).get(reverse("initiatives:create"))
    assert response.status_code == 302


# --- The flow through the pages -----------------------------------------------------------------


def test_the_whole_flow_through_the_pages(
    author: User,
    region_by: Any,
    region_ru: Any,
    moderator: User,
    commission_member: User,
    body: Organisation,
    body_user: User,
    rule: Any,
    no_staff_mfa: None,
) -> None:
    client = _client(author)
    response = client.post(
        reverse("initiatives:create"),
        {
            "title": "Молодёжный обмен Витебск — Смоленск",
            "problem": "Мало общения.",
            "proposal": "Летний обмен.",
            "expected_effect": "Связи.",
            "category": "youth",
            "youth": "young_people",
            "regions": [region_by.pk, region_ru.pk],
            "submit": "1",
        },
    )
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert initiative.status == InitiativeStatus.SUBMITTED
    url = reverse("initiatives:detail", args=[initiative.pk])
    staff = _client(moderator)
    assert "Молодёжный обмен" in staff.get(reverse("initiatives:moderation")).content.decode()
    staff.post(reverse("initiatives:moderate", args=[initiative.pk]), {"decision": "publish"})
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.COLLECTING
    for _n in range(3):
        supporter = _client(factories.UserFactory.create())
        supporter.post(
            reverse("initiatives:support", args=[initiative.pk]), {"region": region_by.pk, "show_name": "on"}
        )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.IN_REVIEW
    commission = _client(commission_member)
    assert "Молодёжный обмен" in commission.get(reverse("initiatives:review")).content.decode()
    commission.post(reverse("initiatives:forward", args=[initiative.pk]), {"body": body.pk})
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.FORWARDED
    answerer = _client(body_user)
    assert "Молодёжный обмен" in answerer.get(reverse("initiatives:inbox")).content.decode()
    response = answerer.post(
        reverse("initiatives:answer", args=[initiative.pk]), {"text": "Обмен проведём.", "document": pdf()}
    )
    assert response.status_code == 302
    assert (
        answerer.get(reverse("initiatives:answer_file", args=[initiative.pk, "document"])).status_code == 200
    )
    assert (
        _client().get(reverse("initiatives:answer_file", args=[initiative.pk, "document"])).status_code == 404
    )
    commission.post(reverse("initiatives:publish_answer", args=[initiative.pk]))
    commission.post(
        reverse("initiatives:close", args=[initiative.pk]),
        {
            "outcome": "commitment",
            "note": "Принято.",
            "commitment_title": "Провести обмен",
            "responsible_organisation": body.pk,
            "deadline": "2030-08-31",
        },
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.CLOSED
    page = _client().get(url).content.decode()
    assert "Provesti" not in page
    assert "Провести обмен" in page
    assert "answer ready" not in page and "closed" in page
    client.post(reverse("initiatives:rate", args=[initiative.pk]), {"score": "4"})
    assert "Rated 4.0 of 5 by 1 reader" in client.get(url).content.decode()


def test_a_refused_support_shows_the_reason(advance: Advance, region_by: Any) -> None:
    initiative = advance(InitiativeStatus.COLLECTING, today=timezone.localdate())
    supporter = factories.UserFactory.create()
    client = _client(supporter)
    client.post(reverse("initiatives:support", args=[initiative.pk]), {"region": region_by.pk})
    response = client.post(
        reverse("initiatives:support", args=[initiative.pk]), {"region": region_by.pk}, follow=True
    )
    assert "You already support this initiative." in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).support_count == 1


def test_similar_initiatives_while_typing_and_without_js(advance: Advance, author: User) -> None:
    advance(InitiativeStatus.COLLECTING)
    client = _client(author)
    partial = client.get(reverse("initiatives:similar"), {"title": "обмен молодёжи"}, HTTP_HX_REQUEST="true")
    assert "Молодёжный обмен Витебск — Смоленск" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    page = client.get(reverse("initiatives:similar"), {"title": "молодёжный обмен"})
    assert "<h1>Similar initiatives</h1>" in page.content.decode()
    nothing = client.get(reverse("initiatives:similar"), {"title": "трамвай"}, HTTP_HX_REQUEST="true")
    assert "No similar initiatives found." in nothing.content.decode()
    checked = client.post(reverse("initiatives:create"), {"title": "Обмен молодёжный", "check": "1"})
    assert "Молодёжный обмен Витебск — Смоленск" in checked.content.decode()
    assert Initiative.objects.count() == 1


def test_list_filters_and_htmx_partial(advance: Advance, region_by: Any) -> None:
    initiative = advance(InitiativeStatus.FORWARDED)
    InitiativeFactory.create(
        status=InitiativeStatus.COLLECTING, title="Футбольный турнир", category="sport", youth=""
    )
    client = _client()
    content = client.get(reverse("initiatives:list"), {"status": "in_progress"}).content.decode()
    assert initiative.title in content and "Футбольный турнир" not in content
    content = client.get(reverse("initiatives:list"), {"youth": "on"}).content.decode()
    assert initiative.title in content and "Футбольный турнир" not in content
    content = client.get(reverse("initiatives:list"), {"region": region_by.pk}).content.decode()
    assert initiative.title in content and "Футбольный турнир" not in content
    partial = client.get(
        reverse("initiatives:list"), {"category": "sport"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Футбольный турнир" in partial and "<h1>" not in partial


# --- Query counts -------------------------------------------------------------------------------


def _bulk(count: int, author: User, body: Organisation) -> None:
    for n in range(count):
        InitiativeFactory.create(
            author=author,
            status=InitiativeStatus.FORWARDED if n % 2 else InitiativeStatus.COLLECTING,
            body=body if n % 2 else None,
            forwarded_on=TODAY if n % 2 else None,
            answer_due=TODAY + datetime.timedelta(days=30) if n % 2 else None,
            threshold=10,
        )


@pytest.mark.parametrize("count", [1, 30])
def test_public_list_query_count_does_not_grow(
    count: int, author: User, body: Organisation, django_assert_num_queries: Any, settings: Any
) -> None:
    settings.MOSTY_PAGE_SIZE = 50
    _bulk(count, author, body)
    client = _client()
    with django_assert_num_queries(3):  # the filter's regions, the count, the page
        response = client.get(reverse("initiatives:list"), {"sort": "supported"})
    assert len(response.context["page"].object_list) == count
    with django_assert_num_queries(3):
        client.get("/api/v1/initiatives")  # count, page, the regions of the page (prefetched)


@pytest.mark.parametrize("count", [2, 30])
def test_queues_query_counts_do_not_grow(
    count: int,
    author: User,
    body: Organisation,
    body_user: User,
    commission_member: User,
    moderator: User,
    django_assert_num_queries: Any,
    settings: Any,
    no_staff_mfa: None,
) -> None:
    settings.MOSTY_PAGE_SIZE = 50
    _bulk(count, author, body)
    Initiative.objects.filter(status=InitiativeStatus.COLLECTING).update(status=InitiativeStatus.SUBMITTED)
    mine, inbox, moderation = _client(author), _client(body_user), _client(moderator)
    mine.get(reverse("initiatives:mine"))
    inbox.get(reverse("initiatives:inbox"))
    moderation.get(reverse("initiatives:moderation"))
    with django_assert_num_queries(MINE_QUERIES):
        mine.get(reverse("initiatives:mine"))
    with django_assert_num_queries(INBOX_QUERIES):
        inbox.get(reverse("initiatives:inbox"))
    with django_assert_num_queries(MODERATION_QUERIES):
        moderation.get(reverse("initiatives:moderation"))


MINE_QUERIES = 5  # session, user, count, page, unread-notifications badge
INBOX_QUERIES = 6  # session, user, represented organisations, count, page, badge
MODERATION_QUERIES = 5  # session, user, count, page, unread-notifications badge


@pytest.mark.parametrize("supporters", [3, 25])
def test_the_page_query_count_does_not_grow_with_supporters(
    supporters: int, advance: Advance, region_by: Any, region_ru: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mosty.initiatives.models import CategoryRule

    CategoryRule.objects.filter(category="youth").update(threshold=100)
    initiative = advance(InitiativeStatus.COLLECTING, today=timezone.localdate())
    for n in range(supporters):
        services.initiative_support(
            actor=factories.UserFactory.create(),
            initiative=initiative,
            region=region_by if n % 2 else region_ru,
            show_name=True,
        )
    client = _client()
    url = reverse("initiatives:detail", args=[initiative.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) == DETAIL_QUERIES, [query["sql"][:80] for query in queries]


DETAIL_QUERIES = 9  # warm: the breakdown by region comes from the cache until the supports change


def test_a_returned_initiative_shows_why_and_is_edited_and_sent_again(
    advance: Advance, author: User, moderator: User, region_by: Any
) -> None:
    initiative = advance(InitiativeStatus.SUBMITTED)
    services.initiative_return(actor=moderator, initiative=initiative, comment="Укажите сроки обмена.")
    client = _client(author)
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "Укажите сроки обмена." in page
    form = client.get(reverse("initiatives:edit", args=[initiative.pk])).content.decode()
    assert "Укажите сроки обмена." in form
    response = client.post(
        reverse("initiatives:edit", args=[initiative.pk]),
        {
            "title": initiative.title,
            "problem": initiative.problem,
            "proposal": "Обмен в июле, две недели.",
            "expected_effect": initiative.expected_effect,
            "category": "youth",
            "youth": "young_people",
            "regions": [region_by.pk],
            "submit": "1",
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED
    assert initiative.proposal == "Обмен в июле, две недели."
    assert list(initiative.regions.all()) == [region_by]
    outsider = _client(factories.UserFactory.create())
    assert outsider.get(reverse("initiatives:edit", args=[initiative.pk])).status_code == 404
