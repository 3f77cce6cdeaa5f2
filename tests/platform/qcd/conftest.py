"""The QCD tests stand on the orders tests' world: two buyers, two suppliers, their RFQs and
purchase orders (``tests/platform/orders/conftest.py``)."""

from tests.platform.orders.conftest import buyer2, world

__all__ = ["buyer2", "world"]
