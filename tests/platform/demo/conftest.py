"""A small demo cluster built once per module (committed, removed again at teardown), up to the
tests' fixed today."""

from __future__ import annotations

import pytest
from django.test import override_settings

from renkei.demo import build_demo_cluster, reset_demo_data
from tests.platform.demo import TEST_TODAY

SEED = 7
FIRMS = 40


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    """Where the demo's drawings go: a folder of this module, never the developer's var/."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_media):
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=demo_media):
        summary = build_demo_cluster(seed=SEED, firms=FIRMS, today=TEST_TODAY)
        yield summary
        reset_demo_data()
