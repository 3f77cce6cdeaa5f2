"""Forms of the order pages. They check types and shapes only; the rules (positive quantities,
who may act, an answer only once) are the services', whose errors the views show."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renkei.common.forms import Form
from renkei.orders.files import ACCEPT_ATTR, check_upload
from renkei.orders.models import (
    AttachmentKind,
    DefectClass,
    Quote,
    QuoteLine,
    QuoteStatus,
    RfqLine,
)
from renkei.registry.models import Organization, OrganizationKind
from renkei.supply.models import Item

RFQ_LINE_ROWS = 5

NOT_NEGATIVE_MSG = _("A quantity cannot be negative. Got: %(value)s")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


def _check_not_negative(value: Decimal | None) -> None:
    if value is not None and value < 0:
        raise forms.ValidationError(
            NOT_NEGATIVE_MSG, code="negative_quantity", params={"value": value}
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each must pass :func:`renkei.orders.files.check_upload`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTR}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        errors = []
        for file in files:
            super().clean(file, initial)
            try:
                check_upload(file)
            except forms.ValidationError as e:
                errors.extend(e.error_list)
        if errors:
            raise forms.ValidationError(errors)
        return files


def _files_fields() -> tuple[MultipleFileField, forms.ChoiceField]:
    return (
        MultipleFileField(label=_("attach files")),
        forms.ChoiceField(
            label=_("kind of file"),
            choices=AttachmentKind.choices,
            initial=AttachmentKind.DRAWING,
            required=False,
        ),
    )


def _attachments(data: dict[str, Any]) -> list[tuple[Any, str]]:
    """The ``(file, kind)`` pairs the services take, from a form's files and kind fields."""
    return [(f, data.get("file_kind")) for f in data.get("files") or []]


class AttachFilesForm(Form):
    """Files added to an RFQ after it was written."""

    files, file_kind = _files_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["attachments"] = _attachments(data)
        return data


class RfqForm(Form):
    """A new RFQ: title, date needed, up to :data:`RFQ_LINE_ROWS` lines and the suppliers."""

    title = forms.CharField(label=_("title"), max_length=200)
    needed_by = forms.DateField(label=_("needed by"), required=False, widget=_date_input())
    recipients = forms.ModelMultipleChoiceField(
        label=_("send to"),
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"required": _("Send the RFQ to at least one supplier.")},
    )
    files, file_kind = _files_fields()

    def __init__(self, *args: Any, buyer: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = (  # type: ignore[attr-defined]
            Organization.objects.filter(kind=OrganizationKind.MEMBER)
            .exclude(pk=buyer.pk)
            .order_by("name_kana", "name")
        )
        items = Item.objects.filter(owner=buyer).order_by("code")
        for n in range(1, RFQ_LINE_ROWS + 1):
            self.fields[f"line{n}_item"] = forms.ModelChoiceField(
                label=_("item"), queryset=items, required=False
            )
            self.fields[f"line{n}_description"] = forms.CharField(
                label=_("description"), max_length=300, required=False
            )
            self.fields[f"line{n}_quantity"] = forms.DecimalField(
                label=_("quantity"), max_digits=14, decimal_places=3, required=False
            )
            self.fields[f"line{n}_unit"] = forms.CharField(
                label=_("unit"), max_length=10, required=False, initial="個"
            )

    def line_rows(self) -> list[list[forms.BoundField]]:
        """The line fields row by row, for the template's table."""
        return [
            [self[f"line{n}_{name}"] for name in ("item", "description", "quantity", "unit")]
            for n in range(1, RFQ_LINE_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lines = []
        for n in range(1, RFQ_LINE_ROWS + 1):
            item = data.get(f"line{n}_item")
            description = (data.get(f"line{n}_description") or "").strip()
            quantity = data.get(f"line{n}_quantity")
            if item is None and not description and quantity is None:
                continue  # an empty row
            try:
                _check_not_negative(quantity)
            except forms.ValidationError as e:
                self.add_error(f"line{n}_quantity", e)
                continue
            if quantity is None:
                self.add_error(f"line{n}_quantity", _("Give the quantity of every line."))
                continue
            lines.append(
                {
                    "item": item,
                    "description": description,
                    "quantity": quantity,
                    "unit": data.get(f"line{n}_unit") or "個",
                }
            )
        if not lines and not self.errors:
            raise forms.ValidationError(
                _("An RFQ needs at least one line."), code="rfq_without_lines"
            )
        data["lines"] = lines
        data["attachments"] = _attachments(data)
        return data


class QuoteForm(Form):
    """A supplier's quote: per RFQ line one or two price breaks, then lead time and validity."""

    lead_time_days = forms.IntegerField(
        label=_("quoted lead time (days)"), min_value=0, required=False
    )
    valid_until = forms.DateField(label=_("valid until"), required=False, widget=_date_input())
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea({"rows": 3}))
    files, file_kind = _files_fields()

    def __init__(
        self,
        *args: Any,
        lines: list[RfqLine],
        draft: bool = False,
        quote: Quote | None = None,
        **kwargs: Any,
    ) -> None:
        """``draft``: saving a draft, where lines may stay unpriced; ``quote``: a saved draft
        whose values fill the form."""
        if quote is not None and quote.status == QuoteStatus.DRAFT:
            kwargs["initial"] = {**_draft_initial(quote), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.rfq_lines = lines
        for line in lines:
            self.fields[f"l{line.pk}_qty1"] = forms.DecimalField(
                label=_("from quantity"),
                max_digits=14,
                decimal_places=3,
                initial=1,
                required=not draft,
            )
            self.fields[f"l{line.pk}_price1"] = forms.DecimalField(
                label=_("unit price (yen)"),
                max_digits=14,
                decimal_places=2,
                min_value=0,
                required=not draft,
                error_messages={"required": _("Give a price for every quoted line.")},
            )
            self.fields[f"l{line.pk}_qty2"] = forms.DecimalField(
                label=_("from quantity"), max_digits=14, decimal_places=3, required=False
            )
            self.fields[f"l{line.pk}_price2"] = forms.DecimalField(
                label=_("unit price (yen)"),
                max_digits=14,
                decimal_places=2,
                min_value=0,
                required=False,
            )

    def line_rows(self) -> list[tuple[RfqLine, list[forms.BoundField]]]:
        return [
            (line, [self[f"l{line.pk}_{name}"] for name in ("qty1", "price1", "qty2", "price2")])
            for line in self.rfq_lines
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        prices: dict[RfqLine, list[tuple[Decimal, Decimal]]] = {}
        for line in self.rfq_lines:
            breaks = []
            for k in ("1", "2"):
                qty, price = data.get(f"l{line.pk}_qty{k}"), data.get(f"l{line.pk}_price{k}")
                try:
                    _check_not_negative(qty)
                except forms.ValidationError as e:
                    self.add_error(f"l{line.pk}_qty{k}", e)
                    continue
                if qty is not None and price is not None:
                    breaks.append((qty, price))
                elif (k == "2" or price is not None) and (qty is None) != (price is None):
                    self.add_error(
                        f"l{line.pk}_price{k}",
                        _("Give both the quantity and the price of a break."),
                    )
            if breaks:
                prices[line] = breaks
        data["prices"] = prices
        data["attachments"] = _attachments(data)
        return data


def _draft_initial(quote: Quote) -> dict[str, Any]:
    """The form values of a saved draft: its terms and its first two breaks per line."""
    initial: dict[str, Any] = {
        "lead_time_days": quote.lead_time_days,
        "valid_until": quote.valid_until,
        "notes": quote.notes,
    }
    for ql in quote.lines.prefetch_related("price_breaks"):
        for k, brk in enumerate(list(ql.price_breaks.all())[:2], start=1):
            initial[f"l{ql.rfq_line_id}_qty{k}"] = brk.min_qty
            initial[f"l{ql.rfq_line_id}_price{k}"] = brk.unit_price
    return initial


class DeclineForm(Form):
    reason = forms.CharField(label=_("reason for declining"), max_length=300, required=False)


def _order_limit_fields() -> tuple[forms.BooleanField, forms.BooleanField, forms.DecimalField]:
    """The buyer's deliberate choices of an order from an RFQ (``orders.limits``)."""
    return (
        forms.BooleanField(
            label=_("Split order (order the rest of a line already on order)"), required=False
        ),
        forms.BooleanField(label=_("Order more than the quoted quantity"), required=False),
        forms.DecimalField(
            label=_("over-delivery tolerance (%)"),
            max_digits=5,
            decimal_places=1,
            min_value=0,
            max_value=100,
            initial=0,
            required=False,
        ),
    )


class PurchaseOrderFromQuoteForm(Form):
    """An order from chosen lines of one submitted quote."""

    number = forms.CharField(label=_("order number"), max_length=40)
    order_date = forms.DateField(label=_("order date"), widget=_date_input())
    promised_date = forms.DateField(label=_("promised date"), widget=_date_input())
    split_order, quantity_increase_confirmed, over_delivery_tolerance_pct = _order_limit_fields()

    def __init__(self, *args: Any, quote: Quote, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quote_lines = list(quote.lines.select_related("rfq_line"))
        for ql in self.quote_lines:
            self.fields[f"q{ql.pk}_take"] = forms.BooleanField(label=_("to order"), required=False)
            self.fields[f"q{ql.pk}_qty"] = forms.DecimalField(
                label=_("quantity ordered"),
                max_digits=14,
                decimal_places=3,
                required=False,
                initial=ql.rfq_line.quantity,
            )

    def line_rows(self) -> list[tuple[QuoteLine, forms.BoundField, forms.BoundField]]:
        return [(ql, self[f"q{ql.pk}_take"], self[f"q{ql.pk}_qty"]) for ql in self.quote_lines]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lines = []
        for ql in self.quote_lines:
            if not data.get(f"q{ql.pk}_take"):
                continue
            qty = data.get(f"q{ql.pk}_qty")
            try:
                _check_not_negative(qty)
            except forms.ValidationError as e:
                self.add_error(f"q{ql.pk}_qty", e)
                continue
            lines.append(
                {
                    "quote_line": ql,
                    "qty_ordered": qty if qty is not None else ql.rfq_line.quantity,
                    "promised_date": data.get("promised_date"),
                    "over_delivery_tolerance_pct": data.get("over_delivery_tolerance_pct") or 0,
                }
            )
        if not lines and not self.errors:
            raise forms.ValidationError(
                _("An order needs at least one line."), code="order_without_lines"
            )
        data["lines"] = lines
        return data


class AwardForm(Form):
    """The award of an RFQ line by line: for each line the supplier (among the submitted quotes
    that priced it, or none), the quantity and the promised date; one order per supplier."""

    number_prefix = forms.CharField(label=_("order number prefix"), max_length=36)
    order_date = forms.DateField(label=_("order date"), widget=_date_input())
    split_order, quantity_increase_confirmed, over_delivery_tolerance_pct = _order_limit_fields()

    def __init__(
        self,
        *args: Any,
        lines: list[RfqLine],
        offers: dict[int, list[tuple[Organization, QuoteLine]]],
        default_promised: Any = None,
        **kwargs: Any,
    ) -> None:
        """``offers``: per RFQ line id, the suppliers whose submitted quote prices it."""
        super().__init__(*args, **kwargs)
        self.rfq_lines = lines
        self.suppliers = {
            org.pk: org for line_offers in offers.values() for org, _ql in line_offers
        }
        for line in lines:
            choices = [("", _("— not ordered —"))]
            for org, ql in offers.get(line.pk, []):
                price = ql.unit_price_for(line.quantity)
                label = f"{org} (¥{price:,})" if price is not None else str(org)
                choices.append((str(org.pk), label))
            self.fields[f"a{line.pk}_supplier"] = forms.ChoiceField(
                label=_("supplier"), choices=choices, required=False
            )
            self.fields[f"a{line.pk}_qty"] = forms.DecimalField(
                label=_("quantity ordered"),
                max_digits=14,
                decimal_places=3,
                required=False,
                initial=line.quantity,
            )
            self.fields[f"a{line.pk}_promised"] = forms.DateField(
                label=_("promised date"),
                required=False,
                widget=_date_input(),
                initial=default_promised,
            )

    def line_rows(self) -> list[tuple[RfqLine, list[forms.BoundField]]]:
        return [
            (line, [self[f"a{line.pk}_{name}"] for name in ("supplier", "qty", "promised")])
            for line in self.rfq_lines
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        awards = []
        for line in self.rfq_lines:
            chosen = data.get(f"a{line.pk}_supplier")
            if not chosen:
                continue
            qty = data.get(f"a{line.pk}_qty")
            promised = data.get(f"a{line.pk}_promised")
            try:
                _check_not_negative(qty)
            except forms.ValidationError as e:
                self.add_error(f"a{line.pk}_qty", e)
                continue
            if promised is None:
                self.add_error(f"a{line.pk}_promised", _("Give the promised date."))
                continue
            awards.append(
                {
                    "rfq_line": line,
                    "supplier": self.suppliers[int(chosen)],
                    "qty_ordered": qty if qty is not None else line.quantity,
                    "promised_date": promised,
                }
            )
        if not awards and not self.errors:
            raise forms.ValidationError(
                _("An order needs at least one line."), code="order_without_lines"
            )
        data["awards"] = awards
        return data


class ReceiptForm(Form):
    """One delivery of an order line, with its incoming inspection when counted."""

    received_date = forms.DateField(label=_("received date"), widget=_date_input())
    qty_received = forms.DecimalField(label=_("quantity received"), max_digits=14, decimal_places=3)
    qty_inspected = forms.DecimalField(
        label=_("quantity inspected"), max_digits=14, decimal_places=3, required=False
    )
    qty_rejected = forms.DecimalField(
        label=_("quantity rejected"), max_digits=14, decimal_places=3, required=False
    )
    defect_class = forms.ChoiceField(
        label=_("defect class"),
        choices=[("", "—"), *DefectClass.choices],
        required=False,
    )
    accept_over_delivery = forms.BooleanField(label=_("Accept over-delivery"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("qty_received", "qty_inspected", "qty_rejected"):
            try:
                _check_not_negative(data.get(name))
            except forms.ValidationError as e:
                self.add_error(name, e)
        return data
