"""Form fields for what people type onto a public record: one plain line, or an http(s) URL.

A line that reaches an email header (an invitation's topic, a name in a
subject) must never carry CR/LF; no field here takes other control characters
either, nor Unicode line or paragraph separators, which some mail clients and
log viewers turn into line breaks.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

_LINE_BREAKS = {"\u2028", "\u2029", "\u0085"}


def _no_control_characters(value: str) -> None:
    if any(c in _LINE_BREAKS or unicodedata.category(c) == "Cc" for c in value):
        raise ValidationError(
            "Use one line of plain text, without line breaks or control characters.",
            code="control_characters",
        )


class PlainLineField(forms.CharField):
    """One line of plain text, stripped, with a length limit."""

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(max_length=max_length, strip=True, **kwargs)
        self.validators.append(_no_control_characters)


class HttpUrlField(forms.URLField):
    """An http:// or https:// address only (no javascript:, data:, ftp: …)."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
