"""Tests of the demo cluster (:mod:`renkei.demo`)."""

from __future__ import annotations

import datetime as dt

# The "today" the tests build the demo up to (the real builds use the day they run): fixed, so
# the data are the same in every run; a weekday after the fiscal year's first half.
TEST_TODAY = dt.date(2026, 10, 1)
