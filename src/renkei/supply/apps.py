from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyConfig(AppConfig):
    name = "renkei.supply"
    label = "supply"
    verbose_name = _("Supply networks")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from renkei.supply import analysis, models  # analysis registers its job handlers
        from renkei.supply.importing import job  # the import's job handler

        del analysis, job

        for model in (
            models.Item,
            models.BomLine,
            models.RoutingStep,
            models.Sourcing,
            models.InventoryPosition,
            models.SiteRecovery,
        ):
            auditlog.register(model)
