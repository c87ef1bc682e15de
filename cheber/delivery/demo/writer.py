"""Saving the enrolments in bulk, with their steps, attendance and notifications, and giving
the linked history records the title, dates, form and hours of their session."""

import datetime as dt
from collections import Counter

from django.db import connection

from cheber.delivery.demo.context import explicit_timestamps
from cheber.delivery.demo.places import Draft
from cheber.delivery.models import Attendance, Enrolment, EnrolmentEvent, Notification
from cheber.registry.models import TrainingRecord

BATCH_SIZE = 2000


def write_drafts(drafts: list[Draft]) -> Counter:
    with explicit_timestamps(Enrolment, EnrolmentEvent, Notification):
        Enrolment.objects.bulk_create([d.enrolment for d in drafts], batch_size=BATCH_SIZE)
        events, marks, notes = [], [], []
        for draft in drafts:
            pk, educator = draft.enrolment.pk, draft.enrolment.educator_id
            events += [
                EnrolmentEvent(
                    enrolment_id=pk,
                    at=at,
                    actor=None,
                    verb=verb,
                    from_state=before,
                    to_state=after,
                    note=note,
                )  # fmt: skip
                for at, verb, before, after, note in draft.events
            ]
            marks += [(pk, day, present) for day, present in draft.attendance]
            notes += [
                Notification(
                    educator_id=educator,
                    enrolment_id=pk,
                    kind=kind,
                    waitlist_position=position,
                    created_at=at,
                    read_at=at if read else None,
                )  # fmt: skip
                for kind, at, read, position in draft.notifications
            ]
        EnrolmentEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
        _insert_attendance(marks)
        Notification.objects.bulk_create(notes, batch_size=BATCH_SIZE)
    linked = _relink_records(drafts)
    return Counter(
        enrolments=len(drafts), enrolment_events=len(events), attendance=len(marks),
        notifications=len(notes), linked_records=linked,
    )  # fmt: skip


def _relink_records(drafts: list[Draft]) -> int:
    """The history record of a completion now reads as the session it was (its title in both
    languages)."""
    rows = []
    for draft in drafts:
        if draft.record_id:
            session = draft.enrolment.session
            programme = session.programme
            rows.append((programme.title_ky, programme.title_ru, programme.hours,
                         session.start_date, session.end_date, session.form,
                         draft.record_id))  # fmt: skip
    table = TrainingRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET title = %s, title_ru = %s, hours = %s, start_date = %s, "
            "end_date = %s, form = %s WHERE id = %s",
            rows,
        )
    return len(rows)


def _insert_attendance(marks: list[tuple[int, dt.date, bool]]) -> None:
    """The biggest table of the demo, written without building a model per row."""
    table = Attendance._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(marks), 10 * BATCH_SIZE):
            cursor.executemany(
                f"INSERT INTO {table} (enrolment_id, day, present) VALUES (%s, %s, %s)",
                marks[start : start + 10 * BATCH_SIZE],
            )
