"""The registry's panel of the home page: how many self-declared trainings wait for the
user's verification (a district methodist, provider staff), when any do."""

from cheber.core.panels import HomePanel
from cheber.registry.access import verifies_declarations
from cheber.registry.models import TrainingRecord


def trainings_to_verify(user) -> int | None:
    if not verifies_declarations(user):
        return None
    return TrainingRecord.objects.to_verify_by(user).pending().count() or None


PANELS = [HomePanel("registry/_to_verify.html", 20, trainings_to_verify)]
