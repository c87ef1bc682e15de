"""`cheber stats --json` and `cheber refresh_compliance`."""

import json
from io import StringIO

from django.core.management import call_command

from cheber.compliance.models import EducatorStatus


def test_stats_has_the_five_compliance_keys(kochkor):
    out = StringIO()
    call_command("stats", "--json", stdout=out)
    assert json.loads(out.getvalue())["compliance"] == {
        "compliant": 2, "due": 1, "overdue": 2, "never_trained": 2, "needs_retraining": 1,
    }  # fmt: skip


def test_stats_share_matches_the_table(kochkor):
    call_command("stats", "--json", stdout=StringIO())
    assert EducatorStatus.objects.share_compliant() == 0.375
    assert [(r["key"], r["total"], r["share"]) for r in EducatorStatus.objects.by("language")] == [
        ("ky", 6, 0.5), ("ru", 2, 0.0),
    ]  # fmt: skip


def test_refresh_command_prints_counts(kochkor):
    out = StringIO()
    call_command("refresh_compliance", "--today", "2026-11-22", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("statuses: 8 in ")
    assert lines[1].startswith("trend: 20 rows in ")
    assert lines[2:] == ["compliant: 2", "due: 1", "overdue: 2", "never_trained: 2",
                         "needs_retraining: 1"]  # fmt: skip
