"""The demo cluster is complete, valid and realistic (one build of 40 firms per module)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date

import pytest
from django.urls import reverse

from renkei.accounts.models import Role, User
from renkei.demo import DEMO_PASSWORD
from renkei.registry.models import (
    Capability,
    Certification,
    CertificationKind,
    Contact,
    Equipment,
    Organization,
    OrganizationKind,
    Site,
    SkillHolding,
    Visibility,
)
from renkei.registry.reference_data import MUNICIPALITIES
from renkei.registry.validators import validate_corporate_number
from tests.platform.demo import TEST_TODAY
from tests.platform.demo.conftest import FIRMS

pytestmark = pytest.mark.django_db

# Written down independently of the generator: the real postal-code prefixes and area codes.
POSTAL_PREFIXES = {
    "10201": ("371-", "379-2"),
    "10202": ("370-",),
    "10203": ("376-",),
    "10204": ("372-", "379-2", "370-01"),
    "10205": ("373-", "370-03", "370-04", "379-23"),
    "10206": ("378-",),
    "10207": ("374-",),
    "10208": ("377-",),
    "10209": ("375-",),
    "10210": ("370-2", "379-0"),
    "10211": ("379-0", "379-1"),
    "10212": ("376-", "379-23"),
    "10345": ("370-36",),
    "10464": ("370-11",),
    "10523": ("370-07",),
    "10524": ("370-05",),
    "10525": ("370-06",),
    "09202": ("326-",),
    "11202": ("360-",),
}
AREA_CODES = {
    "10201": "027", "10202": "027", "10211": "027", "10203": "0277", "10212": "0277",
    "10204": "0270", "10464": "0270", "10205": "0276", "10207": "0276", "10523": "0276",
    "10524": "0276", "10525": "0276", "10206": "0278", "10208": "0279", "10345": "0279",
    "10209": "0274", "10210": "0274", "09202": "0284", "11202": "048",
}  # fmt: skip
CENTRES = {code: (lat, lon) for code, _, _, _, lat, lon in MUNICIPALITIES}
KATAKANA = re.compile(r"^[ァ-ヶー・ 　]+$")


def members():
    return Organization.objects.filter(kind=OrganizationKind.MEMBER)


def test_counts(demo):
    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    assert kinds[OrganizationKind.MEMBER] == FIRMS
    assert kinds[OrganizationKind.BUYER] >= 5
    assert kinds[OrganizationKind.SUPPORT] == 1
    assert kinds[OrganizationKind.MUNICIPALITY] == 1
    assert kinds[OrganizationKind.RESEARCH] >= 1
    roles = Counter(User.objects.values_list("role", flat=True))
    assert roles[Role.COORDINATOR] == 1
    assert roles[Role.BUYER] == kinds[OrganizationKind.BUYER]
    assert roles[Role.MEMBER] == FIRMS
    assert demo.counts["organization"] == sum(kinds.values())
    assert Site.objects.count() >= FIRMS and Capability.objects.count() >= 2 * FIRMS


def test_a_sample_of_every_model_passes_full_clean(demo):
    for model in (Organization, Site, Capability, Equipment, Certification, Contact, SkillHolding):
        for obj in model.objects.order_by("pk")[:25]:
            obj.full_clean()
    for user in User.objects.order_by("pk")[:10]:
        user.full_clean()


def test_corporate_numbers_are_valid_and_unique(demo):
    numbers = list(Organization.objects.values_list("corporate_number", flat=True))
    for number in numbers:
        validate_corporate_number(number)
    assert len(set(numbers)) == len(numbers)
    # A local government's number is 000020 + its code with check digit (Ota: 102059).
    city = Organization.objects.get(kind=OrganizationKind.MUNICIPALITY)
    assert city.corporate_number[1:] == "000020102059"


def test_names_are_japanese_with_legal_forms_of_their_time(demo):
    for org in members():
        assert KATAKANA.match(org.name_kana), org.name_kana
        assert org.name_en.isascii() and org.name_en
        forms = [f for f in ("株式会社", "有限会社", "合同会社") if f in org.name]
        assert len(forms) == 1, org.name
        assert forms[0] not in org.name_kana
        if forms[0] == "有限会社":
            assert org.founded_year < 2006  # no new 有限会社 since the Companies Act
        if forms[0] == "合同会社":
            assert org.founded_year >= 2006
    assert members().values("name").distinct().count() == FIRMS


def test_firm_sizes_look_like_regional_smes(demo):
    employees = list(members().values_list("employees", flat=True))
    assert all(3 <= e <= 300 for e in employees)
    assert sum(5 <= e <= 50 for e in employees) >= 0.6 * len(employees)
    assert all(org.is_sme for org in members())
    for org in members():
        # Capital grows with headcount: no ¥300M micro-firm, no ¥1M firm of 200 people.
        assert org.capital_jpy <= 10_000_000 or org.employees >= 10
        assert org.capital_jpy >= 10_000_000 or org.employees < 30 or "有限会社" in org.name


def test_directory_listing_share(demo):
    listed = members().filter(listed_in_directory=True).count()
    assert listed == round(0.7 * FIRMS)


def test_sites_are_in_their_real_municipalities(demo):
    for site in Site.objects.all():
        code = site.municipality_id
        assert code in CENTRES
        assert 24.0 <= site.latitude <= 46.0 and 122.0 <= site.longitude <= 154.0
        lat0, lon0 = CENTRES[code]
        assert abs(site.latitude - lat0) < 0.06 and abs(site.longitude - lon0) < 0.06
        assert site.postal_code.startswith(POSTAL_PREFIXES[code]), (code, site.postal_code)
        municipality = site.municipality
        district = "" if municipality.name_ja.endswith("市") else r"\w+郡"
        assert re.match(f"{municipality.prefecture}{district}{municipality.name_ja}", site.address)
    assert Site.objects.exclude(hazard_zones=[]).exists()
    for org in Organization.objects.all():
        assert org.sites.filter(is_headquarters=True).count() == 1


def test_main_phone_numbers_use_the_area_code_of_the_headquarters(demo):
    for org in members():
        president = org.contacts.get(title="代表取締役")
        area = AREA_CODES[org.headquarters.municipality_id]
        assert president.phone.startswith(area + "-"), (president.phone, area)
        assert len(president.phone.replace("-", "")) == 10


def test_capabilities_are_consistent(demo):
    caps = list(Capability.objects.select_related("process", "site__organization"))
    within = [c for c in caps if c.current_load_hours <= c.monthly_capacity_hours]
    assert len(within) >= 0.9 * len(caps)
    for cap in caps:
        assert cap.monthly_capacity_hours > 0
        assert cap.load_ratio is not None and 0.3 <= cap.load_ratio <= 1.1
    # Capacity follows headcount: a firm's labour hours times its machines' leverage (≤ 3).
    hours: dict[int, float] = defaultdict(float)
    for cap in caps:
        hours[cap.site.organization_id] += float(cap.monthly_capacity_hours)
    for org in members():
        assert hours[org.pk] <= org.employees * 176 * 3 + 50
        assert hours[org.pk] >= org.employees * 100
    # Materials fit the process: resin for moulding, no resin on a press.
    for cap in Capability.objects.filter(process__code="injection-moulding"):
        assert set(cap.materials.values_list("code", flat=True)) <= {
            "pa66",
            "pom",
            "pc",
            "abs",
            "pp",
            "peek",
        }
    for cap in Capability.objects.filter(process__code="pressing"):
        assert not set(cap.materials.values_list("code", flat=True)) & {"pa66", "abs", "pp", "fr4"}


def test_equipment_matches_capabilities(demo):
    offered = set(Capability.objects.values_list("site_id", "process_id"))
    machines = Equipment.objects.filter(site__organization__kind=OrganizationKind.MEMBER)
    for eq in machines.select_related("site__organization"):
        assert (eq.site_id, eq.process_id) in offered
        assert eq.maker and eq.model_number and eq.count >= 1
        assert min(eq.site.organization.founded_year, 1985) <= eq.year <= TEST_TODAY.year


def test_certifications_are_consistent(demo):
    certs = list(Certification.objects.all())
    assert Counter(c.kind for c in certs)[CertificationKind.ISO9001] >= 0.3 * FIRMS
    for cert in certs:
        assert cert.number and cert.issuer and cert.expires_on
        if cert.kind in (CertificationKind.IATF16949, CertificationKind.JISQ9100):
            assert Certification.objects.filter(
                organization=cert.organization_id, kind=CertificationKind.ISO9001
            ).exists()
    expired = [c for c in certs if not c.is_valid_on(TEST_TODAY)]
    assert len(expired) <= 0.25 * len(certs)
    assert all(c.expires_on > date(2025, 1, 1) for c in certs)


def test_contacts_and_emergency_tree(demo):
    visibilities = set(Contact.objects.values_list("visibility", flat=True))
    assert visibilities == set(Visibility.values)
    for org in Organization.objects.all():
        contacts = list(org.contacts.all())
        assert len(contacts) >= 2
        orders = [c.emergency_order for c in contacts if c.emergency_order is not None]
        assert sorted(orders) == list(range(1, len(orders) + 1))
        assert [c.emergency_role for c in contacts].count("primary") == 1
        for c in contacts:
            assert re.fullmatch(r"[a-z]\.[a-z-]+@[a-z0-9.-]+\.example\.jp", c.email), c.email
            assert re.fullmatch(r"0\d{1,4}-\d{1,4}-\d{4}", c.phone), c.phone
            assert " " in c.name  # 姓 名
    big = members().filter(employees__gte=100)
    for org in big:
        assert org.contacts.filter(emergency_role="bcp_lead").exists()


def test_skills_succession_fits_headcount(demo):
    for org in members():
        holdings = list(org.skill_holdings.all())
        assert holdings, org.name
        assert sum(h.workers for h in holdings) <= org.employees
        processes = set(
            Capability.objects.filter(site__organization=org).values_list("process_id", flat=True)
        )
        assert {h.process_id for h in holdings} <= processes
    bands = Counter()
    for holding in SkillHolding.objects.all():
        bands[holding.age_band] += holding.workers
    # An ageing workforce: more skilled people over 50 than under 40.
    assert bands["50s"] + bands["60p"] > bands["u30"] + bands["30s"]


@pytest.mark.parametrize("username", ["coordinator", "b01", f"m{FIRMS:03d}"])
def test_demo_logins_work(client, demo, username):
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(pk=client.session["_auth_user_id"])
    assert user.username == username
    assert user.last_name and user.first_name and not user.first_name.isascii()


def test_login_roles_and_organisations(demo):
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.is_coordinator
    assert coordinator.organization.kind == OrganizationKind.SUPPORT
    for login in demo.logins:
        user = User.objects.get(username=login.username)
        assert user.role == login.role
        assert user.organization.name == login.organization
        expected_kind = {
            Role.MEMBER: OrganizationKind.MEMBER,
            Role.BUYER: OrganizationKind.BUYER,
            Role.COORDINATOR: OrganizationKind.SUPPORT,
        }[user.role]
        assert user.organization.kind == expected_kind
    assert (
        User.objects.get(username="m001").get_full_name()
        == demo.logins_with_role(Role.MEMBER)[0].name
    )
