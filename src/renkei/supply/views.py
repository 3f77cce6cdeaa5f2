"""Supply-network pages: overview, product map, stress test (a job), area scenario, what-if."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renkei.common.forms import Form
from renkei.common.permissions import require
from renkei.engines.network.errors import NetworkDataError
from renkei.jobs.selectors import job_get
from renkei.jobs.services import job_start
from renkei.registry.models import Organization
from renkei.supply import analysis, selectors
from renkei.supply.adapters import item_node
from renkei.supply.engine_errors import StoredNetworkRefused, network_error_message
from renkei.supply.permissions import can_analyse_supply, can_see_prices, item_for_user

REASON_LABELS = {
    "single_source": gettext_lazy("single source"),
    "sole_source_site": gettext_lazy("sole source of an item"),
    "shared_sub_tier": gettext_lazy("sub-tier shared with other buyers"),
    "concentrated": gettext_lazy("all sources in one area"),
    "no_inventory": gettext_lazy("no inventory"),
    "ttr_estimated": gettext_lazy("TTR is an estimate"),
}


def _scope(request: HttpRequest) -> analysis.Scope:
    require(can_analyse_supply(request.user))
    owner = request.GET.get("owner") or request.POST.get("owner")
    owner_id = _pk(owner) if owner else None
    if owner and (owner_id is None or not Organization.objects.filter(pk=owner_id).exists()):
        raise Http404
    return analysis.scope_for(request.user, owner_id)


def _pk(value: Any) -> int | None:
    """A database id from user input, or ``None`` when it cannot be one."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


View = Callable[..., HttpResponse]


def _refuses_bad_network(title: Any) -> Callable[[View], View]:
    """The page says why the engines refuse the stored network (422) instead of a 500.

    The data is wrong, not the request: the page names the record (in the user's language,
    by the engine's code) so that whoever keeps it can correct it; nothing is written.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except StoredNetworkRefused as refusal:
                context = {
                    "title": title,
                    "message": refusal.message,
                    "scope": _scope(request),
                    "owners": selectors.network_owner_list(request.user),
                }
                return render(request, "supply/network_refused.html", context, status=422)

        return wrapper

    return decorate


def _percent(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio * 100:.0f}%"


@login_required
@_refuses_bad_network(gettext_lazy("Supply chains"))
def overview(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    network_input, result = analysis.network_analysis(scope)
    labels = {i.id: i.name for i in network_input.data.items}
    labels.update({s.id: s.name for s in network_input.data.sites})
    towns = selectors.municipality_names()
    local_by_product = result.local_sourcing.by_product
    overall = result.local_sourcing.overall
    context = {
        "scope": scope,
        "owners": selectors.network_owner_list(request.user),
        "products": [
            {
                "pk": int(p.id[1:]),
                "label": labels[p.id],
                "demand": p.demand_per_day,
                "n_items": p.n_items,
                "n_sites": p.n_sites,
                "max_tier": p.max_tier,
                "local": _percent(local_by_product[p.id].by_spend)
                if p.id in local_by_product
                else "—",
            }
            for p in result.products
        ],
        "single_sourced": [
            {"item": labels[s.item], "site": labels[s.site], "products": len(s.products)}
            for s in result.single_sourced[:50]
        ],
        "sole_source_sites": [
            {"site": labels[s.site], "products": len(s.products), "owners": len(s.owners)}
            for s in result.sole_source_sites[:20]
        ],
        "shared_sites": [
            {"site": labels[s.ref], "owners": len(s.owners), "products": len(s.products)}
            for s in result.shared_sites[:20]
        ],
        "concentrated": [
            {
                "item": labels[c.item],
                "where": towns.get(c.municipality or "", ""),
                "hazards": ", ".join(c.hazard_zones),
                "sources": len(c.sites),
            }
            for c in result.concentrated()[:30]
        ],
        "local_spend": _percent(overall.by_spend),
        "local_volume": _percent(overall.by_volume),
    }
    return render(request, "supply/overview.html", context)


@login_required
@_refuses_bad_network(gettext_lazy("Supply chains"))
def product_map(request: HttpRequest, item_id: int) -> HttpResponse:
    from renkei.engines import network as net

    item = item_for_user(request.user, item_id, for_edit=True)
    scope = analysis.scope_for(request.user, item.owner_id)
    network_input, result = analysis.network_analysis(scope)
    node = item_node(item.pk)
    if node not in result.tiers:
        raise Http404
    sankey = net.sankey(result, node)
    labels = {i.id: i.name for i in network_input.data.items}
    rei = selectors.latest_rei(request.user, item.owner_id)
    for node_info in sankey["nodes"]:
        node_info["rei"] = rei.get(node_info["ref"])
    tiers = sorted(
        ((labels[ref], tier) for ref, tier in result.tiers[node].items()),
        key=lambda row: (row[1].tier, row[0]),
    )
    return render(
        request,
        "supply/product_map.html",
        {"item": item, "sankey": sankey, "tiers": tiers, "site_tiers": result.site_tiers[node]},
    )


@login_required
@require_POST
def stress_start(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    job = job_start(
        kind="supply.stress",
        title=_("Stress test: %(scope)s") % {"scope": scope.name},
        params={"owner_id": scope.owner_id},
        owner=request.user,
    )
    return redirect("supply:stress_result", job_id=job.pk)


@login_required
def stress_result(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get(user=request.user, job_id=job_id)
    if job.kind != "supply.stress":
        raise Http404
    # The lost profit in yen is the owner's money: shown to its people only (REI is a ratio).
    context: dict[str, Any] = {
        "job": job,
        "show_prices": can_see_prices(request.user, (job.params or {}).get("owner_id")),
    }
    if job.result:
        nodes = job.result["nodes"]
        rows = []
        for row in job.result["results"]:
            info = nodes.get(row["node"], {})
            rows.append(
                {
                    **row,
                    "label": info.get("label", row["node"]),
                    "info": info,
                    "reasons": [REASON_LABELS.get(r, r) for r in info.get("reasons", [])],
                }
            )
        context["rows"] = rows
        context["top"] = rows[:3]
        context["baseline"] = job.result["baseline_tts_days"]
        context["markers"] = [
            {
                "lat": r["info"]["lat"],
                "lon": r["info"]["lon"],
                "name": r["label"],
                "site": "REI {:.2f}".format(r["rei_profit"]),
                "url": "",
                "processes": [],
                "rei": r["rei_profit"],
            }
            for r in rows
            if r["info"].get("kind") == "site" and r["info"].get("lat") is not None
        ]
    template = "supply/_stress_body.html" if request.htmx else "supply/stress.html"
    return render(request, template, context)


class ScenarioForm(Form):
    municipalities = forms.MultipleChoiceField(
        label=gettext_lazy("Municipalities down"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    latitude = forms.FloatField(
        label=gettext_lazy("Centre latitude"), required=False, min_value=20, max_value=46
    )
    longitude = forms.FloatField(
        label=gettext_lazy("Centre longitude"), required=False, min_value=122, max_value=154
    )
    radius_km = forms.FloatField(
        label=gettext_lazy("Radius (km)"), required=False, min_value=0, max_value=500
    )
    ttr_days = forms.FloatField(
        label=gettext_lazy("Days down (TTR)"), min_value=0, max_value=3650, initial=30
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].choices = selectors.municipality_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        circle = [data.get("latitude"), data.get("longitude"), data.get("radius_km")]
        if not data.get("municipalities") and None in circle:
            raise forms.ValidationError(
                _("Choose municipalities, or a centre and a radius."), code="no_area"
            )
        return data


@login_required
@_refuses_bad_network(gettext_lazy("Area scenario"))
def scenario(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = ScenarioForm(request.GET or None)
    outcome = None
    network_scope = analysis.network_scope(scope)
    if form.is_valid():
        down = network_scope.site_ids_in(form.cleaned_data["municipalities"])
        data = form.cleaned_data
        if data.get("radius_km") is not None and data.get("latitude") is not None:
            down |= network_scope.site_ids_within(
                data["latitude"], data["longitude"], data["radius_km"]
            )
        outcome = analysis.scenario_run(
            scope, down_sites=down, ttr_days=data["ttr_days"], network=network_scope
        )
    show_prices = can_see_prices(request.user, scope.owner_id)
    if outcome is not None and not show_prices:
        outcome["products"].sort(key=lambda p: -p["lost_units"])
    return render(
        request,
        "supply/scenario.html",
        {
            "form": form,
            "outcome": outcome,
            "show_prices": show_prices,
            "scope": scope,
            "owners": selectors.network_owner_list(request.user),
            "site_markers": analysis.site_markers(scope, network_scope),
        },
    )


class WhatIfForm(Form):
    item = forms.ModelChoiceField(label=gettext_lazy("Item"), queryset=None)
    site = forms.ModelChoiceField(label=gettext_lazy("Proposed backup site"), queryset=None)
    capacity_per_day = forms.FloatField(
        label=gettext_lazy("Capacity per day (blank = unlimited)"), required=False, min_value=0
    )

    def __init__(self, *args: Any, scope: analysis.Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = selectors.whatif_item_list(scope)
        self.fields["item"].queryset = items
        item_id = _pk(self.data.get("item") or self.initial.get("item") or "")
        # Members whose capabilities cover the item's routing come first, marked ◎.
        sites, choices = selectors.backup_site_choices(items, item_id)
        self.fields["site"].queryset = sites
        self.fields["site"].choices = choices


@login_required
@_refuses_bad_network(gettext_lazy("What-if: add a backup"))
def whatif(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    # Arriving with only an item (from the exposure table) pre-selects it without errors.
    bound = request.GET if "site" in request.GET else None
    form = WhatIfForm(bound, initial={"item": request.GET.get("item")}, scope=scope)
    outcome = None
    if form.is_valid():
        try:
            outcome = analysis.whatif_run(
                scope,
                item_id=form.cleaned_data["item"].pk,
                site_id=form.cleaned_data["site"].pk,
                capacity_per_day=form.cleaned_data["capacity_per_day"],
            )
        except NetworkDataError as error:  # e.g. the site already supplies the item
            form.add_error(None, network_error_message(error))
    show_prices = can_see_prices(request.user, scope.owner_id)
    if outcome is not None and not show_prices:
        outcome["rows"].sort(key=lambda r: r["delta_units"])
    return render(
        request,
        "supply/whatif.html",
        {
            "form": form,
            "outcome": outcome,
            "show_prices": show_prices,
            "scope": scope,
            "owners": selectors.network_owner_list(request.user),
        },
    )
