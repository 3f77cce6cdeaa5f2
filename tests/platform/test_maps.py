"""Every map has geography: a base map (GSI's standard map unless the operator names another)
and the region's municipalities from the shipped boundaries, so that a map without its tile
server is still a map. Each map page is opened as the role that meets it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client, override_settings
from django.urls import reverse

from renkei.registry.models import Municipality
from tests.platform.supply.conftest import car_network  # noqa: F401 (fixture)

GSI_URL = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
GSI_LIST = "https://maps.gsi.go.jp/development/ichiran.html"
OTHER_URL = "https://tiles.example.org/{z}/{x}/{y}.png"


class MapFinder(HTMLParser):
    """The attributes of each [data-renkei-map] element, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.maps: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if "data-renkei-map" in named:
            self.maps.append(named)


def maps_of(response) -> list[dict[str, str | None]]:
    assert response.status_code == 200, response.status_code
    finder = MapFinder()
    finder.feed(response.content.decode())
    assert finder.maps, f"{response.wsgi_request.path}: no map on the page"
    return finder.maps


# --- the map pages, each as the role that sees it ---


def _directory_as_visitor(client: Client, network) -> object:
    return client.get(reverse("registry:directory"))


def _directory_results_as_member(client: Client, network) -> object:
    # The htmx partial that replaces the results (and the map) on a search.
    client.force_login(network["member"])
    return client.get(reverse("registry:directory"), {"q": "赤城"}, HTTP_HX_REQUEST="true")


def _profile_as_member(client: Client, network) -> object:
    client.force_login(network["member"])
    return client.get(reverse("registry:organization_detail", args=[network["firm"].pk]))


def _profile_as_visitor(client: Client, network) -> object:
    return client.get(reverse("registry:organization_detail", args=[network["firm"].pk]))


def _stress_as_buyer(client: Client, network) -> object:
    client.force_login(network["buyer"])
    with network["on_commit"](execute=True):  # the job runs when its transaction commits
        response = client.post(reverse("supply:stress_start"))
    return client.get(response["Location"])


def _scenario_as_buyer(client: Client, network) -> object:
    client.force_login(network["buyer"])
    code = network["s1"].municipality_id
    return client.get(reverse("supply:scenario"), {"municipalities": [code], "ttr_days": "30"})


MAP_PAGES = [
    _directory_as_visitor,
    _directory_results_as_member,
    _profile_as_member,
    _profile_as_visitor,
    _stress_as_buyer,
    _scenario_as_buyer,
]


@pytest.fixture
def network(car_network, firm_a, member_a, django_capture_on_commit_callbacks):  # noqa: F811
    return {
        **car_network,
        "firm": firm_a,
        "member": member_a,
        "on_commit": django_capture_on_commit_callbacks,
    }


@pytest.mark.parametrize("open_page", MAP_PAGES, ids=lambda f: f.__name__.strip("_"))
def test_each_map_has_the_gsi_base_map_and_the_boundaries(client, network, open_page):
    for attrs in maps_of(open_page(client, network)):
        assert attrs["data-tiles"] == GSI_URL
        # GSI asks for 「地理院タイル」 and a link to its list of tiles.
        attribution = attrs["data-tiles-attribution"] or ""
        assert f'<a href="{GSI_LIST}">地理院タイル</a>' in attribution
        assert attrs["data-boundaries"] == static(settings.RENKEI_BOUNDARIES)
        assert "気象庁" in (attrs["data-boundaries-attribution"] or "")


@pytest.mark.parametrize("open_page", MAP_PAGES, ids=lambda f: f.__name__.strip("_"))
def test_the_operator_names_another_tile_server(client, network, open_page):
    with override_settings(RENKEI_TILE_URL=OTHER_URL, RENKEI_TILE_ATTRIBUTION="© Example"):
        for attrs in maps_of(open_page(client, network)):
            assert attrs["data-tiles"] == OTHER_URL
            assert attrs["data-tiles-attribution"] == "© Example"
            assert attrs["data-boundaries"] == static(settings.RENKEI_BOUNDARIES)


def test_without_tiles_the_boundaries_remain(client, network):
    with override_settings(RENKEI_TILE_URL="", RENKEI_TILE_ATTRIBUTION=""):
        (attrs,) = maps_of(_directory_as_visitor(client, network))
    assert "data-tiles" not in attrs
    assert attrs["data-boundaries"] == static(settings.RENKEI_BOUNDARIES)


def test_the_policy_lets_the_default_tiles_and_the_boundaries_in(client, network):
    header = client.get(reverse("registry:directory"))["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}
    assert "https://cyberjapandata.gsi.go.jp" in directives["img-src"]
    assert directives["connect-src"] == ["'self'"]  # the boundaries are a static file here


# --- the settings read from the environment ---


def _settings_under(environment: dict[str, str]) -> dict[str, object]:
    """RENKEI_TILE_URL, its attribution and the CSP's img-src as a fresh process reads them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RENKEI_TILE")}
    env.update(environment)
    code = (
        "import json; from renkei.config import settings as s; print(json.dumps("
        "[s.RENKEI_TILE_URL, s.RENKEI_TILE_ATTRIBUTION,"
        " [str(x) for x in s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    url, attribution, img_src = json.loads(out.stdout)
    return {"url": url, "attribution": attribution, "img-src": img_src}


def test_environment_default_override_and_switch_off():
    default = _settings_under({})
    assert default["url"] == GSI_URL and GSI_LIST in default["attribution"]
    assert "https://cyberjapandata.gsi.go.jp" in default["img-src"]

    other = _settings_under({"RENKEI_TILE_URL": "https://{s}.tiles.example.org/{z}/{x}/{y}.png"})
    # GSI's attribution would be false under another server's tiles.
    assert other["attribution"] == ""
    assert "https://*.tiles.example.org" in other["img-src"]
    assert "https://cyberjapandata.gsi.go.jp" not in other["img-src"]
    named = _settings_under({"RENKEI_TILE_URL": OTHER_URL, "RENKEI_TILE_ATTRIBUTION": "© Ex"})
    assert named["attribution"] == "© Ex"

    for off in ("", "none", " None "):
        switched_off = _settings_under({"RENKEI_TILE_URL": off})
        assert switched_off["url"] == "" and switched_off["attribution"] == ""
        assert not [s for s in switched_off["img-src"] if s.startswith("https://")]


# --- the shipped boundaries ---


def _shipped() -> tuple[Path, dict]:
    path = finders.find(settings.RENKEI_BOUNDARIES)
    assert path, settings.RENKEI_BOUNDARIES
    return Path(path), json.loads(Path(path).read_text(encoding="utf-8"))


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Ray casting: is the point inside the closed ring?"""
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _contains(geometry: dict, lon: float, lat: float) -> bool:
    return any(
        _inside(lon, lat, polygon[0]) and not any(_inside(lon, lat, h) for h in polygon[1:])
        for polygon in geometry["coordinates"]
    )


def test_shipped_boundaries_are_small_valid_geojson():
    path, collection = _shipped()
    assert path.stat().st_size < 100_000  # simplified: the page fetches it on every map
    assert collection["type"] == "FeatureCollection"
    assert "reversejp" in collection["source"] and "気象庁" in collection["attribution"]
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        assert geometry["type"] == "MultiPolygon" and geometry["coordinates"]
        for polygon in geometry["coordinates"]:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], feature["id"]
                assert len(ring) <= 2_000, feature["id"]
                for lon, lat in ring:  # WGS 84, longitude first, inside Japan
                    assert 122 < lon < 154 and 20 < lat < 46, (feature["id"], lon, lat)


def test_every_municipality_has_its_polygon_around_its_town_hall(db):
    _, collection = _shipped()
    features = {f["id"]: f for f in collection["features"]}
    municipalities = list(Municipality.objects.all())
    assert len(municipalities) >= 19
    for municipality in municipalities:
        feature = features.get(municipality.code)
        assert feature, f"{municipality.code} {municipality.name_ja}: no polygon"
        assert feature["properties"]["name_ja"] == municipality.name_ja
        assert feature["properties"]["in_region"] == municipality.in_region
        lon, lat = municipality.longitude, municipality.latitude
        assert _contains(feature["geometry"], lon, lat), municipality.name_ja
        # …and no other municipality claims the town hall.
        others = [c for c, f in features.items() if c != municipality.code]
        assert not [c for c in others if _contains(features[c]["geometry"], lon, lat)]
