"""Writes of QCD: a buying firm's scorecard criteria and a firm's consent to share its sheet.

Each service checks that the actor acts for the firm (``orders.permissions.can_act_for``: its
own people, never a coordinator), validates fully (the criteria's rules are the engine's) and
records the actor in the audit log (:func:`renkei.common.writes.save_validated`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from renkei.common.writes import save_validated as _save
from renkei.orders.permissions import can_act_for
from renkei.qcd.models import CRITERIA_FIELDS, QcdSharing, ScorecardCriteria
from renkei.registry.models import Organization


def _require(actor: Any, organization: Organization) -> None:
    if not can_act_for(actor, organization):
        raise PermissionDenied


@transaction.atomic
def scorecard_criteria_set(
    *, actor: Any, buyer: Organization, reset: bool = False, **values: Any
) -> ScorecardCriteria:
    """Set the buying firm's scorecard criteria (fields of :class:`ScorecardCriteria`); the
    ones not given keep their value. ``reset=True`` starts from the defaults.

    Only someone of the firm itself: a coordinator may not set a firm's criteria.
    """
    _require(actor, buyer)
    unknown = set(values) - set(CRITERIA_FIELDS)
    if unknown:
        raise TypeError(f"unknown criteria fields: {sorted(unknown)}")
    criteria = ScorecardCriteria.objects.filter(buyer=buyer).first() or ScorecardCriteria(
        buyer=buyer
    )
    data = ScorecardCriteria.defaults() if reset else {}
    data.update(values)
    return _save(criteria, data, actor=actor)


def qcd_sharing_set(*, actor: Any, organization: Organization, level: str) -> QcdSharing:
    """Set who may open ``organization``'s QCD sheet: its consent, given by its own staff.

    A coordinator may not give or withdraw a firm's consent (``can_act_for`` is the firm's
    own people only). An unknown level is refused by validation (code ``invalid_choice``).
    """
    _require(actor, organization)
    sharing = QcdSharing.objects.filter(organization=organization).first()
    return _save(sharing or QcdSharing(organization=organization), {"level": level}, actor=actor)
