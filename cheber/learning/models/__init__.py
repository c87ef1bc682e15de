"""The learning app's models: course content and progress (`content`), tests, attempts,
question banks and assignments (`assessment`), the rule of completing online (`completion`)."""

from cheber.learning.models.assessment import *  # noqa: F403
from cheber.learning.models.completion import *  # noqa: F403
from cheber.learning.models.content import *  # noqa: F403
