from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "renkei.orders"
    label = "orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from renkei.orders import models

        for model in (
            models.Rfq,
            models.RfqLine,
            models.RfqRecipient,
            models.Quote,
            models.QuoteLine,
            models.QuotePriceBreak,
            models.PurchaseOrder,
            models.OrderLine,
            models.Receipt,
            models.Inspection,
            models.DailyReport,
            models.DailyReportEntry,
            models.PriceRevision,
            models.Attachment,
        ):
            auditlog.register(model)
