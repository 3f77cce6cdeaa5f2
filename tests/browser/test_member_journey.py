"""A member logs in, searches the directory in Japanese, edits its profile and sees the change."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from renkei.jobs.models import Job, JobStatus
from tests.browser.conftest import log_in
from tests.factories import CapabilityFactory, MemberFactory, OrganizationFactory, SiteFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cluster():
    akagi = OrganizationFactory(name="赤城精機株式会社", name_kana="アカギセイキ")
    CapabilityFactory(site=SiteFactory(organization=akagi), materials=["sus304"])
    haruna = OrganizationFactory(name="榛名プレス工業株式会社", name_kana="ハルナプレス")
    CapabilityFactory(
        site=SiteFactory(organization=haruna),
        process=__import__("renkei.registry.models", fromlist=["Process"]).Process.objects.get(
            code="pressing"
        ),
        materials=["spcc"],
    )
    member = MemberFactory(organization=akagi, username="akagi")
    return {"akagi": akagi, "haruna": haruna, "member": member}


def test_member_searches_and_edits_own_profile(page, cluster):
    log_in(page, "akagi")
    page.goto(f"{page.base}/directory/")
    expect(page.locator("h1")).to_have_text("クラスター企業検索")
    page.fill("input[name=q]", "プレス")
    # htmx swaps in the results without a full reload.
    expect(page.locator("#results table.directory")).to_contain_text("榛名プレス工業株式会社")
    expect(page.locator("#results table.directory")).not_to_contain_text("赤城精機株式会社")
    expect(page.locator("#directory-map")).to_have_attribute("data-marker-count", "1")

    page.goto(f"{page.base}/firms/{cluster['akagi'].pk}/")
    page.click("text=企業情報の編集")
    page.fill("textarea[name=description]", "医療機器向けの精密切削が得意です。")
    page.fill("input[name=employees]", "48")
    page.click("#edit-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("企業情報を保存しました。")
    expect(page.locator("#org-description")).to_have_text("医療機器向けの精密切削が得意です。")


def test_member_cannot_open_another_firms_editor(page, cluster):
    log_in(page, "akagi")
    response = page.goto(f"{page.base}/firms/{cluster['haruna'].pk}/edit/")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_contain_text("403")


def test_language_switch_to_english(page, cluster):
    page.goto(f"{page.base}/directory/")
    page.select_option("select[name=language]", "en")
    expect(page.locator("h1")).to_have_text("Cluster directory")


def test_job_progress_bar_updates_live(page, cluster):
    job = Job.objects.create(
        kind="demo.count",
        title="ストレステスト",
        owner=cluster["member"],
        status=JobStatus.RUNNING,
        progress=0.3,
    )
    log_in(page, "akagi")
    page.goto(f"{page.base}/jobs/{job.pk}/")
    expect(page.locator("#job-progress .percent")).to_have_text("30%")
    Job.objects.filter(pk=job.pk).update(progress=0.7)
    expect(page.locator("#job-progress .percent")).to_have_text("70%")
    Job.objects.filter(pk=job.pk).update(progress=1.0, status=JobStatus.SUCCEEDED, result={"ok": 1})
    expect(page.locator("#job-progress")).to_have_attribute("data-status", "succeeded")
    expect(page.locator("#job-progress [role=progressbar]")).to_have_attribute(
        "aria-valuenow", re.compile("100")
    )
