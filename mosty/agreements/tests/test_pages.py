"""The agreement pages: list filters and sorting, the cost in queries, the agreement page, the forms,
documents behind the access check, and the forum page."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mosty import factories
from mosty.accounts.models import User
from mosty.agreements import services
from mosty.agreements.models import Agreement, AgreementKind, AgreementParty, AgreementStatus, Visibility
from mosty.agreements.services import PartyInput
from mosty.commitments.models import COUNTERPART_SAME_COUNTRY, Commitment, Status
from mosty.events.models import Event
from mosty.organisations.models import Organisation
from mosty.territories.models import Region

from .conftest import SIGNED

pytestmark = pytest.mark.usefixtures("no_staff_mfa")

PDF = b"%PDF-1.4 test"


def _ids(response: Any) -> list[int]:
    return [agreement.pk for agreement in response.context["page"].object_list]


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _commitment(agreement: Agreement, region: Region, **fields: Any) -> Commitment:
    return Commitment.objects.create(
        source_kind="agreement",
        source_id=agreement.pk,
        title="Пункт плана",
        responsible_region=region,
        **fields,
    )


def _bulk(count: int, region_ru: Region, region_by: Region, *, forum: Event | None = None) -> None:
    """`count` agreements with two parties and two commitments each, written in bulk."""
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(title=f"Соглашение {n}", kind="regions", status="signed", signed_on=SIGNED, event=forum)
            for n in range(count)
        ]
    )
    AgreementParty.objects.bulk_create(
        [
            AgreementParty(agreement=a, region=r, order=i)
            for a in agreements
            for i, r in enumerate((region_ru, region_by))
        ]
    )
    Commitment.objects.bulk_create(
        [
            Commitment(
                source_kind="agreement",
                source_id=a.pk,
                title="П",
                responsible_region=region_ru,
                status=status,
                completed_on=SIGNED if status == Status.DONE else None,
            )
            for a in agreements
            for status in (Status.DONE, Status.PLANNED)
        ]
    )


# --- The list -------------------------------------------------------------------------------------------


def test_list_shows_parties_status_progress_and_overdue(
    client: Client, agreement: Agreement, region_ru: Region
) -> None:
    _commitment(agreement, region_ru, status=Status.DONE, completed_on=SIGNED, weight=3)
    _commitment(agreement, region_ru, deadline=datetime.date(2020, 1, 1))
    html = client.get(reverse("agreements:list")).content.decode()
    assert "№ 12-01 Соглашение о торгово-экономическом сотрудничестве" in html
    assert "Смоленская область; Витебская область" in html
    assert "75%" in html  # weight 3 done of 4
    assert '<span class="badge badge-warn">1</span>' in html


def test_list_filters(
    client: Client,
    agreement: Agreement,
    restricted: Agreement,
    forum: Event,
    region_ru: Region,
    region_by: Region,
    organisation: Organisation,
    commission_member: User,
    other_region: Region,
) -> None:
    sector = factories.SectorFactory(code="C")
    division = factories.SectorFactory(code="10", parent=sector)
    agreement.sectors.add(division)
    late = services.agreement_create(
        actor=commission_member,
        title="Меморандум",
        kind=AgreementKind.MEMORANDUM,
        status="signed",
        signed_on=datetime.date(2019, 3, 1),
        parties=[PartyInput(region=region_ru), PartyInput(region=other_region)],
    )
    _commitment(late, region_ru, deadline=datetime.date(2020, 1, 1))
    settlement = factories.SettlementFactory(region=region_by)
    town = services.agreement_create(
        actor=commission_member,
        title="Побратимы",
        kind=AgreementKind.BETWEEN_MUNICIPALITIES,
        parties=[PartyInput(settlement=settlement), PartyInput(region=region_ru)],
    )
    client.force_login(commission_member)
    url = reverse("agreements:list")
    assert set(_ids(client.get(url))) == {agreement.pk, restricted.pk, late.pk, town.pk}
    assert set(_ids(client.get(url, {"country": "BY"}))) == {agreement.pk, restricted.pk, town.pk}
    assert set(_ids(client.get(url, {"region": "RU-KLU"}))) == {late.pk}
    assert set(_ids(client.get(url, {"region": "BY-VI"}))) == {agreement.pk, restricted.pk, town.pk}
    assert _ids(client.get(url, {"settlement": settlement.pk})) == [town.pk]
    assert _ids(client.get(url, {"forum": forum.pk})) == [agreement.pk]
    assert _ids(client.get(url, {"kind": "memorandum"})) == [late.pk]
    assert _ids(client.get(url, {"status": "draft"})) == [town.pk]
    assert _ids(client.get(url, {"sector": "C"})) == [agreement.pk]
    assert _ids(client.get(url, {"year": 2019})) == [late.pk]
    assert _ids(client.get(url, {"overdue": "on"})) == [late.pk]
    titles = [a.title for a in client.get(url, {"sort": "title"}).context["page"].object_list]
    assert titles == sorted(titles)


def test_list_hides_restricted_agreements_from_outsiders(
    client: Client, agreement: Agreement, restricted: Agreement, coordinator: User
) -> None:
    assert _ids(client.get(reverse("agreements:list"))) == [agreement.pk]
    assert set(_ids(_logged_in(coordinator).get(reverse("agreements:list")))) == {agreement.pk, restricted.pk}


def test_list_shows_amounts_and_their_rouble_total_with_the_rates_date(
    client: Client, agreement: Agreement, restricted: Agreement, commission_member: User
) -> None:
    factories.CurrencyRateFactory(
        currency="BYN", valid_from=datetime.date(2026, 1, 1), rate_to_rub=Decimal("27.5")
    )
    Agreement.objects.filter(pk=agreement.pk).update(amount=Decimal("1000"), currency="BYN")
    Agreement.objects.filter(pk=restricted.pk).update(amount=Decimal("500"), currency="RUB")
    html = _logged_in(commission_member).get(reverse("agreements:list")).content.decode()
    assert "1 000,00 BYN" in html.replace("\xa0", " ")
    assert "500,00 RUB" in html
    assert "≈ 28 000 RUB" in html.replace("\xa0", " ")
    assert "01.01.2026" in html or "1 января 2026" in html


# Filter form (countries, regions, forums, sectors), session-less page: count, rows, parties, sectors,
# amounts per currency; rates only when there are amounts.
LIST_QUERIES = 9


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow_with_rows(
    client: Client,
    region_ru: Region,
    region_by: Region,
    django_assert_num_queries: Any,
    count: int,
    settings: Any,
) -> None:
    settings.MOSTY_PAGE_SIZE = 50
    _bulk(count, region_ru, region_by)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("agreements:list"))
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [10, 200])
def test_list_and_api_cost_the_same_for_10_and_200_agreements(
    client: Client, region_ru: Region, region_by: Region, django_assert_num_queries: Any, count: int
) -> None:
    _bulk(count, region_ru, region_by)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("agreements:list"), {"page": 2})
    with django_assert_num_queries(API_QUERIES):
        client.get("/api/v1/agreements", {"overdue": "false"})


API_QUERIES = 4  # count, rows, parties, sectors


@pytest.mark.parametrize("count", [3, 30])
def test_forum_page_query_count_does_not_grow_with_rows(
    client: Client,
    forum: Event,
    region_ru: Region,
    region_by: Region,
    django_assert_num_queries: Any,
    count: int,
) -> None:
    _bulk(count, region_ru, region_by, forum=forum)
    with django_assert_num_queries(FORUM_QUERIES):
        response = client.get(reverse("agreements:forum", args=[forum.pk]))
    assert response.context["page"].paginator.count == count


FORUM_QUERIES = 7  # event, count, rows, parties, sectors, scorecard, totals


# --- The agreement page ---------------------------------------------------------------------------------


def test_agreement_page_shows_parties_plan_progress_timeline_and_documents(
    client: Client,
    agreement: Agreement,
    commission_member: User,
    region_ru: Region,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    services.agreement_add_commitment(
        actor=commission_member,
        agreement=agreement,
        title="Провести ярмарку",
        responsible_region=region_ru,
        deadline=datetime.date(2026, 9, 1),
        planned_value=Decimal(2),
        indicator_unit="ярмарки",
    )
    services.agreement_add_document(
        actor=commission_member, agreement=agreement, file=SimpleUploadedFile("text.pdf", PDF), title="Текст"
    )
    html = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "В. Анохин" in html and "Губернатор" in html
    assert "Провести ярмарку" in html
    assert "0 / 2.00 ярмарки" in html or "0 / 2,00 ярмарки" in html
    assert "Обязательство записано" in html or "Commitment recorded" in html or "Провести ярмарку" in html
    assert (
        "Текст" in html
        and reverse("agreements:document", args=[agreement.pk, agreement.documents.get().pk]) in html
    )
    assert "Change history" not in html and "История изменений" not in html  # staff only


def test_edit_links_only_for_editors(client: Client, agreement: Agreement, coordinator: User) -> None:
    edit = reverse("agreements:edit", args=[agreement.pk])
    assert edit not in client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert (
        edit
        in _logged_in(coordinator).get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    )


def test_restricted_documents_are_served_only_to_those_who_see_the_agreement(
    client: Client,
    restricted: Agreement,
    commission_member: User,
    coordinator: User,
    citizen: User,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    document = services.agreement_add_document(
        actor=commission_member, agreement=restricted, file=SimpleUploadedFile("contract.pdf", PDF)
    )
    url = reverse("agreements:document", args=[restricted.pk, document.pk])
    assert client.get(url).status_code == 404
    assert _logged_in(citizen).get(url).status_code == 404
    response = _logged_in(coordinator).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "contract.pdf" in response["Content-Disposition"]
    # A document id under another agreement is not found.
    assert (
        _logged_in(commission_member).get(reverse("agreements:document", args=[999, document.pk])).status_code
        == 404
    )


# --- Forms ----------------------------------------------------------------------------------------------


def test_coordinator_creates_an_agreement_through_the_form(
    coordinator: User, region_ru: Region, region_by: Region
) -> None:
    data = {
        "title": "Соглашение о сотрудничестве в области образования",
        "kind": "regions",
        "status": "signed",
        "signed_on": "2025-06-26",
        "prolongation": "none",
        "visibility": "public",
        "party-TOTAL_FORMS": "4",
        "party-INITIAL_FORMS": "0",
        "party-0-region": str(region_ru.pk),
        "party-0-signatory_name": "В. Анохин",
        "party-1-region": str(region_by.pk),
    }
    response = _logged_in(coordinator).post(reverse("agreements:create"), data)
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "agreements:detail", args=[agreement.pk]
    )
    assert agreement.status == AgreementStatus.SIGNED
    assert [p.signatory_name for p in agreement.parties.all()] == ["В. Анохин", ""]


def test_form_keeps_what_was_typed_and_shows_the_refusal(coordinator: User, region_ru: Region) -> None:
    data = {
        "title": "Соглашение",
        "kind": "regions",
        "status": "draft",
        "prolongation": "none",
        "visibility": "public",
        "amount": "-5",
        "currency": "RUB",
        "party-TOTAL_FORMS": "4",
        "party-INITIAL_FORMS": "0",
        "party-0-region": str(region_ru.pk),
    }
    response = _logged_in(coordinator).post(reverse("agreements:create"), data, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Соглашение" in html
    assert (
        "An agreement has at least two parties." in html or "не менее двух" in html or "two parties" in html
    )
    assert not Agreement.objects.exists()


def test_stale_edit_form_shows_the_conflict_and_saves_nothing(
    agreement: Agreement, coordinator: User, commission_member: User
) -> None:
    old_version = agreement.version
    services.agreement_update(
        actor=commission_member, agreement=agreement, expected_version=old_version, place="Минск"
    )
    data = {
        "version": str(old_version),
        "title": "Чужая правка",
        "kind": "regions",
        "signed_on": "2025-06-26",
        "prolongation": "none",
        "visibility": "public",
    }
    response = _logged_in(coordinator).post(reverse("agreements:edit", args=[agreement.pk]), data)
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title != "Чужая правка" and agreement.place == "Минск"


def test_status_form_moves_the_agreement_along_the_lifecycle(agreement: Agreement, coordinator: User) -> None:
    client = _logged_in(coordinator)
    client.post(
        reverse("agreements:status", args=[agreement.pk]),
        {"status": "in_force", "version": agreement.version},
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE
    client.post(
        reverse("agreements:status", args=[agreement.pk]), {"status": "draft", "version": agreement.version}
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.IN_FORCE


def test_commitment_form_refuses_a_deadline_before_signing(
    agreement: Agreement, coordinator: User, region_ru: Region
) -> None:
    data = {
        "title": "Ярмарка",
        "responsible_region": region_ru.pk,
        "deadline": "2020-01-01",
        "report_every": "none",
        "weight": 1,
    }
    response = _logged_in(coordinator).post(reverse("agreements:commitment_add", args=[agreement.pk]), data)
    assert response.status_code == 200
    assert "2025-06-26" in response.content.decode()
    assert not Commitment.objects.exists()
    data["deadline"] = "2026-01-01"
    response = _logged_in(coordinator).post(reverse("agreements:commitment_add", args=[agreement.pk]), data)
    assert response.status_code == 302
    assert Commitment.objects.get().source_id == agreement.pk


def test_commitment_form_takes_the_responsible_party_on_the_other_side(
    agreement: Agreement, coordinator: User, region_ru: Region, region_by: Region, other_region: Region
) -> None:
    data = {
        "title": "Совместная ярмарка",
        "responsible_region": region_ru.pk,
        "counterpart_region": other_region.pk,
        "report_every": "none",
        "weight": 1,
    }
    url = reverse("agreements:commitment_add", args=[agreement.pk])
    response = _logged_in(coordinator).post(url, data)
    assert response.status_code == 200
    with translation.override("ru"):
        assert str(COUNTERPART_SAME_COUNTRY) in response.content.decode()
    assert not Commitment.objects.exists()

    data["counterpart_region"] = region_by.pk
    assert _logged_in(coordinator).post(url, data).status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.responsible_region, commitment.counterpart_region) == (region_ru, region_by)
    page = _logged_in(coordinator).get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert 'Смоленская область <span class="muted">(Россия)</span> · Витебская область' in page


# --- The forum page -------------------------------------------------------------------------------------


def test_forum_page_shows_what_became_of_each_agreement(
    client: Client,
    agreement: Agreement,
    forum: Event,
    region_ru: Region,
    commission_member: User,
    region_by: Region,
) -> None:
    _commitment(
        agreement,
        region_ru,
        status=Status.DONE,
        deadline=datetime.date(2025, 9, 1),
        completed_on=datetime.date(2025, 10, 1),
    )
    _commitment(agreement, region_ru, status=Status.DONE, completed_on=SIGNED)
    _commitment(agreement, region_ru, deadline=datetime.date(2020, 1, 1), status=Status.OVERDUE)
    hidden = services.agreement_create(
        actor=commission_member,
        title="Секретное",
        kind="regions",
        event=forum,
        visibility=Visibility.RESTRICTED,
        parties=[PartyInput(region=region_ru), PartyInput(region=region_by)],
    )
    response = client.get(reverse("agreements:forum", args=[forum.pk]))
    html = response.content.decode()
    assert _ids(response) == [agreement.pk]
    assert "Секретное" not in html
    row = response.context["page"].object_list[0]
    assert (row.commitments_total, row.done_count, row.late_count, row.overdue_count) == (3, 2, 1, 1)
    assert round(row.progress) == 67
    scorecard = response.context["scorecard"]
    assert (scorecard.total, scorecard.done_on_time, scorecard.done_late, scorecard.overdue) == (3, 1, 1, 1)
    assert hidden.pk in _ids(_logged_in(commission_member).get(reverse("agreements:forum", args=[forum.pk])))


def test_forum_page_of_an_unknown_event_is_404(client: Client, db: None) -> None:
    assert client.get(reverse("agreements:forum", args=[999])).status_code == 404
