"""Forms of a firm's own records: daily reports, the outsourcing table's filters, agreed prices.
They check types and shapes; the rules are the services' (``orders.daily``, ``orders.prices``),
whose errors the views show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.common.forms import Form
from renkei.orders.models import DailyReport, OrderLine
from renkei.orders.outsourcing import Filters, Status
from renkei.registry.models import Organization, OrganizationKind, Process
from renkei.supply.models import Item

ENTRY_ROWS = 4  # empty rows of a new daily report; htmx adds more
RECENT_ORDER_DAYS = 180  # the order lines offered: those ordered in the last half year
REASONS = (
    _("Annual revision"),
    _("Material cost increase"),
    _("Energy cost increase"),
    _("Move to mass production"),
    _("Volume discount"),
    _("Design change"),
)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


def _decimal(label: Any, *, required: bool = False, places: int = 3) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=places,
        required=required,
        widget=forms.NumberInput(attrs={"step": "any", "class": "num"}),
    )


class DailyReportForm(Form):
    work_date = forms.DateField(label=_("work date"), widget=_date_input())
    worker_name = forms.CharField(label=_("worker"), max_length=100)
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea({"rows": 2}))


class OrderLineChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        subject = str(obj.item) if obj.item_id is not None else obj.description
        return f"{obj.po.number}-{obj.line_no} {subject} ({obj.po.buyer})"


class EntryForm(Form):
    order_line = OrderLineChoice(
        label=_("order line"), queryset=OrderLine.objects.none(), required=False
    )
    description = forms.CharField(label=_("work description"), max_length=300, required=False)
    process = forms.ModelChoiceField(label=_("process"), queryset=Process.objects.none())
    hours = _decimal(_("hours"), required=True, places=2)
    qty_produced = _decimal(_("quantity produced"))
    qty_defective = _decimal(_("of which defective"))
    defect_note = forms.CharField(label=_("defect details"), max_length=300, required=False)
    remarks = forms.CharField(label=_("remarks"), max_length=300, required=False)

    def __init__(self, *args: Any, organization: Organization, keep: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        since = timezone.localdate() - dt.timedelta(days=RECENT_ORDER_DAYS)
        lines = OrderLine.objects.filter(po__supplier=organization).filter(
            Q(po__order_date__gte=since) | Q(pk__in=list(keep))
        )
        field = self.fields["order_line"]
        field.queryset = lines.select_related("po__buyer", "item").order_by(  # type: ignore[attr-defined]
            "-po__order_date", "po__number", "line_no"
        )
        self.fields["process"].queryset = Process.objects.order_by(  # type: ignore[attr-defined]
            "sort_order", "code"
        )


class BaseEntryFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def entries(self) -> list[dict[str, Any]]:
        """The filled rows (a row left empty is no entry)."""
        return [
            form.cleaned_data for form in self.forms if form.has_changed() and form.cleaned_data
        ]


def entry_formset(
    organization: Organization, data: Any = None, report: DailyReport | None = None
) -> Any:
    initial = []
    keep: list[int] = []
    if report is not None:
        for entry in report.entries.all():
            initial.append(
                {
                    "order_line": entry.order_line_id,
                    "description": entry.description,
                    "process": entry.process_id,
                    "hours": entry.hours,
                    "qty_produced": entry.qty_produced,
                    "qty_defective": entry.qty_defective,
                    "defect_note": entry.defect_note,
                    "remarks": entry.remarks,
                }
            )
            if entry.order_line_id:
                keep.append(entry.order_line_id)
    formset = forms.formset_factory(
        EntryForm, formset=BaseEntryFormSet, extra=ENTRY_ROWS if report is None else 1
    )
    return formset(
        data,
        initial=initial or None,
        prefix="e",
        form_kwargs={"organization": organization, "keep": keep},
    )


DEFAULT_PERIOD = dt.timedelta(days=92)  # about three months


class OutsourcingFilterForm(Form):
    date_from = forms.DateField(label=_("ordered from"), required=False, widget=_date_input())
    date_to = forms.DateField(label=_("ordered until"), required=False, widget=_date_input())
    supplier = forms.ModelChoiceField(
        label=_("outsourced to"), queryset=Organization.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("status"), choices=[("", "—"), *Status.choices], required=False
    )

    def __init__(
        self, *args: Any, buyer_id: int | None, today: dt.date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Opened without a filter, the table shows the recent orders (a firm's two years of
        # jobs are thousands of lines); clearing the date shows them all.
        self.default_from = None if today is None else today - DEFAULT_PERIOD
        if not self.is_bound and self.default_from is not None:
            self.initial["date_from"] = self.default_from
        self.fields["supplier"].queryset = (
            Organization.objects.filter(  # type: ignore[attr-defined]
                purchase_orders_received__buyer_id=buyer_id
            )
            .distinct()
            .order_by("name_kana", "name")
        )

    def filters(self) -> Filters:
        if not self.is_bound:
            return Filters(date_from=self.default_from)
        data = self.cleaned_data if self.is_valid() else {}
        supplier = data.get("supplier")
        return Filters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            supplier_id=supplier.pk if supplier else None,
            status=data.get("status") or "",
        )


class RevisionForm(Form):
    """A new revision of one price (the key is the page's)."""

    unit_price = _decimal(_("unit price (yen)"), required=True, places=2)
    effective_from = forms.DateField(label=_("effective from"), widget=_date_input())
    reason = forms.CharField(
        label=_("reason"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "price-reasons"}),
    )


class NewPriceForm(RevisionForm):
    """A price for a new supplier and item (or description): its first revision."""

    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=Organization.objects.none())
    item = forms.ModelChoiceField(label=_("item"), queryset=Item.objects.none(), required=False)
    description = forms.CharField(label=_("item description"), max_length=300, required=False)

    field_order = ("supplier", "item", "description", "unit_price", "effective_from", "reason")

    def __init__(self, *args: Any, buyer: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = (  # type: ignore[attr-defined]
            Organization.objects.filter(kind=OrganizationKind.MEMBER)
            .exclude(pk=buyer.pk)
            .order_by("name_kana", "name")
        )
        self.fields["item"].queryset = Item.objects.filter(owner=buyer).order_by(  # type: ignore[attr-defined]
            "code"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("item") and not (data.get("description") or "").strip():
            raise forms.ValidationError(
                _("Name an item or describe what is wanted."), code="line_without_item"
            )
        return data
