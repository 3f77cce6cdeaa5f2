"""Derive the shipped municipality boundaries from the ``reversejp`` wheel on PyPI.

The maps draw the region's municipalities from ``src/renkei/static/renkei/geo/municipalities.geojson``
so that a map without its tile server (no internet) still shows where things are. That file is
made by this script, never by hand.

Source of the polygons: the Japan Meteorological Agency's disaster-prevention GIS data
(気象庁 防災情報, ``bosai/common/const/geojson/landslides_N.json``: the municipalities that
土砂災害警戒情報 is issued for, one polygon per 市区町村, already simplified by JMA for web maps).
The machine that builds renkei reaches PyPI only, and the PyPI package ``reversejp`` (MIT,
https://github.com/ringsaturn/reversejp) ships exactly those JMA files, zipped, inside its
compiled module; this script finds the zip archives in the module and reads them.

Licence of the data: 気象庁ホームページ利用規約 (government standard terms of use 2.0, compatible
with CC BY 4.0): use, editing and redistribution are allowed with the source named, e.g.
「気象庁の防災情報GISデータを加工して作成」. The maps show that attribution (settings
``RENKEI_BOUNDARIES_ATTRIBUTION``) and README.md names it.

What the script does to the data: it keeps the municipalities of the reference data
(``renkei.registry.reference_data``: the region and the places outside it the demo sources
from), merges a municipality that JMA splits into parts (豊田市西部 / 豊田市東部 → 豊田市),
drops repeated vertices, and writes one feature per line.

Usage (from the repository root)::

    pip download --no-deps --dest /tmp/reversejp "reversejp==0.1.1"
    .venv/bin/python -m tools.boundaries /tmp/reversejp/reversejp-0.1.1-*.whl
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import re
import struct
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from renkei.registry.reference_data import MUNICIPALITIES, OUTSIDE_REGION

OUTPUT = Path(__file__).resolve().parents[1] / "src/renkei/static/renkei/geo/municipalities.geojson"
SOURCE_PACKAGE = "reversejp==0.1.1"
ATTRIBUTION = "気象庁の防災情報GISデータを加工して作成 (気象庁ホームページ利用規約, CC BY 4.0 互換)"
# JMA's files that hold one polygon per municipality (class10s.json is the coarser 一次細分区域).
JMA_FILE = re.compile(r"landslides_\d+\.json")
END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"


def embedded_zips(blob: bytes) -> Iterator[zipfile.ZipFile]:
    """Every complete zip archive stored inside ``blob`` (a compiled module, say).

    An archive ends with its end-of-central-directory record, which gives the size and the
    offset of the central directory relative to the archive's first byte: that is enough to
    cut the archive out of the bytes around it.
    """
    position = blob.find(END_OF_CENTRAL_DIRECTORY)
    while position >= 0:
        if position + 22 <= len(blob):
            cd_size, cd_offset = struct.unpack("<II", blob[position + 12 : position + 20])
            (comment_length,) = struct.unpack("<H", blob[position + 20 : position + 22])
            first = position - cd_size - cd_offset
            archive = None
            if first >= 0:
                # The signature's bytes may also occur by chance in machine code.
                with contextlib.suppress(zipfile.BadZipFile):
                    archive = zipfile.ZipFile(
                        io.BytesIO(blob[first : position + 22 + comment_length])
                    )
            if archive is not None and archive.namelist():  # (stray bytes read as empty)
                yield archive
        position = blob.find(END_OF_CENTRAL_DIRECTORY, position + 4)


def jma_features(module: bytes) -> list[dict[str, Any]]:
    """The features of JMA's per-municipality files embedded in ``module``."""
    features: list[dict[str, Any]] = []
    for archive in embedded_zips(module):
        for name in archive.namelist():
            if JMA_FILE.fullmatch(name):
                features.extend(json.loads(archive.read(name))["features"])
    return features


def compiled_module(wheel: Path) -> bytes:
    """The compiled module of a ``reversejp`` wheel (a wheel is a zip archive)."""
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if n.startswith("reversejp/") and ".so" in n]
        if not names:
            raise SystemExit(f"{wheel}: no compiled reversejp module inside")
        return archive.read(names[0])


def _ring(points: Iterable[list[float]]) -> list[list[float]]:
    """A ring with repeated vertices dropped (JMA's 4-decimal rounding leaves some)."""
    ring: list[list[float]] = []
    for lon, lat in points:
        vertex = [round(lon, 4), round(lat, 4)]
        if not ring or ring[-1] != vertex:
            ring.append(vertex)
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unexpected geometry {geometry['type']}")
    return [[_ring(ring) for ring in polygon] for polygon in polygons]


def build(
    features: list[dict[str, Any]],
    municipalities: list[tuple[str, str, str, str, float, float, bool]],
) -> dict[str, Any]:
    """The FeatureCollection of ``municipalities`` (code, prefecture, ja, en, lat, lon, in
    region). JMA codes are the 5-digit JIS code and two digits for a part (00: whole)."""
    by_code: dict[str, list[dict[str, Any]]] = {}
    for feature in features:
        by_code.setdefault(feature["properties"]["code"][:5], []).append(feature)
    collection: list[dict[str, Any]] = []
    missing = []
    for code, prefecture, name_ja, name_en, _lat, _lon, in_region in municipalities:
        parts = by_code.get(code, [])
        if not parts:
            missing.append(code)
            continue
        for part in parts:  # a part's name begins with the municipality's (豊田市西部)
            if not part["properties"]["name"].startswith(name_ja):
                raise ValueError(
                    f"{code}: JMA names it {part['properties']['name']}, not {name_ja}"
                )
        polygons = [polygon for part in parts for polygon in _polygons(part["geometry"])]
        collection.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {
                    "code": code,
                    "prefecture": prefecture,
                    "name_ja": name_ja,
                    "name_en": name_en,
                    "in_region": in_region,
                },
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    if missing:
        raise ValueError(f"no JMA polygon for {', '.join(missing)}")
    return {"type": "FeatureCollection", "features": collection}


def dumps(collection: dict[str, Any], source: str) -> str:
    """Compact JSON, one feature a line (a change to one municipality is a one-line diff)."""
    head = {"type": "FeatureCollection", "source": source, "attribution": ATTRIBUTION}
    lines = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]
    ]
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return opening + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def reference_municipalities() -> list[tuple[str, str, str, str, float, float, bool]]:
    return [(*row, True) for row in MUNICIPALITIES] + [(*row, False) for row in OUTSIDE_REGION]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheel", type=Path, help=f"the wheel of {SOURCE_PACKAGE}")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    digest = hashlib.sha256(args.wheel.read_bytes()).hexdigest()
    features = jma_features(compiled_module(args.wheel))
    if not features:
        print(f"{args.wheel}: no JMA municipality files found", file=sys.stderr)
        return 1
    collection = build(features, reference_municipalities())
    source = (
        f"PyPI {SOURCE_PACKAGE} ({args.wheel.name}, sha256 {digest}): JMA bosai landslides_N.json"
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(dumps(collection, source), encoding="utf-8")
    print(
        f"{args.output}: {len(collection['features'])} municipalities, "
        f"{args.output.stat().st_size} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
