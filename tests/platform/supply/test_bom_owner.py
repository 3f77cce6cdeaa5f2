"""A BOM line joins two items of one owner only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from renkei.supply.services import bom_line_save
from tests.factories import ItemFactory


def test_bom_line_cannot_join_two_owners(db):
    mine, theirs = ItemFactory(), ItemFactory()
    assert mine.owner_id != theirs.owner_id
    with pytest.raises(ValidationError) as excinfo:
        bom_line_save(actor=None, parent=mine, child=theirs, qty_per_unit=Decimal(1))
    assert excinfo.value.code == "bom_other_owner" or "bom_other_owner" in str(excinfo.value)
