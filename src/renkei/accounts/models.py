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
                {
                    "organization": ValidationError(
                        _("A member or buyer must belong to an organisation."),
                        code="organization_required",
                    )
                }
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


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash of the secret is stored.

    The secret is a long random string (``rk_`` + 43 URL-safe characters), so a fast hash is
    enough: unlike a password it cannot be guessed from a dictionary. The plaintext is shown
    once, when the token is created (:func:`renkei.accounts.services.api_token_create`).
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        _("prefix"),
        max_length=12,
        editable=False,
        help_text=_("The first characters of the token, to recognise it."),
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
