"""Title, outlet and publication date from what an input carries: metadata, the URL, the text."""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import urlsplit

import dateparser

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
FULL_DATE = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})\b"
)
# "WASHINGTON, March 18, 2025 —", "March 18, 2025 -", "(Reuters) -" style datelines open a body.
_DATELINE = re.compile(rf"^\s*(?:[A-Z][A-Z .'-]{{1,40}},?\s+)?(?P<date>{FULL_DATE.pattern})\s*(?:\([^)]*\)\s*)?[-–—:]")
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>\d{1,2})[/-](?P<d>\d{1,2})(?:/|-|$)")
_LEAD_PARAGRAPHS = 3
# A lead date in the same sentence after one of these words dates a life or a founding, not the
# article: "Page was born in Nashville on April 22, 1923."
_BACKGROUND = re.compile(r"\b(?:born|birth|founded|established|since|until)\b[^.!?\n]*$", re.IGNORECASE)


def parse_date(text: str | None) -> date | None:
    """An explicit date (ISO or written out) as a `date`; None when there is no full date."""
    if not text:
        return None
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    parsed = dateparser.parse(text, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed else None


def date_from_url(url: str | None) -> date | None:
    if not url:
        return None
    match = _URL_DATE.search(urlsplit(url).path)
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def date_from_text(text: str) -> tuple[date | None, str | None]:
    """A date given by a dateline opening the body, else the first full date of the lead paragraphs."""
    match = _DATELINE.match(text)
    if match and (found := parse_date(match["date"])):
        return found, "dateline"
    lead = "\n".join([p for p in re.split(r"\n\s*\n|\n", text) if p.strip()][:_LEAD_PARAGRAPHS])
    for match in FULL_DATE.finditer(lead):
        if _BACKGROUND.search(lead, 0, match.start()):
            continue
        if found := parse_date(match.group()):
            return found, "lead"
    return None, None


def published_date(metadata: str | None, url: str | None, text: str) -> tuple[date | None, str | None]:
    """The publication date and where it came from: metadata, the URL, a dateline or the lead."""
    if found := parse_date(metadata):
        return found, "metadata"
    if found := date_from_url(url):
        return found, "url"
    return date_from_text(text)


def outlet_from_url(url: str | None) -> str | None:
    """The site's host without a leading www., e.g. "apnews.com"."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None
