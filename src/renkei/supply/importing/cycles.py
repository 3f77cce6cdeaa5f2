"""BOM cycles of an import: among the file's lines, or closed by them with registered lines.

The graph is the file's lines plus every registered line below their components (a cycle through
a file line ``P → C`` must come back to ``P`` from ``C``). The network engine's
:func:`~renkei.engines.network.find_bom_cycle` finds one cycle at a time; each is reported once,
on the first of its rows, with its items in order ("A → B → C → A") and all of its rows, and its
file lines are then set aside to look for the next one.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from django.utils.translation import gettext as _

from renkei.common.importing.core import Problems, Row
from renkei.engines.network import find_bom_cycle
from renkei.supply.importing.refs import ItemPlan
from renkei.supply.models import BomLine, Item

MAX_CYCLES = 20  # a file full of cycles is wrong as a whole; the first ones say enough
CHUNK = 500  # ids per IN (...) query


def _registered_lines(start: Iterable[int]) -> list[tuple[int, int]]:
    """Every registered BOM line reachable downwards from the items ``start``."""
    seen = set(start)
    frontier = sorted(seen)
    lines: list[tuple[int, int]] = []
    while frontier:
        found: list[tuple[int, int]] = []
        for index in range(0, len(frontier), CHUNK):
            found.extend(
                BomLine.objects.filter(parent_id__in=frontier[index : index + CHUNK]).values_list(
                    "parent_id", "child_id"
                )
            )
        frontier = []
        for parent_id, child_id in found:
            lines.append((parent_id, child_id))
            if child_id not in seen:
                seen.add(child_id)
                frontier.append(child_id)
    return lines


def report_cycles(rows: list[Row], problems: Problems) -> None:
    """Add one problem per BOM cycle that ``rows`` (checked BOM rows) make or close."""
    edges: dict[tuple[str, str], Row | None] = {}
    labels: dict[str, str] = {}
    children: set[int] = set()
    for row in rows:
        parent: ItemPlan = row.context["parent"]
        child: ItemPlan = row.context["child"]
        edges[(parent.node, child.node)] = row
        labels[parent.node], labels[child.node] = parent.code, child.code
        if child.existing is not None:
            children.add(child.existing.pk)
    registered = _registered_lines(children)
    unlabelled = {pk for line in registered for pk in line if f"I{pk}" not in labels}
    for pk, code in Item.objects.filter(pk__in=unlabelled).values_list("pk", "code"):
        labels[f"I{pk}"] = code
    for parent_id, child_id in registered:
        edges.setdefault((f"I{parent_id}", f"I{child_id}"), None)

    for _round in range(MAX_CYCLES):
        cycle = find_bom_cycle(list(edges))
        if cycle is None:
            return
        pairs = list(pairwise(cycle))
        in_file = sorted(
            (row for pair in pairs if (row := edges[pair]) is not None),
            key=lambda row: (row.table, row.number),
        )
        for pair in pairs:
            # Set the cycle's file lines aside; a cycle of registered lines only (impossible
            # through the services) is dropped too so the search ends.
            if edges[pair] is not None or not in_file:
                del edges[pair]
        if not in_file:
            continue
        first = in_file[0]
        # Start the cycle at the parent of its first row, so it reads like the sheet.
        nodes = cycle[:-1]
        start = nodes.index(first.context["parent"].node)
        ordered = [*nodes[start:], *nodes[:start], nodes[start]]
        params = {
            "cycle": " → ".join(labels[node] for node in ordered),
            "rows": ", ".join(str(row.number) for row in in_file),
        }
        if len(in_file) < len(pairs):
            message = _(
                "These BOM lines close a cycle with lines already registered: %(cycle)s "
                "(rows %(rows)s)."
            )
        else:
            message = _("These BOM lines form a cycle: %(cycle)s (rows %(rows)s).")
        problems.at(first, "child", message % params, "bom_cycle")
