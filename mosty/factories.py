"""factory-boy factories shared by every app's tests."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from mosty.accounts.models import Role, User
from mosty.events.models import Event, EventKind
from mosty.organisations.models import Organisation, OrganisationKind
from mosty.sectors.models import Sector
from mosty.territories.models import Country, Region, RegionKind, Settlement
from mosty.ties.models import Tie, TieKind


class CountryFactory(factory.django.DjangoModelFactory[Country]):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "RU"
    name_ru = factory.LazyAttribute(lambda o: {"RU": "Россия", "BY": "Беларусь"}.get(o.code, o.code))
    name_be = factory.LazyAttribute(lambda o: {"RU": "Расія", "BY": "Беларусь"}.get(o.code, o.code))
    name_en = factory.LazyAttribute(lambda o: {"RU": "Russia", "BY": "Belarus"}.get(o.code, o.code))


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    country = factory.SubFactory(CountryFactory)
    code = factory.Sequence(lambda n: f"RU-T{n:02d}")
    kind = RegionKind.OBLAST
    name_ru = factory.Sequence(lambda n: f"Тестовая область {n}")
    name_be = factory.Sequence(lambda n: f"Тэставая вобласць {n}")
    name_en = factory.Sequence(lambda n: f"Test Oblast {n}")
    centre_ru = "Центр"
    centre_be = "Цэнтр"
    centre_en = "Centre"
    latitude = 55.0
    longitude = 37.0


class SettlementFactory(factory.django.DjangoModelFactory[Settlement]):
    class Meta:
        model = Settlement

    geonameid = factory.Sequence(lambda n: 9_000_000 + n)
    region = factory.SubFactory(RegionFactory)
    name_ru = factory.Sequence(lambda n: f"Город {n}")
    name_be = factory.Sequence(lambda n: f"Горад {n}")
    name_en = factory.Sequence(lambda n: f"Town {n}")
    population = 10_000
    latitude = 55.0
    longitude = 37.0


class SectorFactory(factory.django.DjangoModelFactory[Sector]):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n % 100:02d}")
    name_ru = factory.Sequence(lambda n: f"Отрасль {n}")
    name_be = factory.Sequence(lambda n: f"Галіна {n}")
    name_en = factory.Sequence(lambda n: f"Sector {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Пользователь {n}")
    role = Role.CITIZEN
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def verified_email(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    kind = OrganisationKind.EXECUTIVE
    region = factory.SubFactory(RegionFactory)
    name_ru = factory.Sequence(lambda n: f"Организация {n}")
    name_be = factory.Sequence(lambda n: f"Арганізацыя {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")


class TieFactory(factory.django.DjangoModelFactory[Tie]):
    class Meta:
        model = Tie

    kind = TieKind.PARTNER_REGIONS
    region_a = factory.SubFactory(RegionFactory)
    region_b = factory.SubFactory(RegionFactory, country=factory.SubFactory(CountryFactory, code="BY"))


class EventFactory(factory.django.DjangoModelFactory[Event]):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.ROUND_TABLE
    title_ru = factory.Sequence(lambda n: f"Круглый стол {n}")
    title_be = factory.Sequence(lambda n: f"Круглы стол {n}")
    title_en = factory.Sequence(lambda n: f"Round table {n}")
    year = 2026


# --- commitments ----------------------------------------------------------------------------------
import datetime  # noqa: E402 - appended section

from mosty.commitments.models import Commitment, ProgressReport  # noqa: E402 - appended section


class CommitmentFactory(factory.django.DjangoModelFactory[Commitment]):
    """A public commitment of an agreement, with a responsible organisation (give a region instead
    with responsible_organisation=None, responsible_region=...)."""

    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Провести совместную выставку № {n}")
    responsible_organisation = factory.SubFactory(OrganisationFactory)
    source_kind = "agreement"
    source_id = 1


class ProgressReportFactory(factory.django.DjangoModelFactory[ProgressReport]):
    class Meta:
        model = ProgressReport

    commitment = factory.SubFactory(CommitmentFactory)
    reported_on = factory.LazyFunction(datetime.date.today)
    text = "Выставка проведена, участвовали 12 предприятий."
    author = factory.SubFactory(UserFactory, role=Role.REPRESENTATIVE)


# --- Money and agreements -------------------------------------------------------------------------

import datetime  # noqa: E402

from mosty.agreements.models import Agreement, AgreementKind, AgreementParty, AgreementStatus  # noqa: E402
from mosty.money.models import CurrencyRate  # noqa: E402


class CurrencyRateFactory(factory.django.DjangoModelFactory[CurrencyRate]):
    class Meta:
        model = CurrencyRate

    currency = "BYN"
    valid_from = datetime.date(2026, 1, 1)
    rate_to_rub = factory.LazyAttribute(lambda o: {"BYN": 27.5, "USD": 90, "EUR": 100}.get(o.currency, 1))
    source = "Банк России"


class AgreementFactory(factory.django.DjangoModelFactory[Agreement]):
    """An agreement row without parties; tests that need the service's checks call agreement_create."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Соглашение о сотрудничестве {n}")
    kind = AgreementKind.BETWEEN_REGIONS
    status = AgreementStatus.SIGNED
    signed_on = datetime.date(2025, 6, 1)


class AgreementPartyFactory(factory.django.DjangoModelFactory[AgreementParty]):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    region = factory.SubFactory(RegionFactory)
    signatory_name = factory.Sequence(lambda n: f"Подписант {n}")
    signatory_position = "Губернатор"


# --- Projects and programmes ----------------------------------------------------------------------

from mosty.projects.models import PartnerRole, Project, ProjectKind, ProjectPartner  # noqa: E402


class ProjectFactory(factory.django.DjangoModelFactory[Project]):
    """A public project row without partners; tests that need the service's checks call project_create."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    kind = ProjectKind.COOPERATION_PROJECT
    title = factory.Sequence(lambda n: f"Совместный проект № {n}")
    goals = "Развитие приграничного сотрудничества."
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2027, 12, 31)


class ProjectPartnerFactory(factory.django.DjangoModelFactory[ProjectPartner]):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    region = factory.SubFactory(RegionFactory)
    role = PartnerRole.LEAD
