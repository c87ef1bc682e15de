"""What completing an online course (or the online part of a blended one) takes, from a date
on: a rule as data, never a constant. The national institute enters a new rule with the date it
takes force; the rule of the day the learner meets it judges them (a blended session: its last
day)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cheber.core import dates
from cheber.core.models import DatedRule

__all__ = ["OnlineCompletionRule"]


class OnlineCompletionRule(DatedRule):
    """The share of lessons to see and the parts of the assessment to pass, from a date on."""

    min_lessons_percent = models.PositiveSmallIntegerField(
        _("lessons to see, %"), validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of the lessons of the learner's content version, rounded up."),
    )  # fmt: skip
    requires_passed_tests = models.BooleanField(_("module and final tests passed"), default=True)
    requires_post_test = models.BooleanField(_("post-test taken"), default=True)
    requires_assignments = models.BooleanField(_("assignments passed"), default=True)

    class Meta(DatedRule.Meta):
        verbose_name = _("online completion rule")
        verbose_name_plural = _("online completion rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_lessons_percent__gte=1, min_lessons_percent__lte=100),
                name="online_rule_percent_range",
            )
        ]

    def __str__(self) -> str:
        return f"{dates.day(self.effective_from)}: {self.min_lessons_percent}%"

    def lessons_needed(self, total: int) -> int:
        """How many of `total` lessons the rule asks for (a share rounded up)."""
        return -(-total * self.min_lessons_percent // 100)
