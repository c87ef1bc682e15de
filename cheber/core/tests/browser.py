"""What the browser tests of several apps share: logging a user in without the log-in form,
the accessibility check (axe-core, vendored beside this file) and the checks of what a person
reads on a page."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client

AXE = Path(__file__).parent / "axe" / "axe.min.js"
# Only what a person cannot get past; "moderate" and "minor" are for review, not for failing.
BLOCKING = ("serious", "critical")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def log_in(page, live_server, user) -> None:
    """The user's session, made by the test client and handed to the browser."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def with_axe(context) -> None:
    """Every page the context opens gets axe-core; an init script, which the content security
    policy does not stop (an inline <script> would be refused)."""
    context.add_init_script(path=str(AXE))


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map((v) => ({id: v.id, impact: v.impact,
                          targets: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}))"""
    )
    return [f"{v['id']} ({v['impact']}): {v['targets']}" for v in found if v["impact"] in BLOCKING]


def iso_dates(page) -> list[str]:
    """Dates a person reads written the machine's way (2026-06-10)."""
    return ISO_DATE.findall(page.locator("body").inner_text())


# Words of the headings that the browser split over two lines (each word's text spans one
# line box when it fits).
BROKEN_WORDS = """() => {
  const broken = [];
  for (const heading of document.querySelectorAll('main h1, main h2, main h3')) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def broken_words(page) -> list[str]:
    return page.evaluate(BROKEN_WORDS)
