"""Forms of the QCD pages. They check types and shapes only; the rules are the services' (and,
for the criteria, the engine's), whose errors the views show."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from renkei.common.forms import Form
from renkei.qcd.models import CRITERIA_FIELDS, ScorecardCriteria, SharingLevel

# What each sharing level means, as the consent page explains it.
SHARING_EXPLANATIONS = {
    SharingLevel.PRIVATE: _(
        "Only the staff of our firm can open the sheet. Nobody else sees our figures, "
        "not even the buyers we serve."
    ),
    SharingLevel.BUYERS: _(
        "The buyers that have ordered from us at least once can open the sheet. They see our "
        "figures over all our buyers, never the prices or the names of the other buyers."
    ),
    SharingLevel.CLUSTER: _(
        "Everyone logged in to the cluster's platform (member firms, buyers and the "
        "coordinator) can open the sheet. This helps the cluster find partners for joint "
        "orders and backup production."
    ),
    SharingLevel.PUBLIC: _(
        "Anyone can open the sheet, without logging in. Use it to show our delivery and "
        "quality record to new customers."
    ),
}


class QcdSharingForm(Form):
    level = forms.ChoiceField(
        label=_("Who may see our QCD sheet"),
        choices=SharingLevel.choices,
        widget=forms.RadioSelect,
    )


class CriteriaForm(Form):
    """The criteria fields with the model's labels and types; the rules are the engine's,
    applied by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(ScorecardCriteria, fields=CRITERIA_FIELDS))
        for name, default in ScorecardCriteria.defaults().items():
            choices = dict(ScorecardCriteria._meta.get_field(name).flatchoices)
            value = choices.get(default, default)
            self.fields[name].help_text = _("Default: %(value)s") % {"value": value}
