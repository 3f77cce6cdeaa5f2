from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QcdConfig(AppConfig):
    name = "renkei.qcd"
    label = "qcd"
    verbose_name = _("QCD figures")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from renkei.qcd import models

        for model in (models.ScorecardCriteria, models.QcdSharing):
            auditlog.register(model)
