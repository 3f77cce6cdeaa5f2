"""A big registry upload is imported as a background job, like a big supply upload."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renkei.jobs.models import Job, JobStatus
from renkei.registry.models import Organization
from tests.platform.registry import importdata
from tests.platform.registry.importdata import CN1, GOOD, xlsx

import_env = importdata.import_env


def test_a_big_registry_upload_is_imported_by_a_job(
    client, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.RENKEI_IMPORT_INLINE_MAX_BYTES = 1000
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registry:import"), {"file": SimpleUploadedFile("firms.xlsx", xlsx(GOOD))}
        )
    job = Job.objects.get(kind="registry.import")
    assert response["Location"] == reverse("registry:import_result", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["applied"] and "_upload" not in job.params
    assert Organization.objects.filter(corporate_number=CN1).exists()
    html = client.get(response["Location"]).content.decode()
    assert "import-summary" in html
