"""Published sessions as an iCalendar feed (RFC 5545), written by hand: escaped text, folded lines,
all-day dates."""

import datetime as dt
from collections.abc import Callable, Iterable

from cheber.registry.models import Organization
from cheber.schedule.models import Session

CRLF = "\r\n"
LINE_OCTETS = 75  # RFC 5545 §3.1: lines longer than 75 octets are folded


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, continuations starting with a space;
    never inside a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1  # the leading space counts
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _location(session: Session) -> str:
    return ", ".join(part for part in (session.venue, session.unit and session.unit.name) if part)


def event_lines(session: Session, *, url: str, domain: str) -> list[str]:
    language = dict(Organization.Language.choices).get(session.language, session.language)
    description = " · ".join([session.provider.name, session.get_form_display(), str(language)])
    lines = [
        "BEGIN:VEVENT",
        f"UID:session-{session.pk}@{domain}",
        f"DTSTAMP:{_stamp(session.created_at)}",
        f"DTSTART;VALUE=DATE:{_date(session.start_date)}",
        # DTEND of an all-day event is exclusive: the day after the last one.
        f"DTEND;VALUE=DATE:{_date(session.end_date + dt.timedelta(days=1))}",
        f"SUMMARY:{escape(session.programme.title)}",
        f"DESCRIPTION:{escape(description)}",
    ]
    if location := _location(session):
        lines.append(f"LOCATION:{escape(location)}")
    lines += [f"URL:{url}", "END:VEVENT"]
    return lines


def calendar(
    sessions: Iterable[Session], *, name: str, domain: str, url_for: Callable[[Session], str]
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cheber//Sessions//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for session in sessions:
        lines += event_lines(session, url=url_for(session), domain=domain)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
