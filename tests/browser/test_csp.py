"""Under the strict Content-Security-Policy the charts, the maps, htmx and the API docs work,
and the browser reports no violation on any of them (the page fixture collects them)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(settings):
    from renkei.demo import build_demo_cluster

    return build_demo_cluster(seed=1, firms=40)


def _first_link(page, prefix: str) -> str:
    href = page.locator(f"main table a[href^='{prefix}']").first.get_attribute("href")
    assert href, f"no link to {prefix}"
    return href


def _no_violation(page, where: str) -> None:
    page.wait_for_load_state("networkidle")
    assert not page.csp_violations, f"{where}: {page.csp_violations}"


def test_plotly_pages_draw_under_the_policy(page, demo):
    log_in(page, "b01", demo.password)
    header = page.request.get(f"{page.base}/orders/scorecards/").headers
    assert "'unsafe-inline'" not in header["content-security-policy"]

    page.goto(f"{page.base}/orders/scorecards/")
    scorecard = page.locator("#scorecards a[href^='/orders/scorecards/']").first.get_attribute(
        "href"
    )
    page.goto(page.base + scorecard)
    expect(page.locator("#score-chart svg.main-svg").first).to_be_attached()
    _no_violation(page, "scorecard")
    # Plotly's stylesheet came from the static file (it injected no <style> of its own).
    assert page.locator("style").count() == 0

    page.goto(f"{page.base}/orders/prices/")
    page.goto(page.base + _first_link(page, "/orders/prices/"))
    expect(page.locator("#price-chart .scatterlayer .trace")).to_have_count(2)
    # The series names come from the page's data attributes, translated.
    expect(page.locator("#price-chart .legendtext").first).to_have_text("取決め単価")
    _no_violation(page, "price history")

    page.goto(f"{page.base}/supply/")
    page.goto(page.base + _first_link(page, "/supply/products/"))
    expect(page.locator("#sankey .sankey .sankey-node").first).to_be_attached()
    _no_violation(page, "sankey")


def test_qcd_sheet_charts_and_toolbar_under_the_policy(page, demo):
    log_in(page, "b01", demo.password)
    page.goto(f"{page.base}/orders/qcd/")
    page.goto(page.base + _first_link(page, "/orders/qcd/"))
    for chart in ("delivery", "defects", "lead_time", "calendar"):
        expect(page.locator(f"#chart-{chart} svg.main-svg").first).to_be_attached()
    page.hover("#chart-delivery")
    modebar = page.locator("#chart-delivery .modebar").first
    expect(modebar).to_be_attached()
    # Styled by renkei/plotly.css: the toolbar floats over the chart's top right corner.
    assert modebar.evaluate("el => getComputedStyle(el).position") == "absolute"
    assert page.locator("style").count() == 0
    _no_violation(page, "QCD sheet")


def test_maps_and_htmx_under_the_policy(page, demo):
    page.goto(f"{page.base}/directory/")
    expect(page.locator("#directory-map")).not_to_have_attribute("data-marker-count", "0")
    expect(page.locator("#directory-map .leaflet-interactive").first).to_be_attached()
    count = page.locator("#results tr").count()
    # htmx: typing filters the results in place.
    page.fill("input[name=q]", "精密")
    expect(page.locator("#results tr")).not_to_have_count(count)
    _no_violation(page, "directory")

    log_in(page, "b01", demo.password)
    page.goto(f"{page.base}/supply/scenario/")
    expect(page.locator("#scenario-map.leaflet-container")).to_be_attached()
    page.locator("#scenario-map").click(position={"x": 160, "y": 160})
    expect(page.locator("input[name=latitude]")).not_to_have_value("")
    expect(page.locator("#scenario-map path.leaflet-interactive").first).to_be_attached()
    _no_violation(page, "scenario map")

    # A firm's profile map, and the autosubmitting language switch (renkei.js).
    page.goto(f"{page.base}/directory/")
    page.goto(page.base + _first_link(page, "/firms/"))
    page.select_option("select[name=language]", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    _no_violation(page, "firm profile")


def test_api_docs_under_the_policy(page, demo):
    page.goto(f"{page.base}/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    _no_violation(page, "API docs")


def test_admin_under_the_policy(page, demo):
    from renkei.accounts.models import Role, User

    coordinator = User.objects.filter(role=Role.COORDINATOR).order_by("username").first()
    log_in(page, coordinator.username, demo.password)
    page.goto(f"{page.base}/admin/registry/organization/")
    expect(page.locator("#result_list")).to_be_visible()
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("#content-main form")).to_be_visible()
    _no_violation(page, "admin change form")
