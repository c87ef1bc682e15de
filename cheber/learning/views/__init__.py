"""Pages of the learning app: `content` (authoring), `study` (the learner), `progress` (the
provider's view of its learners); the assessment part adds its own module."""
