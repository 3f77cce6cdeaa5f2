"""The shared tables of the domain apps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A one-time form token already used (:mod:`renkei.common.idempotency`): written in the
    same transaction as what the form recorded, so the token and the record exist together or
    not at all. ``result_url`` is where the first submit led; a second one goes there too."""

    key = models.CharField(_("token"), max_length=64, unique=True)
    purpose = models.CharField(_("form"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    result_url = models.CharField(_("result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return f"{self.purpose} {self.created_at:%Y-%m-%d %H:%M}"
