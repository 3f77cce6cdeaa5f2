"""Log-in throttling per address: guessing passwords across many usernames from one address is
locked out like guessing one user's password, and a log-in of the attacker's own account does
not reset the count. Another address is not affected; the per-user lock-out stays."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

PASSWORD = "pass-renkei-123"
ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


@pytest.fixture
def ip_limit():
    return settings.RENKEI_LOGIN_FAILURES_PER_ADDRESS


def _login(client, username, password, address):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _fail_with_other_usernames(client, count, address, prefix="guess"):
    """Failed log-ins under ``count`` usernames; the status codes of the answers."""
    return [
        _login(client, f"{prefix}{i}", "wrong-password", address).status_code for i in range(count)
    ]


def _is_locked_out(response) -> bool:
    return response.status_code == 429 and "ロック" in response.content.decode()


def test_failures_across_usernames_lock_the_address(client, member_a, ip_limit):
    assert ip_limit == 10
    statuses = _fail_with_other_usernames(client, ip_limit, ATTACKER)
    # The form again each time, until the failure that reaches the limit: the lock-out page.
    assert statuses == [200] * (ip_limit - 1) + [429]
    # Even an existing user with the right password is refused from that address...
    response = _login(client, "member_a", PASSWORD, ATTACKER)
    assert _is_locked_out(response)
    assert "_auth_user_id" not in client.session
    # ... and from the admin's log-in too.
    response = client.post(
        reverse("admin:login"), {"username": "member_a", "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_address_is_not_affected(client, member_a, ip_limit):
    _fail_with_other_usernames(client, ip_limit, ATTACKER)
    response = _login(client, "member_a", PASSWORD, OFFICE)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_few_typos_in_one_office_lock_nobody(client, member_a, ip_limit):
    # Several people behind one address each mistype once: below the address limit.
    assert _fail_with_other_usernames(client, ip_limit - 1, OFFICE, prefix="staff") == [200] * (
        ip_limit - 1
    )
    assert _login(client, "member_a", PASSWORD, OFFICE).status_code == 302


def test_logging_in_an_own_account_does_not_reset_the_address(client, member_a, member_b, ip_limit):
    _fail_with_other_usernames(client, ip_limit - 1, ATTACKER)
    # The attacker has an account of its own and logs in with it between guesses.
    assert _login(client, "member_b", PASSWORD, ATTACKER).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR=ATTACKER)
    _login(client, "guess-last", "wrong-password", ATTACKER)
    assert _is_locked_out(_login(client, "member_a", PASSWORD, ATTACKER))


def test_one_users_failures_still_lock_that_user_early(client, member_a, member_b, ip_limit):
    per_user = settings.AXES_FAILURE_LIMIT
    assert per_user < ip_limit
    for _ in range(per_user):
        _login(client, "member_a", "wrong-password", ATTACKER)
    assert _is_locked_out(_login(client, "member_a", PASSWORD, ATTACKER))
    # Another user at that address is not locked by member_a's failures alone.
    assert _login(client, "member_b", PASSWORD, ATTACKER).status_code == 302


def test_behind_a_proxy_each_client_has_its_own_address(client, settings, member_a, ip_limit):
    settings.RENKEI_TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"

    def via_proxy(username, password, forwarded):
        return client.post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for i in range(ip_limit):
        # The attacker's own claim (left) changes every time; the proxy's entry (right) does not.
        via_proxy(f"guess{i}", "wrong-password", f"192.0.2.{i}, {ATTACKER}")
    assert _is_locked_out(via_proxy("member_a", PASSWORD, ATTACKER))
    # Someone else behind the same proxy logs in.
    assert via_proxy("member_a", PASSWORD, OFFICE).status_code == 302
