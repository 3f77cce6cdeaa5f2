"""A visitor opens the directory map offline: the region's municipalities are drawn under the
markers and the base map's tile layer is there, with its attribution; without any tile at all
the boundaries still make it a map. The buyer's area scenario still picks its centre by a
click through the boundaries."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import GSI_TILES, log_in
from tests.factories import BuyerFactory, CapabilityFactory, OrganizationFactory, SiteFactory

pytestmark = pytest.mark.django_db(transaction=True)

BOUNDARY_PATHS = "#directory-map .leaflet-boundaries-pane svg path"
MARKER_PATHS = "#directory-map .leaflet-overlay-pane svg path"


@pytest.fixture
def cluster():
    akagi = OrganizationFactory(name="赤城精機株式会社", name_kana="アカギセイキ")
    CapabilityFactory(site=SiteFactory(organization=akagi))
    haruna = OrganizationFactory(name="榛名プレス工業株式会社", name_kana="ハルナプレス")
    SiteFactory(organization=haruna)
    return {"akagi": akagi, "haruna": haruna}


def _shipped() -> list[dict]:
    import json
    from pathlib import Path

    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = finders.find(settings.RENKEI_BOUNDARIES)
    return json.loads(Path(path).read_text(encoding="utf-8"))["features"]


def _shipped_count() -> int:
    return len(_shipped())


def test_directory_map_draws_the_municipalities_under_the_markers(page, cluster):
    page.goto(f"{page.base}/directory/")
    the_map = page.locator("#directory-map")
    expect(the_map).to_have_attribute("data-marker-count", "2")
    expect(the_map).to_have_attribute("data-boundary-count", str(_shipped_count()))
    assert page.locator(BOUNDARY_PATHS).count() == _shipped_count() > 0
    assert page.locator(MARKER_PATHS).count() == 2
    # The boundaries' pane lies under the markers' and lets clicks through.
    z_boundaries, z_markers = page.evaluate(
        """() => ['.leaflet-boundaries-pane', '.leaflet-overlay-pane'].map(
             s => +getComputedStyle(document.querySelector('#directory-map ' + s)).zIndex)"""
    )
    assert z_boundaries < z_markers
    assert "leaflet-interactive" not in (
        page.locator(BOUNDARY_PATHS).first.get_attribute("class") or ""
    )
    # The region's towns are named (in Japanese for a Japanese reader), under the markers too.
    labels = page.locator("#directory-map .leaflet-boundaryLabels-pane .map-label")
    region = [f["properties"]["name_ja"] for f in _shipped() if f["properties"]["in_region"]]
    assert sorted(labels.all_inner_texts()) == sorted(region)

    # GSI's standard map, its tiles answered locally (tests/browser/conftest.py).
    tiles = page.locator("#directory-map .leaflet-tile-pane img.leaflet-tile")
    expect(tiles.first).to_be_attached()
    assert tiles.first.get_attribute("src").startswith("https://cyberjapandata.gsi.go.jp/xyz/std/")
    expect(page.locator("#directory-map img.leaflet-tile-loaded").first).to_be_attached()
    attribution = page.locator("#directory-map .leaflet-control-attribution")
    expect(attribution).to_contain_text("地理院タイル")
    expect(attribution).to_contain_text("気象庁")
    link = attribution.locator("a", has_text="地理院タイル")
    expect(link).to_have_attribute("href", "https://maps.gsi.go.jp/development/ichiran.html")

    # A search swaps the results (and the map) in: the new map has its boundaries too.
    page.fill("input[name=q]", "赤城")
    expect(the_map).to_have_attribute("data-marker-count", "1")
    expect(page.locator("#directory-map")).to_have_attribute(
        "data-boundary-count", str(_shipped_count())
    )


def test_without_any_tile_the_municipalities_remain(page, cluster):
    page.route(GSI_TILES, lambda route: route.abort("internetdisconnected"))
    page.goto(f"{page.base}/directory/")
    expect(page.locator("#directory-map")).to_have_attribute(
        "data-boundary-count", str(_shipped_count())
    )
    assert page.locator(BOUNDARY_PATHS).count() == _shipped_count()
    assert page.locator("#directory-map img.leaflet-tile-loaded").count() == 0


def test_area_scenario_picks_its_centre_through_the_boundaries(page, db):
    BuyerFactory(username="buyer_map")
    log_in(page, "buyer_map")
    page.goto(f"{page.base}/supply/scenario/")
    the_map = page.locator("#scenario-map")
    expect(the_map).to_have_attribute("data-boundary-count", str(_shipped_count()))
    assert page.locator("#scenario-map .leaflet-boundaries-pane svg path").count() > 0
    box = the_map.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.locator("input[name=latitude]").input_value() != ""
    assert page.locator("input[name=longitude]").input_value() != ""
