"""The network engines' refusals, in the user's language.

Both engines refuse bad input with a coded
:class:`~renkei.engines.network.errors.NetworkDataError`: a
:class:`~renkei.engines.network.errors.NetworkCode` (the network model's rules) or a
:class:`~renkei.engines.stress.errors.StressCode` (the stress contract's own), plus the
offending ids. :func:`network_error_message` maps the code to a translatable message, so the
engines stay the one place that decides what is valid and the platform the one place that says
it in Japanese; nothing here reads the engines' English sentences.

A network read from the database can still be refused: rows written past the forms and the
services (the admin, a raw update, an old import) may hold a BOM cycle or a negative figure.
The adapter then raises :class:`StoredNetworkRefused`, which is not a ``NetworkDataError``: a
page that puts the engine's refusal of the user's own input on its form (the what-if's "this
site already supplies the item") does not mistake the stored data's fault for the user's.
The pages, the stress-test job and ``renkei stress --from-db`` show its :attr:`message`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.engines.network.errors import NetworkCode, NetworkDataError
from renkei.engines.stress.errors import StressCode

MESSAGES: dict[StrEnum, Any] = {
    NetworkCode.BAD_ID: gettext_lazy("A record of the supply network has no id."),
    NetworkCode.BAD_KIND: gettext_lazy("%(what)s has an unknown item kind."),
    NetworkCode.BAD_ROLE: gettext_lazy("%(what)s has an unknown site role."),
    NetworkCode.BAD_OWNER: gettext_lazy("%(what)s belongs to no organisation."),
    NetworkCode.BAD_RECORD: gettext_lazy("The supply network holds a record of the wrong kind."),
    NetworkCode.BAD_STATUS: gettext_lazy("%(what)s has an unknown sourcing status."),
    NetworkCode.BAD_SHARE: gettext_lazy("The share of %(what)s must be between 0%% and 100%%."),
    NetworkCode.BAD_QTY: gettext_lazy("The quantity per unit of %(what)s must be above zero."),
    NetworkCode.BAD_MUNICIPALITY: gettext_lazy("%(what)s has an invalid municipality code."),
    NetworkCode.BAD_COORDINATE: gettext_lazy("%(what)s has a latitude or longitude out of range."),
    NetworkCode.NEGATIVE_DEMAND: gettext_lazy("The demand of %(what)s cannot be negative."),
    NetworkCode.NEGATIVE_PRICE: gettext_lazy("The unit price of %(what)s cannot be negative."),
    NetworkCode.NEGATIVE_CAPACITY: gettext_lazy("The capacity of %(what)s cannot be negative."),
    NetworkCode.NEGATIVE_LEAD_TIME: gettext_lazy("The lead time of %(what)s cannot be negative."),
    NetworkCode.NEGATIVE_INVENTORY: gettext_lazy("The inventory of %(what)s cannot be negative."),
    NetworkCode.NEGATIVE_MARGIN: gettext_lazy("The margin of %(what)s cannot be negative."),
    NetworkCode.NEGATIVE_TTR: gettext_lazy("The time to recover of %(what)s cannot be negative."),
    NetworkCode.DUPLICATE_ITEM: gettext_lazy("%(what)s appears twice in the supply network."),
    NetworkCode.DUPLICATE_SITE: gettext_lazy("%(what)s appears twice in the supply network."),
    NetworkCode.DUPLICATE_BOM_LINE: gettext_lazy("The BOM line %(what)s appears twice."),
    NetworkCode.DUPLICATE_SOURCING: gettext_lazy(
        "This site already supplies this item: choose another site or item."
    ),
    NetworkCode.UNKNOWN_ITEM: gettext_lazy(
        "%(what)s refers to an item that is not in the network."
    ),
    NetworkCode.UNKNOWN_SITE: gettext_lazy("%(what)s refers to a site that is not in the network."),
    NetworkCode.SHARES_OVER_ONE: gettext_lazy(
        "The shares of the active sources of %(what)s add up to more than 100%%."
    ),
    NetworkCode.BOM_CYCLE: gettext_lazy("The BOM has a cycle: %(what)s."),
    StressCode.NOT_AN_OBJECT: gettext_lazy("The network file is not in the expected format."),
    StressCode.NOT_A_LIST: gettext_lazy("The network file is not in the expected format."),
    StressCode.MISSING_KEY: gettext_lazy("The network file lacks a required entry."),
    StressCode.UNKNOWN_KEY: gettext_lazy("The network file has an entry the format does not know."),
    StressCode.BAD_NODE_TYPE: gettext_lazy("%(what)s has an unknown node type."),
    StressCode.DUPLICATE_NODE: gettext_lazy("%(what)s is both a site and an item."),
    StressCode.SITE_HAS_STOCK: gettext_lazy("%(what)s is a site: it has no inventory or demand."),
    StressCode.ITEM_HAS_CAPACITY: gettext_lazy(
        "%(what)s is an item: its capacity belongs to the site that makes it."
    ),
    StressCode.PART_HAS_DEMAND: gettext_lazy(
        "%(what)s is a part: only a product has demand and a margin."
    ),
    StressCode.NOT_AN_ITEM: gettext_lazy("%(what)s names a site where an item is expected."),
    StressCode.NOT_A_SITE: gettext_lazy("This is an item, not a site: choose a site to supply it."),
    StressCode.BAD_OPTION: gettext_lazy("An option of the stress test is out of range."),
    StressCode.UNKNOWN_NODE: gettext_lazy("%(what)s is not in the network."),
    StressCode.BAD_WINDOW: gettext_lazy("The time to recover must be a number of days, 0 or more."),
    StressCode.UNREADABLE_FILE: gettext_lazy("The network file cannot be read."),
}


def network_error_message(error: NetworkDataError, labels: Mapping[str, str] | None = None) -> str:
    """The user's message for an engine's refusal ``error``.

    ``labels`` names the network's node ids (``"I12"`` -> ``"A-100 Bracket"``); ids without
    a label are shown as they are.
    """
    names = labels or {}
    ids = [names.get(ref, ref) for ref in error.ref]
    separator = " → " if error.code == NetworkCode.BOM_CYCLE else " ← "
    what = separator.join(ids) if ids else str(error.value or "")
    message = MESSAGES.get(error.code)
    if message is None:  # a code added to an engine but not here yet
        return str(_("The supply network cannot be analysed: its data is inconsistent."))
    return str(message) % {"what": what}


class StoredNetworkRefused(Exception):
    """The engines refused the network the database holds (``error``, its code and ids).

    ``labels`` names the network's node ids, so the message names the records as the user
    knows them (``"A-100 Bracket ← 第一工場"``); ``str()`` is the message in the active language.
    """

    def __init__(self, error: NetworkDataError, labels: Mapping[str, str]) -> None:
        super().__init__(str(error))
        self.error = error
        self.labels = dict(labels)

    @property
    def message(self) -> str:
        return network_error_message(self.error, self.labels)

    def __str__(self) -> str:
        return self.message


@contextmanager
def stored_network(labels: Mapping[str, str]) -> Iterator[None]:
    """Inside: an engine's refusal of the database's network is a :class:`StoredNetworkRefused`."""
    try:
        yield
    except NetworkDataError as error:
        raise StoredNetworkRefused(error, labels) from error
