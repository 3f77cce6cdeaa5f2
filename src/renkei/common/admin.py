"""Bases of the platform's admin pages: their forms refuse control characters, as every other
form does (:class:`renkei.common.forms.TextFormMixin`)."""

from __future__ import annotations

from django.contrib import admin

from renkei.common.forms import ModelForm


class ModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ModelForm


class TabularInline(admin.TabularInline):  # type: ignore[type-arg]
    form = ModelForm


class StackedInline(admin.StackedInline):  # type: ignore[type-arg]
    form = ModelForm
