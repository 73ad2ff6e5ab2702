"""Claims: each article's sentences, split where one sentence carries two independent clauses.

A claim is a span of the article's text. Headings, bylines and lead-ins to a quotation ("Trump
posted on his network:") carry no claim of their own and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsfuse.document import Article, Span
from newsfuse.reconcile.quotes import quoted_regions

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

# lemma -> (what is asserted, +1 or -1). Each row pairs verbs that assert and deny one thing.
POLARITY: dict[str, tuple[str, int]] = {
    **dict.fromkeys(["agree", "accept", "consent"], ("agree", 1)),
    **dict.fromkeys(["refuse", "reject", "decline", "rebuff"], ("agree", -1)),
    **dict.fromkeys(["confirm", "admit", "acknowledge"], ("confirm", 1)),
    **dict.fromkeys(["deny", "dispute"], ("confirm", -1)),
    **dict.fromkeys(["support", "endorse", "back", "welcome"], ("support", 1)),
    **dict.fromkeys(["oppose", "condemn"], ("support", -1)),
    "approve": ("approve", 1),
    "veto": ("approve", -1),
    "win": ("win", 1),
    "lose": ("win", -1),
    "include": ("include", 1),
    "exclude": ("include", -1),
    "open": ("open", 1),
    "close": ("open", -1),
    "survive": ("survive", 1),
    "die": ("survive", -1),
}

# Words that tell the reader what to feel. A sentence or headline without them is preferred.
LOADED = frozenset(
    [
        "momentous",
        "historic",
        "significant",
        "dramatic",
        "stunning",
        "shocking",
        "slams",
        "slammed",
        "blasts",
        "blasted",
        "huge",
        "massive",
        "major",
        "much-anticipated",
        "highly-anticipated",
        "anticipated",
        "controversial",
        "pivotal",
        "landmark",
        "breakthrough",
        "crisis",
        "chaos",
        "disaster",
        "brutal",
    ]
)
_DANGLING = re.compile(r"^(?:but|and|or|so|yet|however|meanwhile|he|she|they|it|this|that|these|those|his|her)\b", re.I)
_QUOTE_MARKS = frozenset('“”"‘')
_WORD = re.compile(r"[\w’'-]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def is_loaded(text: str) -> bool:
    return any(w in LOADED for w in words(text))


_CREDITED = re.compile(r"\b(?:said|says|told|according to|stated|wrote|added)\b", re.I)


def unbalanced_quotes(text: str) -> bool:
    """A quotation mark without its partner: the sentence starts or ends inside someone's words."""
    singles_closed = len(re.findall(r"[,.!?…]’", text))
    return text.count("“") != text.count("”") or text.count('"') % 2 == 1 or text.count("‘") != singles_closed


def readability(claim: Claim) -> tuple[int, int, int, int, int]:
    """How well a claim reads on its own, lower is better: the outlet's own words, a full sentence
    that needs no earlier one, no loaded words, an original rather than a copy, about 20 words."""
    text = claim.text
    return (
        # Someone's words read best with who said them: "..., according to the White House readout."
        int(claim.quoted) * (1 + int(not _CREDITED.search(text))) + int(unbalanced_quotes(text)),
        int(bool(_DANGLING.match(text)) or not text[:1].isupper()),
        int(is_loaded(text)),
        int(claim.article.duplicate_of is not None),
        abs(len(text.split()) - 20),
    )


MIN_WORDS = 5
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})


@dataclass(frozen=True, slots=True)
class Stance:
    """What a claim asserts about its subject: the concept, its sign, and the subject's lemmas."""

    concept: str
    sign: int
    subject: frozenset[str]
    subject_text: str
    verb: str


def stances(span: SpacySpan) -> list[Stance]:
    """The polar verbs of a claim, with their subjects."""
    found = []
    for token in span:
        entry = POLARITY.get(token.lemma_.lower())
        if entry is None or token.pos_ not in {"VERB", "AUX"}:
            continue
        concept, sign = entry
        if any(child.dep_ == "neg" for child in token.children):
            sign = -sign
        subject_tokens = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subject_tokens and token.dep_ in {"xcomp", "conj"}:
            subject_tokens = [c for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        subject = frozenset(t.lemma_.lower() for s in subject_tokens for t in s.subtree if t.pos_ in {"PROPN", "NOUN"})
        if subject:
            verb = [c for c in token.children if c.dep_ in {"aux", "neg", "auxpass"}] + [token]
            phrase = " ".join(t.text for t in sorted(verb, key=lambda t: t.i))
            subject_text = " ".join(t.text for t in subject_tokens[0].subtree)
            if subject_tokens[0].subtree and next(subject_tokens[0].subtree).pos_ == "DET":
                subject_text = subject_text[:1].lower() + subject_text[1:]  # "The council" inside a sentence
            found.append(Stance(concept, sign, subject, subject_text, phrase))
    return found


@dataclass(slots=True)
class Claim:
    """One claim of one article: a span of its text, with what the matcher compares."""

    article: Article
    span: Span
    sentence: Span
    index: int  # the claim's position in the whole story, for stable ordering
    lemmas: frozenset[str] = field(default_factory=frozenset)
    numbers: frozenset[str] = field(default_factory=frozenset)
    dates: frozenset[str] = field(default_factory=frozenset)
    entities: frozenset[str] = field(default_factory=frozenset)
    negated: bool = False
    stances: list[Stance] = field(default_factory=list)
    quoted: bool = False  # some of it stands inside quotation marks: someone's words, not the outlet's

    @property
    def text(self) -> str:
        return self.article.span_text(self.span)

    def opposes(self, other: Claim) -> bool:
        """Whether the two claims assert and deny one thing ("agreed" / "refused")."""
        return any(a.concept == b.concept and a.sign != b.sign for a in self.stances for b in other.stances)


def find_claims(articles: list[Article]) -> list[Claim]:
    """Every claim of every article, in article order then text order."""
    claims: list[Claim] = []
    for article in articles:
        regions = quoted_regions(article.text)
        for sentence in article.sentences:
            for span in _split(article, sentence):
                claim = _claim(article, span, sentence, len(claims))
                claim.quoted = any(r.start < span.end and r.end > span.start for r in regions)
                claims.append(claim)
    return [c for c in claims if c.lemmas]


def _split(article: Article, sentence: Span) -> list[Span]:
    text = article.span_text(sentence)
    if text.rstrip().endswith(":") or is_heading(text) or not _has_verb(article, sentence):
        return []
    doc_span = _doc_span(article, sentence)
    if doc_span is None:
        return [sentence] if len(text.split()) >= MIN_WORDS else []
    cuts = sorted({cut for token in doc_span if (cut := _clause_cut(token, doc_span)) is not None})
    pieces, start = [], sentence.start
    for end, next_start in cuts:
        pieces.append(_trim(article, start, end))
        start = next_start
    pieces.append(_trim(article, start, sentence.end))
    spans = [p for p in pieces if p is not None and len(article.span_text(p).split()) >= MIN_WORDS]
    # A split that leaves a fragment too short to stand alone keeps the sentence whole.
    if len(spans) != len(pieces):
        return [sentence] if len(text.split()) >= MIN_WORDS else []
    return spans


def is_heading(text: str) -> bool:
    """A heading or subheading: no closing punctuation, and most words capitalised."""
    text = text.strip()
    if not text or text[-1] in ".!?…\"”’'":
        return False
    words = [w for w in text.split() if w[:1].isalpha()]
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) <= 20 and capitalised >= 0.6 * max(1, len(words))


def _clause_cut(token: Token, sentence: SpacySpan) -> tuple[int, int] | None:
    """Where a second independent clause starts, as (end of the first, start of the second): at a
    conjoined verb with its own subject, or after a semicolon. The joining "and" belongs to neither."""
    if token.text == ";" and token.i + 1 < sentence.end:
        return int(token.idx), int(token.doc[token.i + 1].idx)
    if token.dep_ != "conj" or token.pos_ not in {"VERB", "AUX"} or token.head.dep_ != "ROOT":
        return None
    if not any(child.dep_ in _SUBJECTS for child in token.children):
        return None
    if _inside_quotation(token, sentence):
        return None
    first = token.left_edge
    while first.i < token.i and first.dep_ in {"cc", "punct"}:
        first = token.doc[first.i + 1]
    joint = first
    while joint.i > sentence.start and token.doc[joint.i - 1].dep_ in {"cc", "punct"}:
        joint = token.doc[joint.i - 1]
    if joint.i <= sentence.start:
        return None
    return int(joint.idx), int(first.idx)


def _inside_quotation(token: Token, sentence: SpacySpan) -> bool:
    marks = sum(1 for t in sentence if t.i < token.i and t.text in {"“", "”", '"', "‘", "’"} and t.is_quote)
    return marks % 2 == 1


def _trim(article: Article, start: int, end: int) -> Span | None:
    text = article.text
    while start < end and (text[start].isspace() or text[start] in ",;—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return Span(start, end, "claim") if end > start else None


def _doc_span(article: Article, span: Span) -> SpacySpan | None:
    if article.doc is None:
        return None
    result: SpacySpan | None = article.doc.char_span(span.start, span.end, alignment_mode="expand")
    return result


def _has_verb(article: Article, sentence: Span) -> bool:
    doc_span = _doc_span(article, sentence)
    if doc_span is None:
        return True
    return any(t.pos_ in {"VERB", "AUX"} for t in doc_span)


def _claim(article: Article, span: Span, sentence: Span, index: int) -> Claim:
    doc_span = _doc_span(article, span)
    if doc_span is None:
        words = article.span_text(span).lower().split()
        return Claim(article, span, sentence, index, lemmas=frozenset(w.strip(".,;:'\"") for w in words))
    lemmas = frozenset(
        t.lemma_.lower() for t in doc_span if t.pos_ in _CONTENT_POS and not t.is_stop and t.lemma_.strip()
    )
    numbers = frozenset(t.text.lower() for t in doc_span if t.like_num)
    entities = frozenset(
        e.text.lower() for e in doc_span.ents if e.label_ in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
    )
    dates = frozenset(e.text.lower() for e in doc_span.ents if e.label_ == "DATE")
    negated = any(t.dep_ == "neg" for t in doc_span)
    return Claim(article, span, sentence, index, lemmas, numbers, dates, entities, negated, stances(doc_span))
