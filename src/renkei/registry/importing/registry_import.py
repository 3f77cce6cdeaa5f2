"""Import firms, sites, capabilities, equipment and contacts into the registry.

Identity (so that importing the same file twice updates rather than duplicates):

- a firm is its corporate number; without one, its name and the address of its head office;
- a site is its firm and its name; the head office comes from the 企業 sheet's 本社 columns;
- a capability is its site and process; equipment is its site, machine name and model;
  a contact is its firm and name.

Blank cells leave the stored value alone, so a sheet that fills in only some columns does not
wipe the others. Every write is validated as :mod:`renkei.registry.services` validates it
(``full_clean``) and logged with the importing user as the audit log's actor, and every firm
touched passes the registry's permission gate.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from renkei.common.importing.cells import lookup_key
from renkei.common.importing.core import ImportResult, Problems, Row, unique_row
from renkei.common.writes import WritePlan
from renkei.registry.importing.registry_apply import plan_rows
from renkei.registry.importing.registry_refs import FirmPlan, ReferenceData, SitePlan
from renkei.registry.importing.registry_sheets import DEFAULT_HQ_NAME, SHEETS
from renkei.registry.models import Municipality, Organization, Process
from renkei.registry.permissions import (
    can_create_organization,
    can_edit_organization,
    organizations_visible_to,
)


class RegistryImport:
    """The :class:`~renkei.common.importing.core.Handler` of the registry.

    ``actor`` is the importing user (recorded in the audit log and checked against the gate);
    ``system=True`` is the command line, run by whoever administers the server.
    """

    sheets = SHEETS

    def __init__(self, *, actor: Any, system: bool = False) -> None:
        self.actor = actor
        self.system = system
        self.refs = ReferenceData()
        self._firms_by_number: dict[str, FirmPlan] = {}
        self._firms_by_name: dict[str, list[FirmPlan]] = {}
        self._firms_from_db: dict[int, FirmPlan] = {}
        self._sites: dict[tuple[int, str], SitePlan] = {}

    # --- the gate ---
    def _visible(self) -> models.QuerySet[Organization]:
        return Organization.objects.all() if self.system else organizations_visible_to(self.actor)

    def _may_edit(self, organization: Organization) -> bool:
        return self.system or can_edit_organization(self.actor, organization)

    def _may_create(self) -> bool:
        return self.system or can_create_organization(self.actor)

    # --- check: resolve every reference, read only ---
    def check(self, rows: dict[str, list[Row]], problems: Problems) -> None:
        seen: dict[tuple[Any, ...], int] = {}
        for row in rows["firms"]:
            self._check_firm(row, problems, seen)
        for row in rows["sites"]:
            self._check_site(row, problems, seen)
        for row in rows["capabilities"]:
            self._check_capability(row, problems, seen)
        for row in rows["equipment"]:
            self._check_equipment(row, problems, seen)
        for row in rows["contacts"]:
            self._check_contact(row, problems, seen)

    def _find_firm(self, number: str | None, name: str, address: str | None) -> Organization | None:
        if number:
            found = self._visible().filter(corporate_number=number).first()
            if found is not None:
                return found
        if not address:
            return None
        # By name and head-office address; a firm registered earlier without its corporate
        # number is matched too, so adding the number later does not make a second firm.
        for candidate in self._visible().filter(name=name).prefetch_related("sites"):
            if number and candidate.corporate_number:
                continue
            hq = candidate.headquarters
            if hq is not None and lookup_key(hq.address) == lookup_key(address):
                return candidate
        return None

    def _check_firm(self, row: Row, problems: Problems, seen: dict[tuple[Any, ...], int]) -> None:
        name, number, address = row.get("name"), row.get("corporate_number"), row.get("hq_address")
        if not name or not row.ok("corporate_number", "hq_address"):
            return
        if not number and not address:
            problems.at(
                row,
                "hq_address",
                _(
                    "Without a corporate number, the head-office address is needed to identify the firm."
                ),
                "firm_key_missing",
            )
            return
        key_column = "corporate_number" if number else "name"
        key = ("number", number) if number else ("name", lookup_key(name), lookup_key(address))
        if not unique_row(row, key, key_column, problems, seen):
            return
        existing = self._find_firm(number, name, address)
        if existing is not None and not self._may_edit(existing):
            problems.at(
                row,
                key_column,
                _("You may not change “%(firm)s”.") % {"firm": existing.name},
                "forbidden",
            )
            return
        if existing is None and not self._may_create():
            problems.at(row, "name", _("Only coordinators may register new firms."), "forbidden")
            return
        plan = FirmPlan(label=name, existing=existing)
        row.context["firm"] = plan
        if number:
            self._firms_by_number[number] = plan
        self._firms_by_name.setdefault(lookup_key(name), []).append(plan)
        if existing is not None:
            self._firms_from_db[existing.pk] = plan
        if address:
            row.context["municipality"] = self._municipality(
                row, "hq_municipality", address, problems
            )
            site_name = row.get("hq_name")
            hq = None
            if existing is not None:
                hq = existing.sites.filter(is_headquarters=True).first()
                if hq is None and site_name:
                    hq = existing.sites.filter(name=site_name).first()
            plan.hq = SitePlan(
                firm=plan, name=site_name or (hq.name if hq else DEFAULT_HQ_NAME), existing=hq
            )
            self._sites[(id(plan), lookup_key(plan.hq.name))] = plan.hq

    def _firm_reference(self, row: Row, problems: Problems) -> FirmPlan | None:
        number, name = row.get("corporate_number"), row.get("firm_name")
        if not row.ok("corporate_number", "firm_name"):
            return None
        if number:
            if number in self._firms_by_number:
                return self._firms_by_number[number]
            found = self._visible().filter(corporate_number=number).first()
            if found is None:
                problems.at(
                    row,
                    "corporate_number",
                    _("No firm with corporate number %(value)s is registered or in this file.")
                    % {"value": number},
                    "unknown_firm",
                )
                return None
            return self._firm_from_db(found, row, "corporate_number", problems)
        if not name:
            return None
        plans = self._firms_by_name.get(lookup_key(name), [])
        candidates: list[Any] = plans or list(self._visible().filter(name=name)[:2])
        if len(candidates) > 1:
            problems.at(
                row,
                "firm_name",
                _("Several firms are named “%(value)s”; enter the corporate number.")
                % {"value": name},
                "ambiguous_firm",
            )
            return None
        if not candidates:
            problems.at(
                row,
                "firm_name",
                _("No firm named “%(value)s” is registered or in this file.") % {"value": name},
                "unknown_firm",
            )
            return None
        if isinstance(candidates[0], FirmPlan):
            return candidates[0]
        return self._firm_from_db(candidates[0], row, "firm_name", problems)

    def _firm_from_db(
        self, organization: Organization, row: Row, column: str, problems: Problems
    ) -> FirmPlan | None:
        if organization.pk in self._firms_from_db:
            return self._firms_from_db[organization.pk]
        if not self._may_edit(organization):
            problems.at(
                row,
                column,
                _("You may not change “%(firm)s”.") % {"firm": organization.name},
                "forbidden",
            )
            return None
        plan = FirmPlan(label=organization.name, existing=organization)
        self._firms_from_db[organization.pk] = plan
        return plan

    def _site_reference(self, firm: FirmPlan, row: Row, problems: Problems) -> SitePlan | None:
        if not row.ok("site_name"):
            return None
        name = row.get("site_name")
        if not name:
            if firm.hq is None and firm.existing is not None:
                hq = firm.existing.headquarters
                if hq is not None:
                    firm.hq = self._sites.setdefault(
                        (id(firm), lookup_key(hq.name)), SitePlan(firm, hq.name, hq)
                    )
            if firm.hq is None:
                problems.at(
                    row,
                    "site_name",
                    _(
                        "“%(firm)s” has no head office in the registry or in this file; enter the site name."
                    )
                    % {"firm": firm.label},
                    "unknown_site",
                )
            return firm.hq
        key = (id(firm), lookup_key(name))
        if key not in self._sites:
            existing = firm.existing.sites.filter(name=name).first() if firm.existing else None
            if existing is None:
                problems.at(
                    row,
                    "site_name",
                    _("“%(firm)s” has no site named “%(value)s”.")
                    % {"firm": firm.label, "value": name},
                    "unknown_site",
                )
                return None
            self._sites[key] = SitePlan(firm, existing.name, existing)
        return self._sites[key]

    def _municipality(
        self, row: Row, column: str, address: str | None, problems: Problems
    ) -> Municipality | None:
        if not row.ok(column):
            return None
        reference = row.get(column)
        if reference is not None:
            kind, value = reference
            if kind == "code":
                found = self.refs.municipality_by_code(value)
                matches = [found] if found else []
            else:
                matches = self.refs.municipalities_named(value)
        elif address:
            matches = self.refs.municipalities_in(address)
            value = address
            if len(matches) != 1:
                problems.at(
                    row,
                    column,
                    _(
                        "The municipality cannot be told from the address “%(value)s”; fill in this column."
                    )
                    % {"value": address},
                    "municipality_from_address",
                )
                return None
        else:
            return None
        if not matches:
            problems.at(
                row,
                column,
                _("Unknown municipality “%(value)s”.") % {"value": row.raw.get(column, value)},
                "unknown_municipality",
            )
            return None
        if len(matches) > 1:
            problems.at(
                row,
                column,
                _("Several municipalities are called “%(value)s”; enter the JIS code.")
                % {"value": value},
                "ambiguous_municipality",
            )
            return None
        return matches[0]

    def _process(self, row: Row, problems: Problems) -> Process | None:
        value = row.get("process")
        if not value:
            return None
        process = self.refs.processes.get(lookup_key(value))
        if process is None:
            problems.at(
                row,
                "process",
                _("Unknown process “%(value)s”. Use a process name or code of the process list.")
                % {"value": value},
                "unknown_process",
            )
        return process

    def _check_site(self, row: Row, problems: Problems, seen: dict[tuple[Any, ...], int]) -> None:
        firm = self._firm_reference(row, problems)
        row.context["municipality"] = self._municipality(
            row, "municipality", row.get("address"), problems
        )
        name = row.get("name")
        if (
            firm is None
            or not name
            or not unique_row(row, (id(firm), lookup_key(name)), "name", problems, seen)
        ):
            return
        key = (id(firm), lookup_key(name))
        if key not in self._sites:
            existing = firm.existing.sites.filter(name=name).first() if firm.existing else None
            self._sites[key] = SitePlan(firm, name, existing)
        row.context["site"] = self._sites[key]

    def _check_capability(
        self, row: Row, problems: Problems, seen: dict[tuple[Any, ...], int]
    ) -> None:
        firm = self._firm_reference(row, problems)
        site = self._site_reference(firm, row, problems) if firm else None
        process = self._process(row, problems)
        materials = []
        for name in row.get("materials", []):
            material = self.refs.materials.get(lookup_key(name))
            if material is None:
                problems.at(
                    row,
                    "materials",
                    _("Unknown material “%(value)s”.") % {"value": name},
                    "unknown_material",
                )
            else:
                materials.append(material)
        lot_min, lot_max = row.get("lot_min"), row.get("lot_max")
        if lot_min is not None and lot_max is not None and lot_max < lot_min:
            problems.at(
                row,
                "lot_max",
                _("The max. lot must not be below the min. lot (%(min)s).") % {"min": lot_min},
                "lot_range",
            )
        if (
            site is None
            or process is None
            or not unique_row(row, (id(site), process.pk), "process", problems, seen)
        ):
            return
        existing = (
            site.existing.capabilities.filter(process=process).first() if site.existing else None
        )
        row.context.update(site=site, process=process, materials=materials, existing=existing)

    def _check_equipment(
        self, row: Row, problems: Problems, seen: dict[tuple[Any, ...], int]
    ) -> None:
        firm = self._firm_reference(row, problems)
        site = self._site_reference(firm, row, problems) if firm else None
        process = self._process(row, problems)
        name, model = row.get("name"), row.get("model_number", "")
        if site is None or not name:
            return
        if not unique_row(
            row, (id(site), lookup_key(name), lookup_key(model)), "name", problems, seen
        ):
            return
        existing = None
        if site.existing is not None:
            existing = site.existing.equipment.filter(name=name, model_number=model).first()
        row.context.update(site=site, process=process, existing=existing)

    def _check_contact(
        self, row: Row, problems: Problems, seen: dict[tuple[Any, ...], int]
    ) -> None:
        firm = self._firm_reference(row, problems)
        name = row.get("name")
        if (
            firm is None
            or not name
            or not unique_row(row, (id(firm), lookup_key(name)), "name", problems, seen)
        ):
            return
        existing = firm.existing.contacts.filter(name=name).first() if firm.existing else None
        row.context.update(firm=firm, existing=existing)

    # --- prepare: validate every write, reading only; the import saves the plan ---
    def prepare(
        self, rows: dict[str, list[Row]], problems: Problems, result: ImportResult
    ) -> WritePlan:
        return plan_rows(rows, problems, result)
