"""The upload form of an import page: the file, what a CSV holds, and "check only"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.common.forms import Form
from renkei.common.importing.core import SheetSpec

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(Form):
    max_upload_bytes = 10 * 1024 * 1024

    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("Excel (.xlsx) or CSV (UTF-8 or Shift_JIS), at most 10 MB."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Contents"), required=False)
    dry_run = forms.BooleanField(label=gettext_lazy("Check only, import nothing"), required=False)

    def __init__(self, *args: Any, sheets: Sequence[SheetSpec], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request: the sheet names follow the user's language.
        self.fields["kind"].choices = [
            ("", _("Tell from the sheet names or headers")),
            *[(spec.key, spec.name) for spec in sheets],
        ]
        self.fields["kind"].help_text = _(
            "Needed only for a CSV file or a sheet not named like the template's when the "
            "headers do not tell."
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.max_upload_bytes:
            raise forms.ValidationError(
                _("The file is larger than 10 MB. Split it into several files."),
                code="file_too_large",
            )
        return upload
