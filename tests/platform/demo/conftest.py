"""A small demo cluster built once per module (committed, removed again at teardown)."""

from __future__ import annotations

import pytest

from renkei.demo import build_demo_cluster, reset_demo_data

SEED = 7
FIRMS = 40


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        summary = build_demo_cluster(seed=SEED, firms=FIRMS)
        yield summary
        reset_demo_data()
