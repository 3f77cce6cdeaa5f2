"""factory_boy factories for the platform's models."""

from __future__ import annotations

from decimal import Decimal

import factory

from renkei.accounts.models import Role, User
from renkei.registry.models import (
    Capability,
    Certification,
    CertificationKind,
    Contact,
    Equipment,
    Material,
    Municipality,
    Organization,
    OrganizationKind,
    Process,
    Site,
    Visibility,
)
from renkei.registry.validators import corporate_number_check_digit


def corporate_number(n: int) -> str:
    base = f"{n:012d}"
    return f"{corporate_number_check_digit(base)}{base}"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"テスト工業{n}株式会社")
    name_kana = factory.Sequence(lambda n: f"テストコウギョウ{n}")
    kind = OrganizationKind.MEMBER
    corporate_number = factory.Sequence(lambda n: corporate_number(900_000_000 + n))
    capital_jpy = 20_000_000
    employees = 40
    listed_in_directory = True


class BuyerOrganizationFactory(OrganizationFactory):
    kind = OrganizationKind.BUYER
    name = factory.Sequence(lambda n: f"テスト発注{n}株式会社")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organization = factory.SubFactory(OrganizationFactory)
    name = "本社工場"
    is_headquarters = True
    postal_code = "373-0001"
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="10205"))
    address = factory.Sequence(lambda n: f"群馬県太田市テスト町{n}-1")


class CapabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capability
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory)
    process = factory.LazyFunction(lambda: Process.objects.get(code="machining-center"))
    monthly_capacity_hours = Decimal("400")
    current_load_hours = Decimal("300")
    tolerance_mm = Decimal("0.01")

    @factory.post_generation
    def materials(self, create, extracted, **kwargs):
        if create:
            codes = extracted if extracted is not None else ["a5052"]
            self.materials.set(Material.objects.filter(code__in=codes))


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment

    site = factory.SubFactory(SiteFactory)
    name = "立形マシニングセンタ"
    maker = "オークマ"
    model_number = "MB-46VA"
    year = 2018


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    organization = factory.SubFactory(OrganizationFactory)
    kind = CertificationKind.ISO9001


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"山田 太郎{n}")
    phone = "0276-00-0000"
    email = factory.Sequence(lambda n: f"contact{n}@example.jp")
    visibility = Visibility.PRIVATE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-renkei-123")
    role = Role.MEMBER
    organization = factory.SubFactory(OrganizationFactory)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class MemberFactory(UserFactory):
    role = Role.MEMBER


class BuyerFactory(UserFactory):
    role = Role.BUYER
    organization = factory.SubFactory(BuyerOrganizationFactory)


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR
    organization = None


# --- supply ---
from renkei.supply.models import BomLine, Item, ItemKind, Sourcing, SourcingStatus  # noqa: E402


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    owner = factory.SubFactory(BuyerOrganizationFactory)
    code = factory.Sequence(lambda n: f"P-{n:04d}")
    name = factory.Sequence(lambda n: f"部品{n}")
    kind = ItemKind.PART


class BomLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BomLine

    parent = factory.SubFactory(ItemFactory)
    child = factory.SubFactory(ItemFactory)
    qty_per_unit = Decimal("1")


class SourcingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sourcing

    item = factory.SubFactory(ItemFactory)
    site = factory.SubFactory(SiteFactory)
    status = SourcingStatus.ACTIVE
    unit_price = Decimal("1200")
    lead_time_days = Decimal("14")
    capacity_per_day = Decimal("100")


# --- orders ---
import datetime as _dt  # noqa: E402

from renkei.orders.models import (  # noqa: E402
    Inspection,
    OrderLine,
    PurchaseOrder,
    Quote,
    QuoteStatus,
    Receipt,
    Rfq,
    RfqLine,
    RfqRecipient,
    RfqStatus,
)


class RfqFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rfq

    buyer = factory.SubFactory(BuyerOrganizationFactory)
    title = factory.Sequence(lambda n: f"見積依頼{n}")
    status = RfqStatus.SENT


class RfqLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RfqLine

    rfq = factory.SubFactory(RfqFactory)
    line_no = factory.Sequence(lambda n: n + 1)
    description = "ブラケット SPCC t1.6"
    quantity = Decimal("100")


class RfqRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RfqRecipient

    rfq = factory.SubFactory(RfqFactory)
    supplier = factory.SubFactory(OrganizationFactory)


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    rfq = factory.SubFactory(RfqFactory)
    supplier = factory.SubFactory(OrganizationFactory)
    status = QuoteStatus.SUBMITTED
    lead_time_days = 14


class PurchaseOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PurchaseOrder

    buyer = factory.SubFactory(BuyerOrganizationFactory)
    supplier = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"PO-{n:05d}")
    order_date = _dt.date(2026, 9, 1)


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    po = factory.SubFactory(PurchaseOrderFactory)
    line_no = factory.Sequence(lambda n: n + 1)
    description = "ブラケット SPCC t1.6"
    qty_ordered = Decimal("100")
    unit_price = Decimal("120")
    promised_date = _dt.date(2026, 9, 10)


class ReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Receipt

    order_line = factory.SubFactory(OrderLineFactory)
    received_date = _dt.date(2026, 9, 8)
    qty_received = Decimal("100")


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    receipt = factory.SubFactory(ReceiptFactory)
    qty_inspected = Decimal("100")
    qty_rejected = Decimal("0")
