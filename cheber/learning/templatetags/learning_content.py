"""`{% content_under_review programme as content %}`: the programme's content that is approved
or awaits approval, for the catalogue's programme page, which sits below learning and so reads
it here, in its template, never by importing learning."""

from django import template

from cheber.learning.models import ContentVersion

register = template.Library()


@register.simple_tag
def content_under_review(programme) -> ContentVersion | None:
    """The newest version of the programme's content that is submitted or approved; None when
    it has none (a draft being written does not count)."""
    return programme.content_versions.submitted_or_approved().order_by("-number").first()
