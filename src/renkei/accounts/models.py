from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member firm staff")
    BUYER = "buyer", _("Buyer")


class User(AbstractUser):
    """A person who logs in. Visitors without an account are the public role."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Japanese order, family name first (山田 太郎), not Django's "first last".
        return f"{self.last_name} {self.first_name}".strip()

    def clean(self) -> None:
        super().clean()
        if self.role in (Role.MEMBER, Role.BUYER) and self.organization_id is None:
            raise ValidationError(
                {"organization": _("A member or buyer must belong to an organisation.")},
                code="organization_required",
            )

    @property
    def is_coordinator(self) -> bool:
        return self.is_authenticated and (self.role == Role.COORDINATOR or self.is_superuser)

    @property
    def is_member(self) -> bool:
        return self.role == Role.MEMBER and not self.is_superuser

    @property
    def is_buyer(self) -> bool:
        return self.role == Role.BUYER and not self.is_superuser
