"""Import items, BOMs, routings, sourcing, inventory and sites' times to recover.

One import is the data of one owner (the organisation that keeps the items): a buyer imports
its own organisation's; a coordinator names the owner. Identity, so that importing the same file
again updates rather than duplicates:

- an item is its owner and code; a BOM line its parent and component;
- a routing step is its item and step number; a sourcing row its item, step and supplier site;
- an inventory position is its site and item; a time to recover is its site.

Blank cells leave stored values alone. Only items of the owner can be referred to (a buyer never
reaches another buyer's items), suppliers through the registry's gate. Every write is validated
as :mod:`renkei.supply.services` validates it and logged with the importing user as the audit
log's actor.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _

from renkei.common.importing.cells import fold, lookup_key
from renkei.common.importing.core import ImportResult, Problems, Row, Seen, unique_row
from renkei.common.permissions import is_coordinator
from renkei.common.writes import WritePlan
from renkei.registry.importing.registry_refs import ReferenceData
from renkei.registry.models import Organization, Process, Site
from renkei.supply.importing.apply import plan_rows
from renkei.supply.importing.cycles import report_cycles
from renkei.supply.importing.refs import Firms, ItemPlan, StepPlan, corporate_number_or_name
from renkei.supply.importing.sheets import ITEMS, ROUTING, SHEETS
from renkei.supply.models import (
    BomLine,
    InventoryPosition,
    Item,
    SiteRecovery,
    Sourcing,
    SourcingStatus,
)
from renkei.supply.permissions import can_import_supply, can_manage_items_of, items_owned_by


class SupplyImport:
    """The :class:`~renkei.common.importing.core.Handler` of supply data.

    ``owner`` is the corporate number or name the user gave for the owner (None: a buyer's own
    organisation, or the 所有者 column); ``filename`` labels problems with the whole file.
    """

    sheets = SHEETS

    def __init__(self, *, actor: Any, owner: str | None = None, filename: str = "") -> None:
        self.actor = actor
        self.owner_reference = owner
        self.filename = filename
        self.owner: Organization | None = None
        self.firms = Firms(actor)
        self.items: dict[str, ItemPlan] = {}
        self.steps: dict[tuple[int, int], StepPlan] = {}
        # Organisations the file names as suppliers of an item (by id() of its plan).
        self.file_suppliers: dict[int, set[int]] = {}

    # --- the owner ---
    def _file_problem(self, problems: Problems, message: str, code: str) -> None:
        problems.add(table=self.filename, row=None, column="", error=message, code=code)

    def _organization(self, reference: str) -> tuple[Organization | None, str, str]:
        """The visible organisation ``reference`` names, or None with a message and a code."""
        kind, value = corporate_number_or_name(reference)
        if kind == "number":
            found = self.firms.by_number(value)
            if found is None:
                message = _("No organisation with corporate number %(value)s is registered.")
                return None, message % {"value": value}, "unknown_firm"
            return found, "", ""
        named = self.firms.by_name(value)
        if len(named) > 1:
            message = _("Several organisations are named “%(value)s”; enter the corporate number.")
            return None, message % {"value": value}, "ambiguous_firm"
        if not named:
            message = _("No organisation named “%(value)s” is registered.")
            return None, message % {"value": value}, "unknown_firm"
        return named[0], "", ""

    def _resolve_owner(self, item_rows: list[Row], problems: Problems) -> Organization | None:
        if not can_import_supply(self.actor):
            self._file_problem(
                problems,
                _("Only buyers and coordinators may import items, BOMs and sourcing."),
                "forbidden",
            )
            return None
        reference = self.owner_reference
        if not reference and is_coordinator(self.actor):
            named = {fold(r.get("owner")) for r in item_rows if r.get("owner")}
            if len(named) == 1:
                reference = named.pop()
        if reference:
            owner, message, code = self._organization(reference)
            if owner is None:
                self._file_problem(problems, message, code)
                return None
        elif is_coordinator(self.actor):
            self._file_problem(
                problems,
                _(
                    "Name the owner of the items by corporate number or name: a coordinator "
                    "imports the items of one owner at a time."
                ),
                "owner_missing",
            )
            return None
        else:
            owner = getattr(self.actor, "organization", None)
            if owner is None:
                self._file_problem(
                    problems, _("Your account belongs to no organisation."), "no_organization"
                )
                return None
        if not can_manage_items_of(self.actor, owner):
            self._file_problem(
                problems,
                _("You may not import items of “%(owner)s”.") % {"owner": owner.name},
                "forbidden",
            )
            return None
        return owner

    # --- references ---
    @cached_property
    def _registered_items(self) -> dict[str, Item]:
        owned = items_owned_by(self.actor).filter(owner=self.owner)
        return {fold(item.code): item for item in owned}

    @cached_property
    def _processes(self) -> dict[str, Process]:
        return ReferenceData().processes

    def _item_reference(self, row: Row, column: str, problems: Problems) -> ItemPlan | None:
        code = row.get(column)
        if not code or not row.ok(column):
            return None
        plan = self.items.get(code)
        if plan is None:
            existing = self._registered_items.get(code)
            if existing is None:
                assert self.owner is not None
                problems.at(
                    row,
                    column,
                    _(
                        "No item with code “%(code)s” is in the %(sheet)s sheet or among the "
                        "items of “%(owner)s”."
                    )
                    % {"code": code, "sheet": ITEMS.name, "owner": self.owner.name},
                    "unknown_item",
                )
                return None
            plan = self.items[code] = ItemPlan(code, existing)
        return plan

    def _site_reference(self, row: Row, problems: Problems, *, default_owner: bool) -> Site | None:
        if not row.ok("corporate_number", "firm_name", "site_name"):
            return None
        number, name = row.get("corporate_number"), row.get("firm_name")
        if number:
            organization, message, code = self._organization(number)
            column = "corporate_number"
        elif name:
            organization, message, code = self._organization(name)
            column = "firm_name"
        elif default_owner:
            organization, column = self.owner, "site_name"
        else:
            return None  # the missing firm is already a problem of the row
        if organization is None:
            problems.at(row, column, message, code)
            return None
        site_name = row.get("site_name")
        site = self.firms.site(organization, site_name)
        if site is None:
            if site_name:
                message = _("“%(firm)s” has no site named “%(value)s”.") % {
                    "firm": organization.name,
                    "value": site_name,
                }
            else:
                message = _("“%(firm)s” has no registered site.") % {"firm": organization.name}
            problems.at(row, "site_name", message, "unknown_site")
        return site

    @staticmethod
    def _firm_column(row: Row) -> str:
        if row.get("corporate_number"):
            return "corporate_number"
        return "firm_name" if row.get("firm_name") else "site_name"

    def _supplies(self, plan: ItemPlan, organization_id: int) -> bool:
        if organization_id in self.file_suppliers.get(id(plan), set()):
            return True
        return (
            plan.existing is not None
            and Sourcing.objects.filter(
                item=plan.existing, site__organization_id=organization_id
            ).exists()
        )

    def _supplies_owner(self, organization_id: int) -> bool:
        if any(organization_id in orgs for orgs in self.file_suppliers.values()):
            return True
        return Sourcing.objects.filter(
            item__owner=self.owner, site__organization_id=organization_id
        ).exists()

    # --- check: resolve every reference, read only ---
    def check(self, rows: dict[str, list[Row]], problems: Problems) -> None:
        self.owner = self._resolve_owner(rows["items"], problems)
        if self.owner is None:
            return
        seen: Seen = {}
        for row in rows["items"]:
            self._check_item(row, problems, seen)
        bom_rows = [row for row in rows["bom"] if self._check_bom(row, problems, seen)]
        report_cycles(bom_rows, problems)
        for row in rows["routing"]:
            self._check_routing(row, problems, seen)
        sourcing_rows = [
            row for row in rows["sourcing"] if self._check_sourcing(row, problems, seen)
        ]
        self._check_shares(sourcing_rows, problems)
        for row in rows["inventory"]:
            self._check_inventory(row, problems, seen)
        for row in rows["recovery"]:
            self._check_recovery(row, problems, seen)

    def _check_item(self, row: Row, problems: Problems, seen: Seen) -> None:
        assert self.owner is not None
        reference = row.get("owner")
        if reference and row.ok("owner"):
            named, message, code = self._organization(reference)
            if named is None:
                problems.at(row, "owner", message, code)
            elif named.pk != self.owner.pk and not can_manage_items_of(self.actor, named):
                problems.at(
                    row,
                    "owner",
                    _("You may not import items of “%(owner)s”.") % {"owner": named.name},
                    "forbidden",
                )
            elif named.pk != self.owner.pk:
                problems.at(
                    row,
                    "owner",
                    _(
                        "This import is for the items of “%(owner)s”; import the items of "
                        "“%(other)s” in a separate file."
                    )
                    % {"owner": self.owner.name, "other": named.name},
                    "other_owner",
                )
        code = row.get("code")
        if not code or not row.ok("code") or not unique_row(row, (code,), "code", problems, seen):
            return
        plan = self.items[code] = ItemPlan(code, self._registered_items.get(code))
        row.context["item"] = plan

    def _check_bom(self, row: Row, problems: Problems, seen: Seen) -> bool:
        parent = self._item_reference(row, "parent", problems)
        child = self._item_reference(row, "child", problems)
        if parent is None or child is None:
            return False
        if parent is child:
            problems.at(
                row,
                "child",
                _("An item cannot contain itself: %(item)s") % {"item": parent.code},
                "bom_cycle",
            )
            return False
        if not unique_row(row, (id(parent), id(child)), "child", problems, seen):
            return False
        existing = None
        if parent.existing is not None and child.existing is not None:
            existing = BomLine.objects.filter(parent=parent.existing, child=child.existing).first()
        row.context.update(parent=parent, child=child, existing=existing)
        return True

    def _check_routing(self, row: Row, problems: Problems, seen: Seen) -> None:
        item = self._item_reference(row, "item", problems)
        process = None
        name = row.get("process")
        if name and row.ok("process"):
            process = self._processes.get(lookup_key(name))
            if process is None:
                problems.at(
                    row,
                    "process",
                    _(
                        "Unknown process “%(value)s”. Use a process name or code of the process list."
                    )
                    % {"value": name},
                    "unknown_process",
                )
        sequence = row.get("step")
        if item is None or sequence is None or not row.ok("step"):
            return
        if not unique_row(row, (id(item), sequence), "step", problems, seen):
            return
        existing = (
            item.existing.routing.filter(sequence=sequence).first() if item.existing else None
        )
        plan = self.steps[(id(item), sequence)] = StepPlan(item, sequence, existing)
        row.context.update(step=plan, process=process)

    def _step_reference(self, item: ItemPlan, row: Row, problems: Problems) -> StepPlan | None:
        sequence = row.get("step")
        key = (id(item), sequence)
        if key not in self.steps:
            existing = None
            if item.existing is not None:
                existing = item.existing.routing.filter(sequence=sequence).first()
            if existing is None:
                problems.at(
                    row,
                    "step",
                    _(
                        "%(item)s has no step %(step)s in its routing (in the %(sheet)s sheet or "
                        "registered)."
                    )
                    % {"item": item.code, "step": sequence, "sheet": ROUTING.name},
                    "unknown_step",
                )
                return None
            self.steps[key] = StepPlan(item, sequence, existing)
        return self.steps[key]

    def _check_sourcing(self, row: Row, problems: Problems, seen: Seen) -> bool:
        item = self._item_reference(row, "item", problems)
        step = None
        if item is not None and row.get("step") is not None and row.ok("step"):
            step = self._step_reference(item, row, problems)
            if step is None:
                return False
        site = self._site_reference(row, problems, default_owner=False)
        if item is None or site is None or not row.ok("step"):
            return False
        if not unique_row(row, (id(item), id(step), site.pk), "item", problems, seen):
            return False
        existing = None
        if item.existing is not None and (step is None or step.existing is not None):
            existing = Sourcing.objects.filter(
                item=item.existing, site=site, step=step.existing if step else None
            ).first()
        row.context.update(item=item, step=step, site=site, existing=existing)
        self.file_suppliers.setdefault(id(item), set()).add(site.organization_id)
        return True

    def _check_shares(self, rows: list[Row], problems: Problems) -> None:
        """The active sources of an item (or of one step) share at most 100 % of it."""
        groups: dict[tuple[int, int], list[Row]] = {}
        for row in rows:
            groups.setdefault((id(row.context["item"]), id(row.context["step"])), []).append(row)
        for group in groups.values():
            item: ItemPlan = group[0].context["item"]
            step: StepPlan | None = group[0].context["step"]
            total, counted = Decimal(0), []
            for row in group:
                existing: Sourcing | None = row.context["existing"]
                status = row.get("status") or (
                    existing.status if existing else SourcingStatus.ACTIVE
                )
                share = row.get("share", existing.share if existing else None)
                if status == SourcingStatus.ACTIVE and share is not None and row.ok("share"):
                    total += share
                    counted.append(row)
            if not counted:
                continue
            if item.existing is not None and (step is None or step.existing is not None):
                registered = Sourcing.objects.filter(
                    item=item.existing,
                    step=step.existing if step else None,
                    status=SourcingStatus.ACTIVE,
                    share__isnull=False,
                ).exclude(site__in=[row.context["site"] for row in group])
                total += sum((s.share for s in registered), Decimal(0))
            if total > 1:
                label = item.code
                if step is not None:
                    label = _("%(item)s step %(step)s") % {"item": item.code, "step": step.sequence}
                problems.at(
                    counted[-1],
                    "share",
                    _(
                        "The shares of the active sources of %(item)s add up to %(total)s %% "
                        "(rows %(rows)s); at most 100 %% is possible."
                    )
                    % {
                        "item": label,
                        "total": f"{(total * 100).normalize():f}",
                        "rows": ", ".join(str(row.number) for row in counted),
                    },
                    "shares_over_100",
                )

    def _check_inventory(self, row: Row, problems: Problems, seen: Seen) -> None:
        assert self.owner is not None
        item = self._item_reference(row, "item", problems)
        site = self._site_reference(row, problems, default_owner=True)
        if item is None or site is None:
            return
        if site.organization_id != self.owner.pk and not self._supplies(item, site.organization_id):
            problems.at(
                row,
                self._firm_column(row),
                _(
                    "“%(firm)s” does not supply %(item)s: stock is recorded at the owner's sites "
                    "and at the item's suppliers only."
                )
                % {"firm": site.organization.name, "item": item.code},
                "not_a_supplier",
            )
            return
        if not unique_row(row, (site.pk, id(item)), "item", problems, seen):
            return
        existing = None
        if item.existing is not None:
            existing = InventoryPosition.objects.filter(site=site, item=item.existing).first()
        row.context.update(item=item, site=site, existing=existing)

    def _check_recovery(self, row: Row, problems: Problems, seen: Seen) -> None:
        assert self.owner is not None
        site = self._site_reference(row, problems, default_owner=False)
        if site is None:
            return
        if (
            not is_coordinator(self.actor)
            and site.organization_id != self.owner.pk
            and not self._supplies_owner(site.organization_id)
        ):
            problems.at(
                row,
                self._firm_column(row),
                _(
                    "“%(firm)s” supplies none of the items of “%(owner)s”: times to recover are "
                    "recorded for the owner's sites and its suppliers' only."
                )
                % {"firm": site.organization.name, "owner": self.owner.name},
                "not_a_supplier",
            )
            return
        if not unique_row(row, (site.pk,), "site_name", problems, seen):
            return
        row.context.update(site=site, existing=SiteRecovery.objects.filter(site=site).first())

    # --- prepare: validate every write, reading only; the import saves the plan ---
    def prepare(
        self, rows: dict[str, list[Row]], problems: Problems, result: ImportResult
    ) -> WritePlan:
        assert self.owner is not None
        return plan_rows(rows, problems, result, owner=self.owner)
