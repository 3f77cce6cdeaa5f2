"""The base of every form of the platform: no control character in any text it accepts.

:class:`TextFormMixin` gives each text field of the form (``CharField`` and its kin: email,
URL, slug, …) the :class:`~renkei.common.text.ControlCharacterValidator`, multi-line when the
field is shown as a textarea. Use :class:`Form` and :class:`ModelForm` instead of Django's;
``tests/platform/test_text_input.py`` checks that every form of the package does.
"""

from __future__ import annotations

from django import forms

from renkei.common.text import ControlCharacterValidator


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
