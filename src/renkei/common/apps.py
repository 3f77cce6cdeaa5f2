from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Pieces every domain app shares; its one table records the forms already submitted
    (:mod:`renkei.common.idempotency`)."""

    name = "renkei.common"
    label = "common"
    verbose_name = _("Shared")
