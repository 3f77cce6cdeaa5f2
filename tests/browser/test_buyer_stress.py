"""A buyer of the demo cluster finds its three most exposed nodes and the effect of a backup."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_cluster(settings):
    from renkei.demo import build_demo_cluster

    # Jobs run in the request here; the live progress bar has its own test.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return build_demo_cluster(seed=1, firms=40)


def test_buyer_finds_the_most_exposed_nodes_and_tries_a_backup(page, demo_cluster):
    log_in(page, "b01", demo_cluster.password)
    page.click("text=サプライチェーン")
    expect(page.locator("h1")).to_contain_text("サプライチェーン")
    expect(page.locator("#products tbody tr, #products tr").nth(1)).to_be_visible()
    page.click("#run-stress")
    expect(page.locator("#top3 li")).to_have_count(3, timeout=60_000)
    expect(page.locator("#exposure")).to_contain_text("REI")
    first = page.locator("#top3 li").first.inner_text()
    assert "逸失利益" in first

    # From the exposure table: try a backup for the first exposed item.
    page.locator("a.try-backup").first.click()
    expect(page.locator("h1")).to_have_text("代替先追加の効果")
    assert page.locator("select[name=item]").input_value() != ""
    # Capable members come first, marked ◎.
    page.select_option("select[name=site]", index=1)
    page.click("main form button[type=submit]")
    expect(page.locator("#whatif-result")).to_contain_text("追加前と追加後")
    expect(page.locator("#whatif-result")).to_contain_text(re.compile(r"¥[\d,]+ → "))
    text = page.locator("#whatif-result").inner_text()
    before, after = (int(x.replace(",", "")) for x in re.findall(r"¥([\d,]+)", text)[:2])
    assert after < before  # an unlimited backup for an exposed item lowers the total loss
