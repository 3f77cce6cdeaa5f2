"""Forms of the platform: the base every form uses, and form → service → 422.

The base: :class:`TextFormMixin` gives each text field of the form (``CharField`` and its kin:
email, URL, slug, …) the :class:`~renkei.common.text.ControlCharacterValidator`, multi-line when
the field is shown as a textarea. Use :class:`Form` and :class:`ModelForm` instead of Django's;
``tests/platform/test_text_input.py`` checks that every form of the package does.

One way a page hands a form to a service: a view validates its form, hands the cleaned data to
ONE service with :func:`apply_service`, redirects when the service wrote, and otherwise renders
the page again with :func:`form_status` — 422 for a submitted form that comes back refused (by
its own validation or by the service), 200 for a first look::

    if request.method == "POST" and form.is_valid():
        revision = apply_service(form, prices.price_revise, actor=request.user, ...)
        if revision is not None:
            return redirect(revision)
    return render(request, "….html", {"form": form}, status=form_status(request, form))

An edit form of a :class:`~renkei.common.versioning.Versioned` object is a
:class:`VersionedModelForm`: it carries, hidden, the version the page was opened on, and the
view hands ``**form.service_data()`` (the service's keyword arguments) and
``version=form.opened_version`` to the service. A stale submit comes back refused with 409 and
the message to reload (:func:`form_status`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest

from renkei.common.text import ControlCharacterValidator
from renkei.common.versioning import STALE_VERSION

T = TypeVar("T")


class TextFormMixin:
    """Refuse control characters (and line breaks outside textareas) in every text field."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        # Here rather than in __init__, so fields a subclass adds in its own __init__ are
        # covered too. self.fields is this instance's deep copy of the declared fields.
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not any(
                isinstance(v, ControlCharacterValidator) for v in field.validators
            ):
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators.append(ControlCharacterValidator(multiline=multiline))
        super().full_clean()  # type: ignore[misc]


class Form(TextFormMixin, forms.Form):
    pass


class ModelForm(TextFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass


class VersionedModelForm(ModelForm):
    """A ModelForm that carries the version of the object it was opened on.

    The hidden field is not a model field of the form (``version`` is not editable): the
    service compares it with the locked row's. It is empty for a new object, and a POST
    without it (an older page) is not checked.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version

    @property
    def opened_version(self) -> int | None:
        """The version the page was opened on, as submitted (after ``is_valid()``)."""
        return self.cleaned_data.get("version")

    def service_data(self) -> dict[str, Any]:
        """The cleaned data for the service's keyword arguments: the form's fields without the
        version (``service(..., version=form.opened_version, **form.service_data())``)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


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


def form_status(request: HttpRequest, form: forms.BaseForm | None = None) -> int:
    """The status of a page that shows a form: a submitted form that is shown again was
    refused (a successful submit redirects), so 422 — or 409 when ``form`` was refused because
    someone else changed the object since the page was opened; a first look is 200."""
    if request.method != "POST":
        return 200
    if form is not None and form.has_error(NON_FIELD_ERRORS, STALE_VERSION):
        return 409
    return 422
