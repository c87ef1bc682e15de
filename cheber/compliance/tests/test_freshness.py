"""The readers keep the statuses current themselves: a training recorded after a page was read
shows on the next read, with nobody calling `ensure_fresh`."""

import datetime as dt

from django.urls import reverse

from cheber.compliance import dashboard, forecast, stats
from cheber.compliance.models import EducatorStatus
from cheber.compliance.tests.conftest import add_training

D = dt.date


def test_the_dashboard_shows_a_training_recorded_after_it_was_read(client, kochkor, methodist):
    client.force_login(methodist)
    url = reverse("compliance:district_dashboard", args=[kochkor.school.unit_id])
    before = client.get(url).context["head"].figures.counts
    add_training(kochkor.people["overdue"], D(2026, 11, 20), 72)

    after = client.get(url).context["head"].figures.counts

    assert (before["overdue"], before["compliant"]) == (1, 1)
    assert (after["overdue"], after["compliant"]) == (0, 2)


def test_the_list_of_people_shows_the_fresh_status(client, kochkor, methodist):
    client.force_login(methodist)
    url = reverse("compliance:educator_list") + f"?unit={kochkor.school.unit_id}&status=overdue"
    assert len(client.get(url).context["page"].object_list) == 1
    add_training(kochkor.people["overdue"], D(2026, 11, 20), 72)

    page = client.get(url).context["page"]

    assert list(page.object_list) == []


def test_visible_statuses_are_current_when_read(kochkor, methodist):
    add_training(kochkor.people["never_trained"], D(2026, 11, 1), 72)

    row = EducatorStatus.objects.visible_to(methodist).get(educator=kochkor.people["never_trained"])

    assert (row.status, row.due_date) == ("compliant", D(2031, 11, 1))


def test_the_whole_country_is_current_when_read(kochkor):
    add_training(kochkor.people["overdue"], D(2026, 11, 20), 72)

    rows = EducatorStatus.objects.current().filter(status="overdue")

    assert list(rows.values_list("educator", flat=True)) == [kochkor.outsiders[0].pk]


def test_the_readers_for_commands_and_forecasts_fill_an_empty_table(kochkor, today):
    assert not EducatorStatus.objects.exists()

    figures = stats.collect()["compliance"]
    result = forecast.build(today)
    trend = dashboard.trend(dashboard.Level("national"))

    assert figures == {"compliant": 2, "due": 1, "overdue": 2, "never_trained": 2,
                       "needs_retraining": 1}  # fmt: skip
    assert sorted(row.years[0].due for row in result.rows) == [2, 4]
    assert [(p.year, p.educators, p.compliant) for p in trend[-2:]] == [(2024, 8, 2), (2025, 8, 3)]


def test_a_keepers_correction_of_the_hours_shows_at_once(client, kochkor, methodist):
    """Compliant by one 72-hour course (the policy: a course of 72 hours within 60 months);
    corrected to 36 hours, the course no longer counts."""
    educator = kochkor.people["compliant"]
    before = EducatorStatus.objects.visible_to(methodist).get(educator=educator).status
    training = educator.training_records.get()
    client.force_login(methodist)
    form = {"title": training.title, "provider_name": training.provider_name, "hours": "36",
            "start_date": "2024-03-01", "end_date": "2024-03-01", "form": "stationary"}  # fmt: skip

    answer = client.post(reverse("registry:training_edit", args=[training.pk]), form)

    row = EducatorStatus.objects.visible_to(methodist).get(educator=educator)
    assert answer.status_code == 302
    assert before == "compliant"
    assert (row.status, row.due_date) == ("never_trained", D(2010, 9, 1))
