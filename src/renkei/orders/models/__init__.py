"""Orders: requests for quotation, quotes, purchase orders, deliveries and their inspection,
daily reports, agreed prices and attached files.

These are the records the QCD figures (``renkei.engines.qcd``) are computed from: an
:class:`OrderLine` with its :class:`Receipt` rows (partial deliveries) and their
:class:`Inspection`. One module per topic; every model is importable from here.
"""

from renkei.orders.models.attachments import (
    Attachment,
    AttachmentKind,
    PrivateFileStorage,
    attachment_upload_to,
    private_storage,
)
from renkei.orders.models.common import (
    NON_NEGATIVE,
    PRICE,
    QTY,
)
from renkei.orders.models.daily import (
    MAX_HOURS_A_DAY,
    DailyReport,
    DailyReportEntry,
)
from renkei.orders.models.prices import (
    PriceRevision,
)
from renkei.orders.models.purchase import (
    DefectClass,
    Inspection,
    OrderLine,
    PurchaseOrder,
    Receipt,
)
from renkei.orders.models.rfq import (
    Quote,
    QuoteLine,
    QuotePriceBreak,
    QuoteStatus,
    Rfq,
    RfqLine,
    RfqRecipient,
    RfqStatus,
)

__all__ = [
    "MAX_HOURS_A_DAY",
    "NON_NEGATIVE",
    "PRICE",
    "QTY",
    "Attachment",
    "AttachmentKind",
    "DailyReport",
    "DailyReportEntry",
    "DefectClass",
    "Inspection",
    "OrderLine",
    "PriceRevision",
    "PrivateFileStorage",
    "PurchaseOrder",
    "Quote",
    "QuoteLine",
    "QuotePriceBreak",
    "QuoteStatus",
    "Receipt",
    "Rfq",
    "RfqLine",
    "RfqRecipient",
    "RfqStatus",
    "attachment_upload_to",
    "private_storage",
]
