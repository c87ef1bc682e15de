"""Saving drafts in bulk: educators first (their ids come back), then what points at them."""

from collections import Counter

from cheber.registry.models import Educator, Employment, Leave, TrainingRecord

BATCH_SIZE = 2000


def write(drafts: list, specialization_ids: dict[str, int]) -> Counter:
    """Insert the educators, their specializations, jobs, training and leave; return the
    counts."""
    Educator.objects.bulk_create([d.educator for d in drafts], batch_size=BATCH_SIZE)
    through = Educator.specializations.through
    links, jobs, records, leaves = [], [], [], []
    for draft in drafts:
        pk = draft.educator.pk
        # dict.fromkeys keeps the first occurrence of each code, in order
        for code in dict.fromkeys(draft.specializations):
            links.append(through(educator_id=pk, specialization_id=specialization_ids[code]))
        for job in draft.jobs:
            job.educator_id = pk
            jobs.append(job)
        for record in draft.training:
            record.educator_id = pk
            records.append(record)
        for leave in getattr(draft, "leaves", ()):
            leave.educator_id = pk
            leaves.append(leave)
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    Employment.objects.bulk_create(jobs, batch_size=BATCH_SIZE)
    TrainingRecord.objects.bulk_create(records, batch_size=BATCH_SIZE)
    Leave.objects.bulk_create(leaves, batch_size=BATCH_SIZE)
    return Counter(educators=len(drafts), employments=len(jobs), training_records=len(records),
                   leaves=len(leaves))  # fmt: skip
