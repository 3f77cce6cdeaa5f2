"""A big supply upload is imported as a background job: the page queues it, shows its progress
and then the same result; the file does not stay in the job's row; other firms see a 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renkei.jobs.models import Job, JobStatus
from renkei.supply.models import Item
from tests.factories import BuyerFactory
from tests.platform.supply import importdata
from tests.platform.supply.importdata import GOOD_COUNTS, good, set_cell, snapshot, xlsx

import_env = importdata.import_env


@pytest.fixture
def small_inline_limit(settings):
    # The good workbook (a few kB) counts as big: it goes to a job.
    settings.RENKEI_IMPORT_INLINE_MAX_BYTES = 1000


def _post(client, data: bytes, captured, **fields):
    with captured(execute=True):
        return client.post(
            reverse("supply:import"), {"file": SimpleUploadedFile("supply.xlsx", data), **fields}
        )


@pytest.mark.usefixtures("small_inline_limit")
def test_a_big_upload_is_imported_by_a_job(client, cluster, django_capture_on_commit_callbacks):
    client.force_login(cluster.buyer)
    response = _post(client, xlsx(good(cluster)), django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="supply.import")
    assert response.status_code == 302
    assert response["Location"] == reverse("supply:import_result", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert "_upload" not in job.params  # the file was an input, not a record
    assert job.result["ok"] and job.result["applied"]
    assert "write" in job.result["seconds"]
    assert Item.objects.filter(owner=cluster.buyer.organization).count() == GOOD_COUNTS["items"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "import-summary" in html and "品目" in html


@pytest.mark.usefixtures("small_inline_limit")
def test_a_big_check_only_upload_writes_nothing(
    client, cluster, django_capture_on_commit_callbacks
):
    client.force_login(cluster.buyer)
    before = snapshot()
    _post(client, xlsx(good(cluster)), django_capture_on_commit_callbacks, dry_run="on")
    job = Job.objects.get(kind="supply.import")
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["ok"] and not job.result["applied"] and job.result["dry_run"]
    assert snapshot() == before


@pytest.mark.usefixtures("small_inline_limit")
def test_a_big_upload_with_problems_shows_them_on_the_result_page(
    client, cluster, django_capture_on_commit_callbacks
):
    book = good(cluster)
    set_cell(book, "部品表", 2, "員数", "-3")
    client.force_login(cluster.buyer)
    before = snapshot()
    response = _post(client, xlsx(book), django_capture_on_commit_callbacks)
    assert snapshot() == before
    job = Job.objects.get(kind="supply.import")
    assert not job.result["ok"] and job.result["problem_count"] >= 1
    html = client.get(response["Location"]).content.decode()
    assert 'class="problem"' in html and "部品表" in html


@pytest.mark.usefixtures("small_inline_limit")
def test_another_firms_buyer_gets_404_for_the_import_job(
    client, cluster, django_capture_on_commit_callbacks
):
    client.force_login(cluster.buyer)
    response = _post(client, xlsx(good(cluster)), django_capture_on_commit_callbacks)
    client.force_login(BuyerFactory(username="other_buyer"))
    assert client.get(response["Location"]).status_code == 404


def test_a_small_upload_is_still_imported_at_once(client, cluster):
    client.force_login(cluster.buyer)
    response = client.post(
        reverse("supply:import"), {"file": SimpleUploadedFile("s.xlsx", xlsx(good(cluster)))}
    )
    assert response.status_code == 200 and response.context["result"].applied
    assert not Job.objects.exists()
