"""A job of another organisation answers 404 like every other gate: its page, its progress
partial and its result page do not tell that it exists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renkei.jobs.models import Job, JobStatus
from tests.factories import BuyerFactory


@pytest.fixture
def firm_a_stress_job(firm_a, member_a):
    return Job.objects.create(
        kind="supply.stress",
        title="ストレステスト",
        owner=member_a,
        organization=firm_a,
        params={"owner_id": firm_a.pk},
        status=JobStatus.SUCCEEDED,
        progress=1.0,
        result={"nodes": {}, "results": []},
    )


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "progress partial"])
def test_another_firms_job_page_is_a_404(client, firm_a_stress_job, member_b, htmx):
    client.force_login(member_b)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(reverse("jobs:detail", args=[firm_a_stress_job.pk]), **headers)
    assert response.status_code == 404


def test_another_firms_job_result_is_a_404(client, firm_a_stress_job, firm_b):
    client.force_login(BuyerFactory(organization=firm_b, username="buyer_b"))
    response = client.get(reverse("supply:stress_result", args=[firm_a_stress_job.pk]))
    assert response.status_code == 404


def test_a_job_that_does_not_exist_answers_the_same(client, firm_a_stress_job, member_b):
    client.force_login(member_b)
    missing = client.get(reverse("jobs:detail", args=[firm_a_stress_job.pk + 1000]))
    foreign = client.get(reverse("jobs:detail", args=[firm_a_stress_job.pk]))
    assert missing.status_code == foreign.status_code == 404


def test_the_firms_own_people_and_the_coordinator_still_open_it(
    client, firm_a_stress_job, member_a, coordinator
):
    for user in (member_a, coordinator):
        client.force_login(user)
        assert client.get(reverse("jobs:detail", args=[firm_a_stress_job.pk])).status_code == 200
