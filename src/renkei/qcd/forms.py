"""Forms of the QCD pages. They check types and shapes only; the rules are the services' (and,
for the criteria, the engine's), whose errors the views show."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renkei.qcd.models import SharingLevel

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


class QcdSharingForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Who may see our QCD sheet"),
        choices=SharingLevel.choices,
        widget=forms.RadioSelect,
    )
