"""`{% capture name %}…{% endcapture %}` renders its content once into the variable `name` of
the template's context, to be written out where it is needed: the page's menu, shown folded
on phones and as a row on wide screens, is rendered once, not twice."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.tag
def capture(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% capture %} takes the name of a variable")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


class CaptureNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist, self.name = nodelist, name

    def render(self, context) -> str:
        # the output of template nodes, escaped as they rendered it
        context[self.name] = mark_safe(self.nodelist.render(context))
        return ""
