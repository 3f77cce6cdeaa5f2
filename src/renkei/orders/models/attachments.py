"""Files attached to RFQs and quotes (drawings and specifications), stored privately."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renkei.orders.models.rfq import Quote, Rfq
from renkei.registry.models import Organization

# --- attachments (drawings and specifications) -----------------------------------------------


class PrivateFileStorage(FileSystemStorage):
    """Files under ``MEDIA_ROOT`` that have no public address: they are only ever streamed
    through the permission gate (``orders.views.attachment_download``)."""

    def url(self, name: str | None) -> str:
        raise ValueError("An attachment has no public URL; download it through the gate.")


_PRIVATE_STORAGE = PrivateFileStorage()


def private_storage() -> PrivateFileStorage:
    return _PRIVATE_STORAGE


def attachment_upload_to(instance: Attachment, filename: str) -> str:
    """``orders/attachments/<uuid>/<safe name>``: the service gives the safe name."""
    return f"orders/attachments/{instance.uuid}/{filename}"


class AttachmentKind(models.TextChoices):
    DRAWING = "drawing", _("Drawing")
    SPECIFICATION = "specification", _("Specification")
    OTHER = "other", _("Other document")


class Attachment(models.Model):
    """A file attached to an RFQ (the buyer's drawings) or to a quote (the supplier's own).

    Exactly one of ``rfq`` and ``quote`` is set. The file is stored under a safe name; the
    original name (Japanese characters and all) is kept for display and download.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rfq = models.ForeignKey(
        Rfq,
        verbose_name=_("request for quotation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    quote = models.ForeignKey(
        Quote,
        verbose_name=_("quote"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=AttachmentKind.choices, default=AttachmentKind.DRAWING
    )
    file = models.FileField(
        _("file"), upload_to=attachment_upload_to, storage=private_storage, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    owner = models.ForeignKey(
        Organization, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(rfq__isnull=False) & Q(quote__isnull=True))
                | (Q(rfq__isnull=True) & Q(quote__isnull=False)),
                name="attachment_rfq_xor_quote",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def clean(self) -> None:
        if (self.rfq_id is None) == (self.quote_id is None):
            raise ValidationError(
                _("An attachment belongs to exactly one RFQ or one quote."),
                code="attachment_target",
            )
