"""Page furniture in plain-text articles: find every line that is not the article's prose.

A saved page carries more than the article: a category label, the headline (sometimes twice),
share widgets, photo captions and credits, embedded-post signatures, sign-in prompts, comment
forms, copyright and terms lines, the site's name, and headlines of unrelated stories trailing
the end. Each such line is removed with its reason; every other line stays byte for byte.
Headings inside the article are prose: a short line followed by prose is kept.

The rules look at one line and its neighbours. They are deliberately conservative: a line is
only removed when a pattern names what it is, or when it sits where only furniture can be
(after the last paragraph of prose, or in a run of captions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsfuse.document import Removed

# Reasons, as they appear in the report's `removed` list.
TITLE = "title"
DUPLICATE_TITLE = "duplicate title"
CATEGORY = "category label"
SHARE = "share widget"
CAPTION = "photo caption"
CREDIT = "photo credit"
EMBED_SIGNATURE = "embedded-post signature"
SIGN_IN = "sign-in prompt"
COMMENTS = "comment form"
COPYRIGHT = "copyright notice"
TERMS = "terms and privacy notice"
SITE_NAME = "site name"
SYNDICATION = "syndication notice"
TEASER = "related-links teaser"
ADVERTISEMENT = "advertisement"
NEWSLETTER = "newsletter prompt"
BYLINE = "byline"
AFTER_ARTICLE = "page text after the article"

_I = re.IGNORECASE
_WORD = re.compile(r"[\w’'-]+")
_TERMINAL = re.compile(r"""[.!?…:;](?:\s?["'”’)\]])*\s*$""")
_OPENING_QUOTE = re.compile(r"""^\s*["“‘'«]""")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of off on onto or over per the to up via vs with".split()  # noqa: SIM905
)

# Agencies whose name, followed by "/Photographer", credits a photo.
_AGENCY = r"(?:AP|AFP|Reuters|REUTERS|EPA|EPA-EFE|Getty(?: Images)?|Shutterstock|Bloomberg|Sputnik|TASS|Xinhua|ANSA|DPA|dpa|PA|PA Images|Alamy|Zuma|ZUMA|Anadolu|NurPhoto|UPI|Pool|POOL|SIPA|Sipa)"
# "AP/Dmitri Lovetsky", "Coastal Herald/Tom Reyes": who took a photo, for which agency or paper.
_PHOTOGRAPHER = r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}"
_CREDIT = rf"(?:{_AGENCY}|[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){{0,3}})\s*/\s*(?:{_PHOTOGRAPHER}|{_AGENCY})"
_CREDIT_TAIL = re.compile(
    rf"(?:(?<=[.!?”\"’)] ){_CREDIT}"
    r"|\((?:Photo|Image|Picture)s?(?: by| credit:?)? [^)]*\)"
    r"|(?:Photo|Image|Picture|Credit)s?(?: by| credit)?:\s*[A-Z][^.]{0,60})\s*$"
)
_CREDIT_ONLY = re.compile(rf"^\s*(?:{_AGENCY}|{_CREDIT}|(?:Photo|Image|Credit)s?:.*)\s*$")
_CAPTION_CUE = re.compile(
    r"\b(?:pictured|seen (?:here|above|below|left|right)|file photo|\((?:left|right|centre|center)\))\b", _I
)
# A caption's dash opens a clause about the picture: "the mayor - seen above at ...", "region - the war ...".
_CAPTION_DASH = re.compile(
    r"\s[-–—]\s(?:the|a|an|he|she|they|it|his|her|their|seen|pictured|shown|who|which|where|as|while|with|after|before)\b",
    _I,
)

_LINE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        SYNDICATION,
        re.compile(
            r"^(?:this (?:post|article|story|piece|report) (?:was |is )?(?:originally|first) (?:published|appeared|posted)"
            r"|(?:originally|first) (?:published|appeared|posted) (?:on|in|at|by)\b"
            r"|(?:re)?published (?:here )?(?:with permission|courtesy of)\b"
            r"|this (?:post|article|story) (?:is )?republished from\b)",
            _I,
        ),
    ),
    (
        EMBED_SIGNATURE,
        re.compile(
            r"^\s*[—–-]+\s*.{1,80}\(@\w{1,30}\)\s+(?:\w+ \d{1,2}, \d{4}|\d{1,2} \w+ \d{4})\s*$"
            r"|pic\.twitter\.com/\w+",
            _I,
        ),
    ),
    (
        SHARE,
        re.compile(
            r"^\s*(?:(?:share|tweet|email|e-mail|print|copy link|copy url|facebook|twitter|x|linkedin|whatsapp|reddit|"
            r"pinterest|telegram|flipboard|messenger|sms|save|gift(?: this)? article|share (?:this|the) (?:article|story|post|page)|"
            r"share (?:on|via) \w+|share it|comments?)\s*[:|·•/]?\s*){1,8}$",
            _I,
        ),
    ),
    (
        COMMENTS,
        re.compile(
            r"^\s*(?:leave a (?:reply|comment)|be the first to comment|your email address will not be published"
            r"|required fields are marked|post (?:a )?comment|add a comment|view comments|show comments|comments are closed"
            r"|join the (?:conversation|discussion)|\d+\s+comments?$|cancel reply|notify me of (?:new|follow-up))",
            _I,
        ),
    ),
    (
        SIGN_IN,
        re.compile(
            r"^\s*(?:sign in|log in|login|sign up|create (?:a )?(?:free )?account|register(?: now| for free)?\s*$"
            r"|already (?:have an account|a subscriber)|subscribe(?: now| today| to continue)?\s*$"
            r"|by continuing,? you agree|to continue reading)",
            _I,
        ),
    ),
    (NEWSLETTER, re.compile(r"^\s*(?:sign up (?:for|to) (?:our|the) [\w ]*newsletter|get our [\w ]*newsletter)", _I)),
    (COPYRIGHT, re.compile(r"^\s*(?:©|\(c\)\s*\d{4}|copyright\b)|\ball rights reserved\b", _I)),
    (
        TERMS,
        re.compile(
            r"^\s*(?:use of this site constitutes|terms of (?:use|service)\s*$|privacy policy\s*$|cookie (?:policy|settings)\s*$"
            r"|the material on this site (?:is protected|may not be reproduced))",
            _I,
        ),
    ),
    (
        ADVERTISEMENT,
        re.compile(
            r"^\s*(?:advertisement|sponsored(?: content)?|story continues below(?: advertisement)?|scroll to continue)\s*$",
            _I,
        ),
    ),
    (
        TEASER,
        re.compile(
            r"^\s*(?:read (?:more|next|also)|related(?: articles| stories| coverage)?|recommended(?: for you)?|more from [\w ]+"
            r"|you (?:may|might) also like|most (?:popular|read)|trending(?: now)?|also read|see also|more stories)\s*:?\s*$",
            _I,
        ),
    ),
    (
        CATEGORY,
        re.compile(r"^\s*(?:categor(?:y|ies)|tags?|topics?|filed under|sections?)\s*:?(?:\s+[\w ,&|/-]{0,60})?$", _I),
    ),
    (
        BYLINE,
        re.compile(
            r"^\s*[Bb]y\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s+(?:and|&)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})?\s*$"
        ),
    ),
]

# Furniture that only ever follows the article: past one of these, nothing is prose.
# Words that end an outlet's name: "Bay Radio News", "The Daily Telegraph".
_OUTLET_WORD = re.compile(
    r"\b(?:News|Times|Post|Herald|Radio|TV|Television|Gazette|Journal|Tribune|Daily|Press|Sun|Telegraph|Guardian|"
    r"Review|Wire|Magazine|Chronicle|Observer|Express|Mail|Standard|Independent|Courier|Examiner|Record|Today|"
    r"Network|Broadcasting|Agency|Insider|Online)$"
)
_END_OF_ARTICLE = frozenset({COMMENTS, COPYRIGHT, TERMS, SIGN_IN, SYNDICATION})


@dataclass(slots=True)
class Line:
    text: str
    start: int  # offset of the line in the input
    number: int  # 1-based
    reason: str | None = None

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What the cleaner found: the body, the removed lines, and what they told about the article."""

    text: str
    title: str | None
    removed: list[Removed]
    outlet: str | None
    syndication_notice: str | None


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_title_case(text: str) -> bool:
    """Most content words start with a capital, as headings in title case do."""
    content = [w for w in words(text) if w.lower() not in _SMALL_WORDS and w[0].isalpha()]
    if len(content) < 2:
        return bool(content) and content[0][0].isupper()
    return sum(w[0].isupper() for w in content) / len(content) >= 0.75


def is_heading_like(text: str) -> bool:
    """A short line without closing punctuation: a headline, a heading, a caption or a link."""
    stripped = text.strip()
    return 0 < len(words(stripped)) <= 24 and not _TERMINAL.search(stripped) and not _OPENING_QUOTE.match(stripped)


def is_prose(text: str) -> bool:
    """A line that reads as running text: closing punctuation, an opening quote, or a long line."""
    stripped = text.strip()
    n = len(words(stripped))
    return n >= 3 and (bool(_TERMINAL.search(stripped)) or bool(_OPENING_QUOTE.match(stripped)) or n > 24)


def _normal(text: str) -> str:
    return " ".join(words(text.lower()))


def classify_line(text: str) -> str | None:
    """The furniture reason a line carries on its own, or None."""
    for reason, pattern in _LINE_PATTERNS:
        if pattern.search(text):
            return reason
    if _CREDIT_ONLY.match(text) and len(words(text)) <= 6:
        return CREDIT
    stripped = text.strip()
    if _CREDIT_TAIL.search(stripped):
        return CAPTION
    dashed = _CAPTION_DASH.search(stripped) and len(words(stripped)) >= 8
    if is_heading_like(stripped) and not is_title_case(stripped) and (_CAPTION_CUE.search(stripped) or dashed):
        return CAPTION
    return None


# On text an HTML extractor already chose with the page's structure in hand, only these
# line patterns are trusted (bench/extraction.py measures the choice); the positional rules
# (captions in runs, the tail past the last paragraph) are for plain-text saves.
EXTRACTED_TEXT_REASONS = frozenset({SHARE, COMMENTS, SIGN_IN, NEWSLETTER, ADVERTISEMENT, TERMS, SYNDICATION})


def clean_text(
    raw: str, *, has_title_line: bool = True, known_title: str | None = None, extracted: bool = False
) -> Cleaned:
    """Split a saved plain-text page into the article's prose and its furniture.

    `has_title_line`: the input's first line is its headline slot (a plain-text save). A file
    whose first line is blank has no headline. `known_title`: a headline from metadata; lines
    repeating it are dropped as duplicates. `extracted`: the text comes from an HTML extractor,
    so only the line patterns of EXTRACTED_TEXT_REASONS apply.
    """
    lines = _split_lines(raw)
    for line in lines:
        if not line.blank:
            line.reason = classify_line(line.text)
            if extracted and line.reason not in EXTRACTED_TEXT_REASONS:
                line.reason = None
    content = [line for line in lines if not line.blank]

    title = known_title
    if has_title_line and lines and not lines[0].blank:
        _mark_section_label(content)
        first = next((line for line in content if line.reason != CATEGORY), None)
        if first is not None and first.reason is None and _could_be_title(first.text) and len(content) > 1:
            first.reason = TITLE
            title = first.text.strip()
    if title:
        for line in content:
            if line.reason is None and _normal(line.text) == _normal(title):
                line.reason = DUPLICATE_TITLE

    outlet = None
    if not extracted:
        _mark_caption_runs(content)
        _mark_connectors(content)
        outlet = _mark_tail(content, _outlet_from_footer(content))

    kept = [line for line in lines if not line.blank and line.reason is None]
    removed = [Removed(line.text.strip(), line.reason) for line in content if line.reason is not None]
    notice = next((r.text for r in removed if r.reason == SYNDICATION), None)
    return Cleaned(_join(kept), title, removed, outlet, notice)


def _split_lines(raw: str) -> list[Line]:
    lines, offset = [], 0
    for number, text in enumerate(raw.splitlines(keepends=True), start=1):
        lines.append(Line(text.rstrip("\r\n"), offset, number))
        offset += len(text)
    return lines


def _mark_section_label(content: list[Line]) -> None:
    """ "Local News" over the headline: a short first line in title case, followed by a longer heading."""
    if len(content) < 2 or content[0].reason is not None:
        return
    first, second = content[0].text.strip(), content[1].text.strip()
    if (
        len(words(first)) <= 3
        and is_title_case(first)
        and is_heading_like(second)
        and len(words(second)) > len(words(first)) + 2
    ):
        content[0].reason = CATEGORY


def _could_be_title(text: str) -> bool:
    stripped = text.strip()
    n = len(words(stripped))
    return 0 < n <= 30 and not re.search(r"[.!;:][\"'”’)]*$", stripped)


def _mark_caption_runs(content: list[Line]) -> None:
    """A heading-like line in sentence case beside a caption belongs to the same strip of photos."""
    changed = True
    while changed:
        changed = False
        for i, line in enumerate(content):
            if line.reason is not None or not is_heading_like(line.text) or is_title_case(line.text):
                continue
            neighbours = content[max(0, i - 1) : i] + content[i + 1 : i + 2]
            if any(n.reason in (CAPTION, CREDIT) for n in neighbours):
                line.reason = CAPTION
                changed = True


def _mark_connectors(content: list[Line]) -> None:
    """A lone "or", "|" or "and" between two furniture lines takes their reason."""
    for i in range(1, len(content) - 1):
        line = content[i]
        if line.reason is None and len(words(line.text)) <= 1 and len(line.text.strip()) <= 4:
            before, after = content[i - 1].reason, content[i + 1].reason
            if before is not None and after is not None:
                line.reason = before


_COMPANY_SUFFIX = re.compile(
    r"(?:,?\s+(?:LLC|L\.L\.C\.|Inc\.?|Ltd\.?|Limited|plc|PLC|GmbH|S\.A\.|Co\.|Corp\.?|Corporation))+\.?$"
)


def _outlet_from_footer(content: list[Line]) -> str | None:
    """The outlet's name from a copyright line, confirmed by a standalone line when there is one."""
    for line in content:
        if line.reason != COPYRIGHT:
            continue
        holder = re.sub(r"^\s*(?:©|\(c\)|copyright)\s*", "", line.text.strip(), flags=_I)
        holder = re.sub(r"^(?:\d{4}\s*[-–]\s*)?\d{4}\s*,?\s*", "", holder)
        holder = re.split(r"\.\s|\.$|\ball rights reserved\b", holder, maxsplit=1, flags=_I)[0]
        holder = _COMPANY_SUFFIX.sub("", holder.strip()).strip(" ,.")
        if not holder or len(words(holder)) > 8:
            continue
        standalone = [c.text.strip() for c in content if c.reason is None and is_heading_like(c.text)]
        for candidate in standalone:
            if holder.lower().startswith(candidate.lower()) and len(words(candidate)) >= 1:
                return candidate
        return re.sub(r"\s+(?:Company|Media Group|Group|Media)$", "", holder)
    return None


def _mark_tail(content: list[Line], outlet: str | None) -> str | None:
    """Past the last paragraph of prose, a line heads nothing: a site name, a teaser or page text.

    Returns the outlet's name when the tail signs off with it ("Bay Radio News") and no
    copyright line named it.
    """
    last_prose, end = -1, len(content)
    for i, line in enumerate(content):
        if line.reason in _END_OF_ARTICLE and last_prose >= 0:
            end = i  # the comment form or the copyright line: the article has ended
            break
        if line.reason is None and is_prose(line.text):
            last_prose = i
    if last_prose < 0:
        return outlet  # no paragraph of prose: nothing to be past
    tail = [(i, line) for i, line in enumerate(content) if i > last_prose and line.reason is None]
    if outlet is None and tail:
        first = tail[0][1].text.strip()
        if len(words(first)) <= 5 and is_title_case(first) and _OUTLET_WORD.search(first):
            outlet = first
    for i, line in tail:
        if outlet and _normal(line.text) == _normal(outlet):
            line.reason = SITE_NAME
        elif is_heading_like(line.text) and (is_title_case(line.text) or len(words(line.text)) <= 8):
            line.reason = TEASER
        elif i > end:
            line.reason = AFTER_ARTICLE
    return outlet


def _join(kept: list[Line]) -> str:
    """Kept lines with their line breaks: one newline between neighbouring lines, else a blank line."""
    parts: list[str] = []
    for i, line in enumerate(kept):
        if i:
            parts.append("\n" if line.number == kept[i - 1].number + 1 else "\n\n")
        parts.append(line.text.rstrip())
    return "".join(parts)
