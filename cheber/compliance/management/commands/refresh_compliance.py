"""`cheber refresh_compliance [--today YYYY-MM-DD]`: recompute every status and the trend."""

import datetime as dt
import time

from django.core.management.base import CommandError

from cheber.compliance.engine import refresh_statuses, refresh_trend
from cheber.compliance.models import EducatorStatus, YearShare
from cheber.compliance.querysets import STATUS_KEYS
from cheber.core.audit import AuditedCommand


class Command(AuditedCommand):
    help = "Recompute the compliance status of every educator in employment, and the trend."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="judge as of this day (YYYY-MM-DD)")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date, YYYY-MM-DD.") from None
        started = time.perf_counter()
        written = refresh_statuses(today=today, trend=False)
        seconds = time.perf_counter() - started
        refresh_trend(today=today)
        trend_seconds = time.perf_counter() - started - seconds
        counts = EducatorStatus.objects.counts()
        self.stdout.write(f"statuses: {written} in {seconds:.2f} s")
        self.stdout.write(f"trend: {YearShare.objects.count()} rows in {trend_seconds:.2f} s")
        for key in STATUS_KEYS:
            self.stdout.write(f"{key}: {counts[key]}")
