"""Form → service → 422: one helper (renkei.common.forms) shows a service's refusal on the form,
and every page that shows a refused form answers 422."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from renkei.common.forms import apply_service, form_status, show_refusal


class _NameForm(forms.Form):
    name = forms.CharField()


def _valid_form() -> _NameForm:
    form = _NameForm({"name": "赤城"})
    assert form.is_valid()
    return form


def test_a_refusal_on_a_field_the_form_has_goes_to_that_field():
    form = _valid_form()
    show_refusal(form, ValidationError({"name": "同じ名前があります"}))
    assert form.errors == {"name": ["同じ名前があります"]}


def test_a_refusal_on_a_field_the_form_lacks_goes_to_the_top_not_a_500():
    form = _valid_form()
    show_refusal(form, ValidationError({"organization": "所属組織を選んでください"}))
    assert form.non_field_errors() == ["所属組織を選んでください"]


def test_a_plain_refusal_goes_to_the_top():
    form = _valid_form()
    show_refusal(form, ValidationError("受付を締め切りました", code="closed"))
    assert form.non_field_errors() == ["受付を締め切りました"]
    assert not form.is_valid()


def test_apply_service_returns_what_the_service_wrote_or_none_when_refused():
    form = _valid_form()
    assert apply_service(form, lambda *, name: name.upper(), name="abc") == "ABC"
    assert form.is_valid()

    def refuse(*, name):
        raise ValidationError({"name": "だめです"})

    assert apply_service(form, refuse, name="abc") is None
    assert form.errors == {"name": ["だめです"]}


def test_form_status_is_422_for_a_submitted_form_shown_again():
    factory = RequestFactory()
    assert form_status(factory.post("/")) == 422
    assert form_status(factory.get("/")) == 200


# (The registry's refused edits: tests/platform/registry/test_pages.py.)
def test_a_refused_rfq_answers_422(client, buyer):
    client.force_login(buyer)
    response = client.post(reverse("orders:rfq_new"), {"title": ""})
    assert response.status_code == 422
