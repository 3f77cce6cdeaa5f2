"""Plotly's stylesheet, taken out of the plotly.js bundle that the plotly wheel ships.

plotly.js inserts its CSS rules into a <style> element it creates, which a Content-Security-
Policy without 'unsafe-inline' refuses. It skips that when the page already has an element
``#plotly.js-style-global.no-inline-styles``: the pages link the same rules as the static file
``renkei/plotly.css`` under that id (templates/_plotly.html). This module reads the rules from
the installed bundle; a test checks the static file against it, so an upgrade of plotly that
changes them fails until the file is rewritten with::

    .venv/bin/python -m tests.plotly_css
"""

from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path

STATIC_FILE = Path(__file__).resolve().parents[1] / "src/renkei/static/renkei/plotly.css"
HEADER = (
    "/* plotly.js's own stylesheet, as its bundle would inject it (generated from the plotly\n"
    "   wheel's plotly.min.js by `python -m tests.plotly_css`; do not edit by hand). */\n"
)

# The bundle's rule table and how it expands the selectors' shorthands (X, Y) before inserting.
_TABLE_START = '{"X,X div":'
_EXPANSION = (
    '.replace(/^,/," ,").replace(/X/g,".js-plotly-plot .plotly").replace(/Y/g,".plotly-notifier")'
)
_PAIR = re.compile(
    r"""\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_$][\w$]*)\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*([,}])"""
)


def bundle() -> Path:
    spec = find_spec("plotly")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "package_data" / "plotly.min.js"


def _string(literal: str) -> str:
    if literal[0] not in "\"'":
        return literal  # an unquoted key
    body = literal[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def rules(js: str) -> list[tuple[str, str]]:
    """The (selector, declarations) pairs in the order the bundle inserts them."""
    start = js.index(_TABLE_START) + 1
    assert js.count(_TABLE_START) == 1, "plotly.js now has several rule tables"
    tail = js[start : start + 20000]
    pairs: list[tuple[str, str]] = []
    position = 0
    while True:
        match = _PAIR.match(tail, position)
        assert match is not None, (
            f"unexpected text in plotly's rule table: {tail[position : position + 80]!r}"
        )
        pairs.append((_string(match.group(1)), _string(match.group(2))))
        position = match.end()
        if match.group(3) == "}":
            break
    assert _EXPANSION in tail[position : position + 200], "plotly.js expands its selectors anew"
    return pairs


def maplibre_style_id(js: str) -> str:
    """The id whose presence keeps the bundle's MapLibre code from adding its own <style>."""
    ids = re.findall(
        r'document\.getElementById\("([0-9a-f]{64})"\)\)\{var \w+=document\.createElement\("style"\)',
        js,
    )
    assert len(ids) == 1, ids
    return ids[0]


def expand(selector: str) -> str:
    if selector.startswith(","):
        selector = " ," + selector[1:]
    return selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")


def stylesheet(js: str) -> str:
    # Each rule is inserted at index 0, so the bundle's sheet holds them last-first: the same
    # order here keeps the cascade between equally specific rules.
    lines = [f"{expand(selector)} {{ {body} }}" for selector, body in reversed(rules(js))]
    return HEADER + "\n".join(lines) + "\n"


def main() -> None:
    STATIC_FILE.write_text(stylesheet(bundle().read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {STATIC_FILE}")


if __name__ == "__main__":
    main()
