from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A signed-in person's key for the API's higher rate limit; only its digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80)
    digest = models.CharField(max_length=64, unique=True)  # SHA-256 of the secret
    prefix = models.CharField(
        max_length=12
    )  # the first characters, so a person can tell keys apart
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
