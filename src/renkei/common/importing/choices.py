"""Choice columns: a Django ``TextChoices`` read from the Japanese word, the English label or the
stored code, and written back in the user's language.

The Japanese words are spelled out by each sheet rather than taken from the translation
catalogue, because a file typed in Japanese must import the same way whatever language the
importing user has chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils import translation

from renkei.common.importing import cells
from renkei.common.importing.core import is_english


def choice_label(choices: type[models.TextChoices], japanese: dict[Any, str], value: str) -> str:
    """The word for ``value`` in the user's language (Japanese words do not need the catalogue)."""
    if not is_english():
        return japanese.get(value, value)
    with translation.override("en"):
        return str(choices(value).label)


def boolean_label(value: bool) -> str:
    if is_english():
        return "yes" if value else "no"
    return "はい" if value else "いいえ"


def choice_parser(
    choices: type[models.TextChoices], japanese: dict[Any, str], synonyms: dict[str, Any]
) -> tuple[cells.Parser, Callable[[], list[str]]]:
    """A parser accepting every spelling of ``choices``, and the list of words to offer."""

    def options() -> dict[str, str]:
        accepted: dict[str, str] = {}
        for value, label in choices.choices:
            if value:
                accepted[value] = value
            accepted[str(label)] = value
            with translation.override("en"):
                accepted[str(label)] = value
        accepted.update({label: value for value, label in japanese.items()})
        accepted.update(synonyms)
        return accepted

    def shown() -> list[str]:
        return [choice_label(choices, japanese, value) for value in choices.values]

    return cells.choice(options, shown), shown
