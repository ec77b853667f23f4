"""What seed_scale has finished: one row per step, written in the same transaction as the step's rows,
so an interrupted run resumes after the last finished step and `--reset` removes exactly those rows."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class SeedStep(models.Model):
    name = models.CharField(max_length=40, unique=True)
    scale = models.FloatField()
    # {"app_label.model": [first_id, last_id], ...}: the id range of the rows the step inserted, per table.
    ranges = models.JSONField(default=dict)
    rows = models.PositiveBigIntegerField(default=0)
    seconds = models.FloatField(default=0)
    finished_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.scale}"
