"""One way a page hands a form to a service: form → service → 422.

A view validates its form, hands the cleaned data to ONE service with :func:`apply_service`,
redirects when the service wrote, and otherwise renders the page again with
:func:`form_status` — 422 for a submitted form that comes back refused (by its own validation
or by the service), 200 for a first look::

    if request.method == "POST" and form.is_valid():
        revision = apply_service(form, prices.price_revise, actor=request.user, ...)
        if revision is not None:
            return redirect(revision)
    return render(request, "….html", {"form": form}, status=form_status(request))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest

T = TypeVar("T")


def show_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on ``form``: each message next to the field it names when the
    form has that field, at the top of the form otherwise (a service's fields need not be the
    form's, and naming one the form lacks must not turn the refusal into a 500)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(field, errors)


def apply_service(form: forms.BaseForm, service: Callable[..., T], /, **kwargs: Any) -> T | None:
    """``service(**kwargs)`` for a valid ``form``: what it returns, or ``None`` when it refuses
    with a ``ValidationError``, the refusal then shown on the form (:func:`show_refusal`).
    The services used here return what they wrote, never ``None``."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        show_refusal(form, error)
        return None


def form_status(request: HttpRequest) -> int:
    """The status of a page that shows a form: a submitted form that is shown again was
    refused (a successful submit redirects), so 422; a first look is 200."""
    return 422 if request.method == "POST" else 200
