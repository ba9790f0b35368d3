from django.db import models


class HeldTask(models.Model):
    """A task call that could not reach the broker (Redis down), kept to be sent when it is
    back (``core.tasks``): the write that asked for it has committed, so its follow-up work
    must not be lost with the message."""

    name = models.CharField(max_length=200, help_text="The task's registered name.")
    args = models.JSONField(default=list)
    countdown = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True, help_text="Why the first send failed.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.name}{tuple(self.args)}"
