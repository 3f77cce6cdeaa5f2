from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "renkei.registry"
    label = "registry"
    verbose_name = _("Cluster registry")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from renkei.registry import models
        from renkei.registry.importing import job  # the import's job handler

        del job

        # Every model that holds firm data is audited: who changed what, when.
        for model in (
            models.Organization,
            models.Site,
            models.Capability,
            models.Equipment,
            models.Certification,
            models.Contact,
            models.SkillHolding,
        ):
            # The version moves with every save; the history shows what changed instead.
            auditlog.register(model, exclude_fields=["version"])
