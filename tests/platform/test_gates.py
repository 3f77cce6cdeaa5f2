"""One way to say each permission: the cross-app predicates of renkei.common.permissions, and
no ad-hoc check outside the apps' ``permissions.py`` modules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from renkei.common.permissions import is_coordinator, own_organization, require
from tests.factories import CoordinatorFactory, UserFactory

SRC = Path(__file__).resolve().parents[2] / "src" / "renkei"


def test_is_coordinator_answers_for_anyone(coordinator, member_a, buyer, admin_user):
    assert is_coordinator(coordinator) and is_coordinator(admin_user)
    for someone in (member_a, buyer, AnonymousUser(), None):
        assert not is_coordinator(someone)


def test_require_refuses_with_403_unless_allowed():
    require(True)
    with pytest.raises(PermissionDenied):
        require(False)


def test_own_organization_is_the_users_firm_or_a_403(member_a, firm_a, coordinator):
    assert own_organization(member_a) == firm_a
    for nobody in (coordinator, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            own_organization(nobody)


def test_a_coordinator_of_a_firm_still_acts_for_it_only(firm_a):
    staff = CoordinatorFactory(username="coord_a", organization=firm_a)
    assert own_organization(staff) == firm_a
    assert own_organization(UserFactory(username="u_a", organization=firm_a)) == firm_a


def _modules() -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(SRC)), path.read_text(encoding="utf-8"))
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts
    ]


def _offenders(pattern: str, allowed: set[str]) -> list[str]:
    regex = re.compile(pattern)
    return [
        f"{name}:{number}: {line.strip()}"
        for name, text in _modules()
        if name not in allowed and not name.endswith("permissions.py")
        for number, line in enumerate(text.splitlines(), start=1)
        if regex.search(line)
    ]


def test_refusals_are_said_by_a_gate_not_inline():
    # A view or service says require(can_…(user)) or calls a *_for_user gate; only the gates
    # themselves raise.
    assert _offenders(r"raise PermissionDenied\b", allowed=set()) == []


def test_is_coordinator_is_written_once():
    # The rule lives on the user model; code asks it through common.permissions.is_coordinator.
    assert _offenders(r"""getattr\([^)]*["']is_coordinator["']""", allowed=set()) == []
    assert _offenders(r"def is_coordinator\b", allowed={"accounts/models.py"}) == []
    assert _offenders(r"\.is_coordinator\b", allowed=set()) == []


def test_roles_are_compared_in_the_user_model_only():
    # (The demo's list of logins sorts its printout by role: no permission there.)
    allowed = {"accounts/models.py", "demo/__init__.py"}
    assert _offenders(r"\.role\s*(==|!=|\bin\b)", allowed=allowed) == []
