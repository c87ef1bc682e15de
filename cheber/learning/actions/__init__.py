"""Every change in learning goes through one of these actions (`content`: authoring and
approving course content; `progress`: enrolling online, studying, completing, reminding; the
assessment part adds its own module)."""
