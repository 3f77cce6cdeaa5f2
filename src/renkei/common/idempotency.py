"""One-time form tokens: a double click, a reloaded POST or a replayed request records once.

A page that creates something uses it in two places::

    {% load idempotency %}
    <form method="post">{% csrf_token %}{% form_token "orders.receipt" line.pk %} …</form>

    try:
        with idempotency.submission(request, "orders.receipt", line.pk) as submitted:
            services.receipt_record(...)
            submitted.leads_to(reverse("orders:po_detail", args=[po.pk]))
    except idempotency.AlreadySubmitted as done:
        return done.redirect(request)
    except ValidationError as e:
        ...  # refused: shown on the form, which keeps its (unused) token

The form name and its parts (``"orders.receipt", line.pk``) say which form the token is for;
the view names the same ones.

How it works. The token is signed (the user, the form, a random nonce, the time), so showing a
form writes nothing. The submit inserts the nonce into :class:`FormSubmission` (unique) as the
first write of the transaction that records the form. A second submit of the same token meets
the unique key — when both arrive at once it waits for the first to commit (PostgreSQL's unique
index; SQLite's single writer) — is rolled back, and leads where the first one led with a
message that it was already sent. A refused submit rolls its token back with everything else,
so the corrected form goes out with the same token.

A POST without a token (a script, an older page) is not deduplicated; the services' own limits
(quantities, one answer per RFQ …) hold for it as for any other. A token that is not this
user's for this form, or older than :data:`MAX_AGE`, is refused with a message to reopen the
page; the form shown again carries a fresh token.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.common.models import FormSubmission

FIELD = "form_token"
MAX_AGE = dt.timedelta(days=7)  # a form left open over a weekend still goes out
_SIGNER = signing.TimestampSigner(salt="renkei.common.idempotency")


def purpose_of(name: str, *parts: Any) -> str:
    """The form a token is for: ``"orders.receipt:42"``."""
    return ":".join([name, *(str(p) for p in parts)])


def issue(user: Any, purpose: str) -> str:
    """A new token for ``user``'s form ``purpose``."""
    return _SIGNER.sign_object({"u": user.pk, "p": purpose, "n": secrets.token_urlsafe(18)})


def _invalid() -> ValidationError:
    return ValidationError(
        _("This form has expired or belongs to another page. Reopen the page and send it again."),
        code="form_token_invalid",
    )


def _nonce(token: str, user: Any, purpose: str) -> str:
    try:
        data = _SIGNER.unsign_object(token, max_age=MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        raise _invalid() from None
    if not isinstance(data, dict) or data.get("u") != user.pk or data.get("p") != purpose:
        raise _invalid()
    return str(data["n"])


def token_for_form(request: HttpRequest, purpose: str) -> str:
    """The token to render: the one just posted when it is valid for this form and unused (a
    refused submit shown again keeps it), else a new one."""
    posted = request.POST.get(FIELD) if request.method == "POST" else None
    if posted:
        try:
            nonce = _nonce(posted, request.user, purpose)
        except ValidationError:
            pass
        else:
            if not FormSubmission.objects.filter(key=nonce).exists():
                return posted
    return issue(request.user, purpose)


class AlreadySubmitted(Exception):
    """The form was submitted before with this token; ``url`` is where that submit led."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url

    def redirect(self, request: HttpRequest) -> HttpResponseRedirect:
        messages.info(request, _("This form was already sent: it was recorded once."))
        return HttpResponseRedirect(self.url or request.get_full_path())


@dataclass
class Submission:
    """What the view tells about the write it made: where the result is shown."""

    url: str = ""

    def leads_to(self, url: str) -> None:
        self.url = url


class _Taken(Exception):
    pass


def _claim(key: str, purpose: str, user: Any) -> FormSubmission:
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(key=key, purpose=purpose, user=user)
    except IntegrityError:
        raise _Taken from None


@contextmanager
def submission(request: HttpRequest, name: str, *parts: Any) -> Iterator[Submission]:
    """One transaction for the form's write and the use of its token (see the module)."""
    submitted = Submission()
    token = request.POST.get(FIELD, "")
    if not token:
        with transaction.atomic():
            yield submitted
        return
    purpose = purpose_of(name, *parts)
    key = _nonce(token, request.user, purpose)
    try:
        with transaction.atomic():
            row = _claim(key, purpose, request.user)
            yield submitted
            if submitted.url:
                row.result_url = submitted.url[:500]
                row.save(update_fields=["result_url"])
    except _Taken:
        first = FormSubmission.objects.filter(key=key).values_list("result_url", flat=True)
        raise AlreadySubmitted(first.first() or "") from None
    _prune()


def _prune() -> None:
    """Forget tokens past their age: a replay of one is refused by its signature anyway."""
    old = FormSubmission.objects.filter(created_at__lt=timezone.now() - MAX_AGE)
    if old.exists():
        old.delete()
