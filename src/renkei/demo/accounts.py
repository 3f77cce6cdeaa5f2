"""Demo logins: one coordinator, one user per buyer (b01 …) and per member firm (m001 …).

Every demo user has the same documented password, :data:`DEMO_PASSWORD`. It is hashed once
and the hash reused, which turns 150 PBKDF2 rounds (a minute on a small machine) into one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from renkei.accounts.models import Role, User
from renkei.demo.plans import DemoContext, OrgPlan

DEMO_PASSWORD = "renkei-demo-2026"
COORDINATOR_USERNAME = "coordinator"


@dataclass(frozen=True)
class Login:
    username: str
    name: str  # display name, 姓 名
    role: str
    organization: str
    organization_key: str


def username_for(plan: OrgPlan) -> str | None:
    if plan.kind == "support":
        return COORDINATOR_USERNAME
    if plan.kind in ("member", "buyer"):
        return plan.key  # m001, b01
    return None


ROLE_OF_KIND = {"support": Role.COORDINATOR, "member": Role.MEMBER, "buyer": Role.BUYER}


def build(ctx: DemoContext) -> list[Login]:
    password = make_password(DEMO_PASSWORD)
    users: list[User] = []
    logins: list[Login] = []
    for plan in ctx.plans:
        username = username_for(plan)
        if username is None or plan.login is None:
            continue
        who = plan.login.person
        user = User(
            username=username,
            password=password,
            first_name=who.given.kanji,
            last_name=who.surname.kanji,
            email=plan.login.email,
            role=ROLE_OF_KIND[plan.kind],
            organization=ctx.organizations[plan.key],
        )
        user.full_clean(
            exclude=["password", "organization"], validate_unique=False, validate_constraints=False
        )
        users.append(user)
        logins.append(Login(username, who.name, user.role, plan.name, plan.key))
    User.objects.bulk_create(users, batch_size=500)
    ctx.counts["user"] = len(users)
    ctx.progress(1.0, "accounts")
    return logins


def reset() -> None:
    """Delete the users of organisations and the demo coordinator; other accounts stay."""
    User.objects.filter(organization__isnull=False, is_superuser=False).delete()
    # An administrator attached to an organisation keeps the account, not the attachment.
    User.objects.filter(organization__isnull=False).update(organization=None)
    User.objects.filter(username=COORDINATOR_USERNAME, is_superuser=False).delete()
