"""A hand-made report with every field filled, about the invented Port Alder bridge closure.

The pipeline does not fill facts, disagreements, quotes, timeline, summary or coverage yet, so the
renderers and their golden files are tested against this report. Every sentence here is invented.
"""

from __future__ import annotations

import datetime as dt

from newsfuse.report import (
    Article,
    Coverage,
    Disagreement,
    Entity,
    Evidence,
    Fact,
    QuantityRange,
    Quote,
    QuoteVariant,
    Rejection,
    RemovedLine,
    Report,
    SentenceSpan,
    Story,
    SummarySentence,
    TimelineEvent,
    Version,
)

HERALD_QUOTE = "Safety comes first, and we will not reopen the bridge until we are certain it is sound"
GAZETTE_QUOTE = "Safety comes first, and we won't reopen the bridge until we are sure it is sound"
RADIO_QUOTE = "We will not reopen the bridge until we are certain it is sound"

TEXTS: dict[str, list[str]] = {
    "coastal-herald": [
        "Port Alder's harbour bridge will stay closed for at least three weeks after inspectors found a crack "
        "in a steel girder on Monday, the town council said.",
        "Council engineer Maria Okonkwo said the crack was about forty centimetres long.",
        f'"{HERALD_QUOTE}," Mayor Daniel Fairweather said.',
        "The ferry will run every fifteen minutes while the bridge is shut.",
    ],
    "alder-gazette": [
        "The harbour bridge in Port Alder closed on Monday after a routine inspection found a cracked girder.",
        "Council engineer Maria Okonkow said the repairs would take about a month.",
        f'Mayor Daniel Fairweather said: "{GAZETTE_QUOTE}."',
        "The council will review the repair plan on 21 May.",
        "Drivers should expect delays on the coast road.",
    ],
    "bay-radio": [
        "The harbour bridge closed to all traffic on Monday afternoon after engineers found a crack in a girder.",
        'Council engineer Maria Okonkwo said the closure would last "three weeks at the very least".',
        f'"{RADIO_QUOTE}," Okonkwo said.',
        "Mayor Daniel Fairweather urged drivers to leave extra time and to take the ferry.",
    ],
    "wire-bridge-1": [
        "Port Alder's harbour bridge was closed on Monday after inspectors found a crack in a steel girder, "
        "town officials said.",
        "The closure is expected to last between two and four weeks, according to council engineer Maria Okonkwo, "
        "who said the crack was about 40 centimetres long.",
        "Around 12,000 vehicles cross the bridge each day.",
        "The council will review the repair plan on 20 May.",
    ],
}
TEXTS["bay-times-repost"] = TEXTS["wire-bridge-1"]

OUTLETS = {
    "coastal-herald": ("Coastal Herald", "Harbour Bridge Shut for Repairs After Inspectors Find Crack", "2024-05-14"),
    "alder-gazette": ("Alder Gazette", "Cracked girder closes Port Alder's harbour bridge", "2024-05-14"),
    "bay-radio": ("Bay Radio News", "Harbour bridge closed: what commuters need to know", "2024-05-13"),
    "wire-bridge-1": ("Northern Wire", "Port Alder closes harbour bridge over girder crack", "2024-05-13"),
    "bay-times-repost": ("Bay Times", "Harbour bridge closed over girder crack", "2024-05-14"),
}


def _article(article_id: str) -> Article:
    source, title, published = OUTLETS[article_id]
    lines = TEXTS[article_id]
    spans, offset = [], 0
    for line in lines:
        spans.append(SentenceSpan(start=offset, end=offset + len(line)))
        offset += len(line) + 1
    copy = article_id == "bay-times-repost"
    return Article(
        id=article_id,
        source=source,
        title=title,
        url=f"https://{source.lower().replace(' ', '')}.example/2024/05/{article_id}",
        published=dt.date.fromisoformat(published),
        published_from="dateline" if article_id == "bay-radio" else "metadata",
        text="\n".join(lines),
        removed=[RemovedLine(text="Share", reason="share widget"), RemovedLine(text="© 2024", reason="footer")]
        if article_id == "coastal-herald"
        else [],
        syndicated=copy,
        syndicated_because="says it was first published by Northern Wire" if copy else None,
        duplicate_of="wire-bridge-1" if copy else None,
        sentences=spans,
    )


ARTICLES = {article_id: _article(article_id) for article_id in OUTLETS}


def ev(article_id: str, line: int) -> Evidence:
    """Evidence for line `line` (one sentence per line) of an article."""
    article = ARTICLES[article_id]
    span = article.sentences[line]
    return Evidence(article=article_id, sentence=article.text[span.start : span.end], start=span.start, end=span.end)


def _version(value: str, normalized: QuantityRange | str | None, *where: tuple[str, int]) -> Version:
    return Version(value=value, normalized=normalized, articles=[a for a, _ in where], evidence=[ev(*w) for w in where])


def _disagreements() -> list[Disagreement]:
    weeks = "week"
    return [
        Disagreement(
            id="d-length",
            kind="quantity",
            topic="length of the closure",
            versions=[
                _version("at least three weeks", QuantityRange(min=3, max=None, unit=weeks), ("coastal-herald", 0)),
                _version("three weeks at the very least", QuantityRange(min=3, max=None, unit=weeks), ("bay-radio", 1)),
                _version(
                    "between two and four weeks",
                    QuantityRange(min=2, max=4, unit=weeks),
                    ("wire-bridge-1", 1),
                    ("bay-times-repost", 1),
                ),
                _version("about a month", QuantityRange(min=3.5, max=4.5, unit=weeks), ("alder-gazette", 1)),
            ],
            compatible=True,
            note="The outlets put the closure at two to four weeks, at least three weeks or about a month; "
            "all fit a closure of three to four weeks.",
        ),
        Disagreement(
            id="d-review",
            kind="date",
            topic="date of the council's review of the repair plan",
            versions=[
                _version("20 May", "2024-05-20", ("wire-bridge-1", 3), ("bay-times-repost", 3)),
                _version("21 May", "2024-05-21", ("alder-gazette", 3)),
            ],
            compatible=False,
            note="Northern Wire dates the council's review 20 May, the Alder Gazette 21 May.",
        ),
        Disagreement(
            id="d-okonkwo",
            kind="name_spelling",
            topic="spelling of the council engineer's name",
            versions=[
                _version("Maria Okonkwo", None, ("coastal-herald", 1), ("bay-radio", 1), ("wire-bridge-1", 1)),
                _version("Maria Okonkow", None, ("alder-gazette", 1)),
            ],
            compatible=False,
            note="The Alder Gazette spells the council engineer's name Okonkow; three other sources spell it Okonkwo.",
        ),
        Disagreement(
            id="d-safety-wording",
            kind="quote_wording",
            topic="wording of the mayor's statement ('Safety comes first…')",
            versions=[
                _version(HERALD_QUOTE, None, ("coastal-herald", 2)),
                _version(GAZETTE_QUOTE, None, ("alder-gazette", 2)),
            ],
            compatible=True,
            note="Two outlets quote the mayor's statement in slightly different words with the same meaning.",
        ),
        Disagreement(
            id="d-safety-speaker",
            kind="attribution",
            topic="who said the bridge will not reopen until it is certain to be sound",
            versions=[
                _version("Daniel Fairweather", None, ("coastal-herald", 2), ("alder-gazette", 2)),
                _version("Maria Okonkwo", None, ("bay-radio", 2)),
            ],
            compatible=False,
            note="Two outlets credit the promise not to reopen the bridge to the mayor, Bay Radio News to the "
            "engineer.",
        ),
    ]


def _fact(fact_id: str, text: str, by: str | None, independent: int, *where: tuple[str, int]) -> Fact:
    return Fact(
        id=fact_id,
        text=text,
        articles=[a for a, _ in where],
        independent_sources=independent,
        attributed_to=by,
        evidence=[ev(*w) for w in where],
    )


FACTS = [
    _fact(
        "f-closed",
        "Port Alder's harbour bridge was closed on Monday after inspectors found a crack in a steel girder.",
        "town council",
        4,
        ("coastal-herald", 0),
        ("alder-gazette", 0),
        ("bay-radio", 0),
        ("wire-bridge-1", 0),
        ("bay-times-repost", 0),
    ),
    _fact(
        "f-crack",
        "The crack was about 40 centimetres long.",
        "Maria Okonkwo",
        2,
        ("coastal-herald", 1),
        ("wire-bridge-1", 1),
        ("bay-times-repost", 1),
    ),
    _fact(
        "f-reopen",
        "The bridge will not reopen until it is certain to be sound.",
        "Daniel Fairweather",
        2,
        ("coastal-herald", 2),
        ("alder-gazette", 2),
    ),
    _fact(
        "f-traffic",
        "Around 12,000 vehicles cross the bridge each day.",
        None,
        1,
        ("wire-bridge-1", 2),
        ("bay-times-repost", 2),
    ),
    _fact(
        "f-ferry", "The ferry will run every fifteen minutes while the bridge is shut.", None, 1, ("coastal-herald", 3)
    ),
]

ALL = list(OUTLETS)


def make_story() -> Story:
    """The Port Alder story with every field of the contract filled."""
    return Story(
        id="story-harbour-bridge",
        headline="Port Alder's harbour bridge closed after inspectors find a cracked girder",
        articles=list(ARTICLES.values()),
        facts=FACTS,
        disagreements=_disagreements(),
        quotes=[
            Quote(
                id="q-safety",
                speaker="Daniel Fairweather",
                text=HERALD_QUOTE,
                articles=["coastal-herald", "alder-gazette", "bay-radio"],
                variants=[
                    QuoteVariant(text=HERALD_QUOTE, speaker="Daniel Fairweather", articles=["coastal-herald"]),
                    QuoteVariant(text=GAZETTE_QUOTE, speaker="Daniel Fairweather", articles=["alder-gazette"]),
                    QuoteVariant(text=RADIO_QUOTE, speaker="Maria Okonkwo", articles=["bay-radio"]),
                ],
            ),
            Quote(
                id="q-weeks",
                speaker="Maria Okonkwo",
                text="three weeks at the very least",
                articles=["bay-radio"],
                variants=[
                    QuoteVariant(text="three weeks at the very least", speaker="Maria Okonkwo", articles=["bay-radio"])
                ],
            ),
        ],
        entities=[
            Entity(
                name="Maria Okonkwo",
                type="PERSON",
                aliases=["Maria Okonkwo", "Okonkwo", "Maria Okonkow"],
                mentions={
                    "coastal-herald": 1,
                    "alder-gazette": 1,
                    "bay-radio": 2,
                    "wire-bridge-1": 1,
                    "bay-times-repost": 1,
                },
            ),
            Entity(
                name="Port Alder",
                type="GPE",
                aliases=["Port Alder"],
                mentions={"coastal-herald": 1, "alder-gazette": 1, "wire-bridge-1": 1, "bay-times-repost": 1},
            ),
            Entity(
                name="Daniel Fairweather",
                type="PERSON",
                aliases=["Daniel Fairweather"],
                mentions={"coastal-herald": 1, "alder-gazette": 1},
            ),
        ],
        timeline=[
            TimelineEvent(
                date="2024-05-13", text="The harbour bridge closes after a crack is found in a girder.", articles=ALL
            ),
            TimelineEvent(date="2024-05-20", text="The council reviews the repair plan.", articles=["wire-bridge-1"]),
            TimelineEvent(date="2024-06", text="The bridge could reopen.", articles=["alder-gazette"]),
        ],
        summary=[
            SummarySentence(
                text="Port Alder's harbour bridge closed on Monday 13 May after inspectors found a crack in a girder.",
                facts=["f-closed"],
                articles=ALL,
            ),
            SummarySentence(
                text="The mayor said it would not reopen until it was certain to be sound.",
                facts=["f-reopen"],
                articles=["coastal-herald", "alder-gazette"],
            ),
            SummarySentence(
                text="Estimates of the closure run from two weeks to about a month.",
                facts=[],
                articles=["coastal-herald", "alder-gazette", "wire-bridge-1"],
            ),
        ],
        coverage=[
            Coverage(article="coastal-herald", facts_stated=4, omitted=[], unique=["f-ferry"]),
            Coverage(article="alder-gazette", facts_stated=2, omitted=["f-crack"], unique=[]),
            Coverage(article="bay-radio", facts_stated=1, omitted=["f-crack", "f-reopen"], unique=[]),
            Coverage(article="wire-bridge-1", facts_stated=3, omitted=["f-reopen"], unique=["f-traffic"]),
            Coverage(article="bay-times-repost", facts_stated=3, omitted=["f-reopen"], unique=["f-traffic"]),
        ],
    )


def make_report() -> Report:
    """A fresh report of the one Port Alder story and one rejected input, with a fixed generation time."""
    report = Report(
        generated_at=dt.datetime(2024, 5, 14, 9, 30, tzinfo=dt.UTC),
        stories=[make_story()],
        rejected=[
            Rejection(
                input="minutes.pdf",
                code="unsupported-type",
                message="minutes.pdf: a PDF is not an article; save the page as HTML or text and pass that file",
            )
        ],
    )
    # Deep copy: the module's articles and facts are shared, and a test may change its report.
    return report.model_copy(deep=True)
