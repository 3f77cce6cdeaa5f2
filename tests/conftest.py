from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Every property test draws the same examples on every run and every machine: a failure in CI
# is a failure on the laptop. Registered here, before any test module is imported, so that each
# test's own @settings(...) inherits it. HYPOTHESIS_PROFILE=explore draws new examples (random,
# with the example database) when hunting for bugs on purpose.
settings.register_profile("renkei", derandomize=True, deadline=None, database=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "renkei"))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # Jobs run synchronously inside the test; the database worker is tested separately.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Tests create many users; the production hasher is deliberately slow.
    # The production hasher stays listed so hashes made before the override still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _static_names_from_the_sources(settings):
    # Pages name the static files as in the sources, whatever DEBUG the settings were read
    # with: hashed names need a collectstatic first (tests/platform/test_serve.py runs it).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
