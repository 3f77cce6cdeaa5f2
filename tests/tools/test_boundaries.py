"""tools/boundaries.py: the shipped municipality polygons are cut out of the reversejp wheel's
compiled module (JMA's zipped GeoJSON inside it) and kept to the reference municipalities."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from tools import boundaries


def _zip(name: str, payload: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, json.dumps(payload, ensure_ascii=False))
    return buffer.getvalue()


def _feature(code: str, name: str, ring: list[list[float]]) -> dict:
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name, "enName": ""},
        "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]},
    }


SQUARE = [[139.0, 36.0], [139.1, 36.0], [139.1, 36.1], [139.1, 36.1], [139.0, 36.1], [139.0, 36.0]]
EAST = [[139.2, 36.0], [139.3, 36.0], [139.3, 36.1], [139.2, 36.0]]
REFERENCE = [
    ("10201", "群馬県", "前橋市", "Maebashi", 36.05, 139.05, True),
    ("23211", "愛知県", "豊田市", "Toyota", 36.05, 139.25, False),
]


def _module() -> bytes:
    """Machine code around two zip archives, with a stray end-of-directory signature."""
    landslides = _zip(
        "landslides_3.json",
        {
            "type": "FeatureCollection",
            "features": [
                _feature("1020100", "前橋市", SQUARE),
                _feature("2321101", "豊田市西部", SQUARE),
                _feature("2321102", "豊田市東部", EAST),
                _feature("9999900", "どこか市", EAST),
            ],
        },
    )
    coarse = _zip("class10s.json", {"type": "FeatureCollection", "features": []})
    return b"\x7fELF" + b"PK\x05\x06junk" + b"\0" * 64 + landslides + b"\x90" * 32 + coarse


def test_finds_the_archives_inside_the_module():
    names = [archive.namelist() for archive in boundaries.embedded_zips(_module())]
    assert names == [["landslides_3.json"], ["class10s.json"]]
    codes = [f["properties"]["code"] for f in boundaries.jma_features(_module())]
    assert codes == ["1020100", "2321101", "2321102", "9999900"]  # class10s is not read


def test_keeps_the_reference_municipalities_and_merges_parts():
    collection = boundaries.build(boundaries.jma_features(_module()), REFERENCE)
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == {"10201", "23211"}
    maebashi = features["10201"]
    assert maebashi["properties"] == {
        "code": "10201",
        "prefecture": "群馬県",
        "name_ja": "前橋市",
        "name_en": "Maebashi",
        "in_region": True,
    }
    (ring,) = maebashi["geometry"]["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]  # the repeated vertex is dropped
    assert len(features["23211"]["geometry"]["coordinates"]) == 2  # 西部 and 東部 together
    parsed = json.loads(boundaries.dumps(collection, "test"))
    assert parsed["features"] == collection["features"] and parsed["source"] == "test"


def test_refuses_a_missing_or_misnamed_municipality():
    features = boundaries.jma_features(_module())
    with pytest.raises(ValueError, match="10202"):
        boundaries.build(features, [("10202", "群馬県", "高崎市", "Takasaki", 0, 0, True)])
    with pytest.raises(ValueError, match="どこか市"):
        boundaries.build(features, [("99999", "x", "別の市", "Other", 0, 0, True)])
