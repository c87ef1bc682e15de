"""Lesson text: Markdown turned into HTML that can carry no script.

The allow-list is nh3's defaults (no script, style, event handlers, `javascript:` or `data:`
URLs) plus figures and `lang`/`dir` on every element; no `style`, no frames, no inline media
(a lesson's audio and video are its materials, served by Cheber). The clean HTML is stored and
rendered as is; the content security policy is the second line behind it.
"""

import markdown
import nh3

TAGS = set(nh3.ALLOWED_TAGS) | {"figure", "figcaption"}
ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
ATTRIBUTES["*"] = {"lang", "dir"}
URL_SCHEMES = {"https", "http", "mailto"}


def render_markdown(text: str) -> str:
    """The sanitised HTML of a lesson's Markdown text."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return sanitize(html)


def sanitize(html: str) -> str:
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )  # fmt: skip
