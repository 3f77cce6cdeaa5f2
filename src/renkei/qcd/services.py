"""Writes of QCD: a buying firm's scorecard criteria and a firm's consent to share its sheet.

Each service checks that the actor acts for the firm (``orders.permissions.can_act_for``: its
own people, never a coordinator), validates fully (the criteria's rules are the engine's) and
records the actor in the audit log (:func:`renkei.common.writes.save_validated`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from renkei.common.permissions import require
from renkei.common.writes import save_validated as _save
from renkei.orders.permissions import can_act_for
from renkei.qcd.models import QcdSharing, ScorecardCriteria
from renkei.registry.models import Organization


def _require(actor: Any, organization: Organization) -> None:
    require(can_act_for(actor, organization))


Number = Decimal | int | float


@transaction.atomic
def scorecard_criteria_set(
    *,
    actor: Any,
    buyer: Organization,
    reset: bool = False,
    weight_otd_qty: Number | None = None,
    weight_otif_lines: Number | None = None,
    weight_defect_ppm: Number | None = None,
    weight_lead_time: Number | None = None,
    ppm_at_zero: Number | None = None,
    ppm_scale: str | None = None,
    lead_time_target_days: Number | None = None,
    lead_time_at_zero_days: Number | None = None,
    band_s: Number | None = None,
    band_a: Number | None = None,
    band_b: Number | None = None,
    band_c: Number | None = None,
    trend_months: int | None = None,
) -> ScorecardCriteria:
    """Set the buying firm's scorecard criteria (the fields of :class:`ScorecardCriteria`);
    those not given (``None``) keep their value. ``reset=True`` starts from the defaults.

    Only someone of the firm itself: a coordinator may not set a firm's criteria. The rules
    are the engine's (:class:`renkei.engines.qcd.Criteria`), applied by ``full_clean``.
    """
    _require(actor, buyer)
    given = {
        "weight_otd_qty": weight_otd_qty,
        "weight_otif_lines": weight_otif_lines,
        "weight_defect_ppm": weight_defect_ppm,
        "weight_lead_time": weight_lead_time,
        "ppm_at_zero": ppm_at_zero,
        "ppm_scale": ppm_scale,
        "lead_time_target_days": lead_time_target_days,
        "lead_time_at_zero_days": lead_time_at_zero_days,
        "band_s": band_s,
        "band_a": band_a,
        "band_b": band_b,
        "band_c": band_c,
        "trend_months": trend_months,
    }
    criteria = ScorecardCriteria.objects.filter(buyer=buyer).first() or ScorecardCriteria(
        buyer=buyer
    )
    data = ScorecardCriteria.defaults() if reset else {}
    data.update({name: value for name, value in given.items() if value is not None})
    return _save(criteria, data, actor=actor)


def qcd_sharing_set(*, actor: Any, organization: Organization, level: str) -> QcdSharing:
    """Set who may open ``organization``'s QCD sheet: its consent, given by its own staff.

    A coordinator may not give or withdraw a firm's consent (``can_act_for`` is the firm's
    own people only). An unknown level is refused by validation (code ``invalid_choice``).
    """
    _require(actor, organization)
    sharing = QcdSharing.objects.filter(organization=organization).first()
    return _save(sharing or QcdSharing(organization=organization), {"level": level}, actor=actor)
