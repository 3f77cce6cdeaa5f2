from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "renkei.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from renkei.accounts.models import ApiToken

        # Who issued or revoked which token, and when; the hash never enters the log.
        auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
