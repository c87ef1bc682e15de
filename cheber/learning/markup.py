"""Lesson text: Markdown turned into HTML that can carry no script.

The allow-list is nh3's defaults (no script, style, event handlers, `javascript:` or `data:`
URLs) plus figures and `lang`/`dir` on every element; no `style`, no frames, no inline media
(a lesson's audio and video are its materials, served by Cheber). The clean HTML is stored and
rendered as is; the content security policy is the second line behind it.
"""

import re

import markdown
import nh3

TAGS = set(nh3.ALLOWED_TAGS) | {"figure", "figcaption"}
ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
ATTRIBUTES["*"] = {"lang", "dir"}
URL_SCHEMES = {"https", "http", "mailto"}


HEADING = re.compile(r"<(/?)h([1-5])\b")


def render_markdown(text: str) -> str:
    """The sanitised HTML of a lesson's Markdown text; its headings one level down, under the
    page's own title (a "# heading" of the author's is a section of the lesson)."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    html = HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)
    return sanitize(html)


def sanitize(html: str) -> str:
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )  # fmt: skip
