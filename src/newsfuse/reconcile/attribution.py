"""Attribution: who a sentence credits for what it says ("X said", "according to X", "X's readout").

References are resolved with small, documented rules over the article alone:

- "he" / "she": the last person who is the subject of a sentence, looking back from the pronoun
  through its own sentence and the three before; failing that, the last person named there.
- "the statement" / "the readout" / "the transcript": the owner of the last statement, readout or
  transcript whose owner the text names ("the Kremlin's readout", "the White House said in a
  statement", "a readout published by X").
- a role ("the spokeswoman", "the White House press secretary"): the last person named with that
  title ("White House Press Secretary Karoline Leavitt").
- a person named with the title of a body ("White House press secretary X") speaks for that body:
  a document that person published belongs to the body.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from newsfuse.document import Article, Span
from newsfuse.reconcile.entities import surface

SpeakerKind = Literal["person", "body", "other"]

SPEECH_VERBS = frozenset(
    {
        "say", "tell", "note", "confirm", "claim", "insist", "state", "add", "write", "post", "read",
        "conclude", "emphasize", "emphasise", "reveal", "echo", "affirm", "indicate", "describe", "accuse",
        "announce", "declare", "warn", "suggest", "assert", "argue", "explain", "stress", "tweet",
        "acknowledge", "admit", "deny", "remark", "reply", "comment", "maintain", "respond", "ask", "call",
    }
)  # fmt: skip
# Nouns naming a published text: its owner is the one who says what it says.
DOCUMENT_NOUNS = frozenset({"statement", "readout", "read-out", "transcript", "announcement", "communique", "release"})
# "Mr. Putin's staff said": a possessor's staff speaks for the possessor.
STAFF_NOUNS = frozenset({"staff", "office", "team", "aide", "aides", "spokesman", "spokeswoman", "spokesperson"})
# Head words of a title before a name ("Press Secretary", "National Security Adviser").
ROLE_HEADS = frozenset(
    {
        "secretary", "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "minister", "chief",
        "president", "chancellor", "director", "ambassador", "envoy", "aide", "official", "spokesmen",
        "premier", "governor", "mayor", "leader", "chairman", "chairwoman", "chair", "head", "senator",
    }
)  # fmt: skip
_SPEECH_PARTICIPLES = frozenset(v[:-1] + "ing" if v.endswith("e") else v + "ing" for v in SPEECH_VERBS)
_PRONOUNS = frozenset({"he", "she"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_BODY_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
_LOOKBACK_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a sentence credits: the speaker as named in the text, and the words that credit them."""

    name: str  # the speaker's surface name: "Karoline Leavitt", "White House", "Critics"
    speaker: Span  # where that name stands in the text (for a resolved reference: its antecedent)
    mention: Span  # the words crediting the speaker in the sentence ("he", "the transcript", "Leavitt")
    cue: str  # what credits them: a speech verb's lemma, "according to", or "colon" for "X said:"
    kind: SpeakerKind  # person, body (an organisation or country), or other ("critics", "the two leaders")
    affiliation: str | None = None  # the body a person speaks for, when the text gives their title there


@dataclass(frozen=True, slots=True)
class _Speaker:
    name: str
    span: Span
    kind: SpeakerKind
    affiliation: str | None = None


@dataclass(frozen=True, slots=True)
class _Role:
    """A person named with a title, and the body the title names ("White House Press Secretary X")."""

    offset: int
    person: _Speaker
    title: frozenset[str]
    body: Span | None


@dataclass(slots=True)
class _Index:
    """What one article says about its speakers, built once per article and kept on its spaCy Doc."""

    quoted: list[Span] = field(default_factory=list)
    persons: set[str] = field(default_factory=set)  # full names and last names of PERSON entities
    bodies: set[str] = field(default_factory=set)  # names only ever labelled as organisations or places
    roles: list[_Role] = field(default_factory=list)
    documents: list[tuple[int, _Speaker]] = field(default_factory=list)  # (offset, owner) of owned documents
    pronouns: dict[str, str] = field(default_factory=dict)  # a person's last name -> "he" or "she", when clear


def attribution(article: Article, span: Span) -> Attribution | None:
    """Who the sentence holding `span` credits for what it says, or None when it credits no one.

    Looks in every sentence `span` overlaps, outside quotation marks: first a speech verb governing
    the span, then "according to X", then the speech verb nearest the span; a quotation standing
    alone after "X said:" is credited to X.
    """
    doc = article.doc
    if doc is None or not article.text:
        return None
    index = _index(article)
    sentences = [s for s in doc.sents if s.start_char < max(span.end, span.start + 1) and s.end_char > span.start]
    if not sentences:
        return None
    found = _credit(article, index, sentences, span)
    if found is not None:
        return found
    # A quotation set off after a colon ("..., stating:") belongs to whoever the colon's sentence names.
    previous = doc[sentences[0].start - 1].sent if sentences[0].start > 0 else None
    if previous is not None and previous.text.rstrip().endswith(":"):
        end = previous.end_char
        return _credit(article, index, [previous], Span(end, end), cue_override="colon")
    return None


def _credit(
    article: Article, index: _Index, sentences: list[Any], span: Span, cue_override: str | None = None
) -> Attribution | None:
    outside = [t for s in sentences for t in s if not _inside(index.quoted, t.idx)]
    verbs = [t for t in outside if _is_speech_verb(t)]
    firsts = [t for t in outside if span.start <= t.idx < span.end][:1] or []
    for sentence in sentences:
        inside = [t for t in sentence if span.start <= t.idx < span.end]
        firsts.extend(inside[:1])
    # 1. a speech verb that governs the span: the nearest one up the tree
    for token in firsts:
        for ancestor in token.ancestors:
            if ancestor in verbs:
                found = _subject_of(article, index, ancestor)
                if found is not None:
                    return _attribution(found, ancestor.lemma_.lower(), cue_override)
    # 2. "according to X"
    for token in outside:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
            if objects:
                found = _resolve(article, index, objects[0])
                if found is not None:
                    return _attribution(found, "according to", cue_override)
    # 3. the speech verb nearest the span
    for verb in sorted(verbs, key=lambda v: (_distance(v.idx, span), v.idx)):
        found = _subject_of(article, index, verb)
        if found is not None:
            return _attribution(found, verb.lemma_.lower(), cue_override)
    return None


def _is_speech_verb(token: Any) -> bool:
    if token.lemma_.lower() in SPEECH_VERBS and token.pos_ in ("VERB", "AUX"):
        return True
    # "with Trump saying, ..." is often tagged a noun.
    return token.lower_ in _SPEECH_PARTICIPLES


def _attribution(found: tuple[_Speaker, Span], cue: str, cue_override: str | None) -> Attribution:
    speaker, mention = found
    return Attribution(
        name=speaker.name,
        speaker=speaker.span,
        mention=mention,
        cue=cue_override or cue,
        kind=speaker.kind,
        affiliation=speaker.affiliation,
    )


def _distance(offset: int, span: Span) -> int:
    if offset < span.start:
        return span.start - offset
    return max(0, offset - span.end)


def _subject_of(article: Article, index: _Index, verb: Any) -> tuple[_Speaker, Span] | None:
    """The speaker of a speech verb: its subject, or for "..., saying" the subject of the clause it hangs on."""
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if subjects:
        return _resolve(article, index, subjects[0], strict=False)
    # "the Kremlin said in a statement": no subject only for participles and passives; climb.
    if verb.dep_ == "ROOT" and verb.tag_ == "VBN":
        return None
    # A speech verb further up speaks for the participle ("X suggested that ..., stating ...");
    # otherwise the first subject up the tree that names someone.
    climbed = list(verb.ancestors)
    ordered = [h for h in climbed if _is_speech_verb(h)] + climbed
    for head in ordered:
        subjects = [c for c in head.children if c.dep_ in _SUBJECTS]
        for subject in subjects:
            found = _resolve(article, index, subject, strict=True)
            if found is not None:
                return found
    return None


def _resolve(article: Article, index: _Index, head: Any, strict: bool = False) -> tuple[_Speaker, Span] | None:
    """The speaker a noun phrase names, resolving pronouns, documents and roles.

    `strict` refuses plain common nouns ("negotiations"): used when climbing to a clause's subject.
    """
    mention = Span(head.left_edge.idx, head.right_edge.idx + len(head.right_edge), "mention")
    lower = head.lower_
    if lower in _PRONOUNS:
        person = _antecedent(article, index, head)
        return (person, Span(head.idx, head.idx + len(head), "mention")) if person else None
    if lower in ("they", "it", "we", "i", "you", "this", "that", "who", "which"):
        return None
    lemma = head.lemma_.lower()
    if lemma in DOCUMENT_NOUNS or lower in DOCUMENT_NOUNS:
        owner = _document_owner(article, index, head)
        return (owner, mention) if owner else None
    named = _name_at(article, index, head)
    if named is not None:
        return named, mention
    if lower in STAFF_NOUNS or lemma in STAFF_NOUNS:
        owner = _possessor(article, index, head)
        if owner is not None:
            return owner, mention
    if lower in ROLE_HEADS or lemma in ROLE_HEADS or lower in STAFF_NOUNS:
        person = _role_holder(index, head)
        if person is not None:
            return person, mention
    if strict or head.pos_ not in ("NOUN", "PROPN"):
        return None
    words = [t for t in head.subtree if t.dep_ in ("compound", "amod", "nummod") and t.head == head] + [head]
    words.sort(key=lambda t: t.i)
    start, end = words[0].idx, head.idx + len(head)
    return _Speaker(surface(article.text[start:end]), Span(start, end, "OTHER"), "other"), mention


def _name_at(article: Article, index: _Index, head: Any) -> _Speaker | None:
    """The named person or body `head` belongs to: its entity, or its chain of proper nouns."""
    for entity in article.entities:
        if entity.start <= head.idx < entity.end:
            entity = _without_title(article, entity)
            name = surface(article.span_text(entity))
            if not name:
                return None
            return _named(index, name, Span(entity.start, entity.end, entity.label), entity.label)
    if head.pos_ != "PROPN":
        return None
    chain = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [head]
    start, end = chain[0].idx, head.idx + len(head)
    return _named(index, surface(article.text[start:end]), Span(start, end, "PROPN"), "")


def _named(index: _Index, name: str, span: Span, label: str) -> _Speaker:
    last = name.split()[-1] if name.split() else name
    if name in index.persons or last in index.persons:
        roles = (r.person.affiliation for r in reversed(index.roles) if _same_person(r.person.name, name))
        affiliation = next((a for a in roles if a), None)
        return _Speaker(name, Span(span.start, span.end, "PERSON"), "person", affiliation)
    if label in _BODY_LABELS or name in index.bodies:
        return _Speaker(name, span, "body")
    return _Speaker(name, span, "other")


def _without_title(article: Article, entity: Span) -> Span:
    """A PERSON entity without the title the parser sometimes takes into it ("Spokeswoman Mira Dunn")."""
    if entity.label != "PERSON":
        return entity
    words = list(re.finditer(r"\S+", article.span_text(entity)))
    titled = [n for n, w in enumerate(words[:-1]) if w.group().lower() in ROLE_HEADS]
    if not titled:
        return entity
    return Span(entity.start + words[titled[-1] + 1].start(), entity.end, entity.label)


def _same_person(full: str, name: str) -> bool:
    return full == name or full.split()[-1] == name.split()[-1]


def _possessor(article: Article, index: _Index, head: Any) -> _Speaker | None:
    """The person or body in "X's statement" / "the X statement"; not "its", not "February's"."""
    for child in head.children:
        if (child.dep_ == "poss" or child.dep_ == "compound") and child.pos_ == "PROPN":
            named = _name_at(article, index, child)
            if named is not None and named.kind != "other":
                return named
    return None


def _document_owner(article: Article, index: _Index, head: Any) -> _Speaker | None:
    owner = _named_owner(article, index, head)
    if owner is not None:
        return owner
    # An unowned "the readout": the last document whose owner the text named.
    offsets = [offset for offset, _ in index.documents]
    position = bisect.bisect_left(offsets, head.idx)
    return index.documents[position - 1][1] if position else None


def _named_owner(article: Article, index: _Index, head: Any) -> _Speaker | None:
    """The owner a document mention names itself: possessor, compound, "published by X", "X said in a statement"."""
    owner = _possessor(article, index, head)
    if owner is not None:
        return _as_body(index, owner)
    # "the readout of the call published by X": the parser may hang "published" on "call".
    for agent in (t for t in head.subtree if t.dep_ == "agent" and t.head.dep_ == "acl"):
        for person in (c for c in agent.children if c.dep_ == "pobj"):
            found = _resolve(article, index, person, strict=True)
            if found is not None:
                return _as_body(index, found[0])
    if head.dep_ == "pobj" and head.head.lower_ == "in":
        verb = head.head.head
        if verb.lemma_.lower() in SPEECH_VERBS:
            subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and c.lemma_.lower() not in DOCUMENT_NOUNS]
            if subjects:
                found = _resolve(article, index, subjects[0], strict=True)
                if found is not None:
                    return _as_body(index, found[0])
    return None


def _as_body(index: _Index, speaker: _Speaker) -> _Speaker:
    """A document a titled official published belongs to the body they speak for."""
    if speaker.kind != "person" or speaker.affiliation is None:
        return speaker
    for role in reversed(index.roles):
        same = role.person.affiliation == speaker.affiliation and _same_person(role.person.name, speaker.name)
        if same and role.body is not None:
            return _Speaker(speaker.affiliation, role.body, "body")
    return _Speaker(speaker.affiliation, speaker.span, "body")


def _role_holder(index: _Index, head: Any) -> _Speaker | None:
    """The last person named with the title `head` gives ("the White House press secretary")."""
    words = {t.lower_ for t in head.subtree if (t.i <= head.i and t.dep_ in ("compound", "amod")) or t == head}
    words.discard("the")
    holders = [(r.offset, r.person) for r in index.roles if words <= r.title]
    before = [(offset, person) for offset, person in holders if offset < head.idx]
    chosen = before[-1:] or holders[:1]
    return chosen[0][1] if chosen else None


def _antecedent(article: Article, index: _Index, pronoun: Any) -> _Speaker | None:
    """The person "he" / "she" refers to: the last person who is a sentence's subject, else the last named."""
    doc = pronoun.doc
    sentence = pronoun.sent
    sentences = [sentence]
    while len(sentences) <= _LOOKBACK_SENTENCES and sentences[-1].start > 0:
        sentences.append(doc[sentences[-1].start - 1].sent)
    mentioned: list[tuple[Any, _Speaker]] = []
    for current in sentences:
        people = []
        for token in current:
            if token.i >= pronoun.i or _inside(index.quoted, token.idx) or token.pos_ != "PROPN":
                continue
            if token.dep_ == "compound" and token.head.pos_ == "PROPN":
                continue  # the chain's head stands for the whole name
            named = _name_at(article, index, token)
            if named is not None and named.kind == "person" and _agrees(index, named, pronoun.lower_):
                people.append((token, named))
        if current is not sentence and _pronoun_subject(current, pronoun, index):
            # An earlier sentence whose subject is "she" too: the chain of "she"s starts further back
            # than this reading follows, and the names in between are other people ("her agent, Mark
            # Roesler, said ... She never agreed ... 'I don't ...,' she said"; "He did not say what
            # Reid was treated for. '...,' he said").
            return None
        subjects = [(t, p) for t, p in people if t.dep_ in _SUBJECTS or (t.dep_ == "conj" and t.head.dep_ in _SUBJECTS)]
        if subjects:
            return subjects[-1][1]
        mentioned.extend(reversed(people))
    return mentioned[0][1] if mentioned else None


def _pronoun_subject(sentence: Any, pronoun: Any, index: _Index) -> bool:
    """Whether the sentence's subject is a pronoun of the same kind as `pronoun` ("he"/"she")."""
    kind = _HE if pronoun.lower_ in _HE else _SHE
    root = sentence.root
    return any(t.lower_ in kind and t.dep_ in _SUBJECTS and not _inside(index.quoted, t.idx) for t in root.children)


def _agrees(index: _Index, person: _Speaker, pronoun: str) -> bool:
    """Whether "he" or "she" can stand for the person, as far as the text tells."""
    known = index.pronouns.get(person.name.split()[-1])
    if known is None:
        return True
    return (pronoun in _HE) == (known == "he")


def _inside(regions: list[Span], offset: int) -> bool:
    starts = [r.start for r in regions]
    position = bisect.bisect_right(starts, offset) - 1
    return position >= 0 and regions[position].start <= offset < regions[position].end


def _index(article: Article) -> _Index:
    doc = article.doc
    cached = doc.user_data.get("newsfuse.attribution")
    if isinstance(cached, _Index):
        return cached
    # Imported here: the quote finder itself credits quotations through this module.
    from newsfuse.reconcile.quotes import quoted_regions

    index = _Index(quoted=quoted_regions(article.text))
    labels: dict[str, set[str]] = {}
    for entity in article.entities:
        name = surface(article.span_text(entity))
        if name:
            labels.setdefault(name, set()).add(entity.label)
    for name, seen in labels.items():
        if "PERSON" in seen:
            index.persons.add(name)
            if len(name.split()) > 1:
                index.persons.add(name.split()[-1])
    index.bodies = {name for name, seen in labels.items() if seen <= _BODY_LABELS and name not in index.persons}
    index.roles = _titles(article, index)
    index.pronouns = _pronouns(article, index)
    doc.user_data["newsfuse.attribution"] = index
    index.documents = _documents(article, index)
    return index


_HE = frozenset({"he", "him", "his", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})


def _pronouns(article: Article, index: _Index) -> dict[str, str]:
    """Whether the text calls each person "he" or "she": counted in the sentences that name that
    person alone, and the sentence after, outside quotations. Left out when the count is not clear."""
    counts: dict[str, list[int]] = {}
    sentences = list(article.doc.sents)
    for position, sentence in enumerate(sentences):
        named = {
            n.name.split()[-1]
            for t in sentence
            if t.pos_ == "PROPN" and (n := _name_at(article, index, t)) is not None and n.kind == "person"
        }
        if len(named) != 1:
            continue
        tokens = [t for s in sentences[position : position + 2] for t in s if not _inside(index.quoted, t.idx)]
        tally = counts.setdefault(named.pop(), [0, 0])
        tally[0] += sum(1 for t in tokens if t.lower_ in _HE)
        tally[1] += sum(1 for t in tokens if t.lower_ in _SHE)
    return {
        name: ("he" if he > she else "she")
        for name, (he, she) in counts.items()
        if max(he, she) >= 2 * min(he, she) + 1
    }


def _titles(article: Article, index: _Index) -> list[_Role]:
    """People named with a title ("White House Press Secretary Karoline Leavitt"), and the body it names."""
    doc = article.doc
    found = []
    for entity in article.entities:
        if entity.label != "PERSON":
            continue
        entity = _without_title(article, entity)
        first = doc.char_span(entity.start, entity.end, alignment_mode="expand")
        if first is None or first.start == 0:
            continue
        title: list[Any] = []
        token = doc[first.start - 1]
        while len(title) < 7 and token.sent == first.sent and _title_word(token):
            title.append(token)
            if token.i == 0:
                break
            token = doc[token.i - 1]
        title.reverse()
        words = frozenset(t.lower_ for t in title)
        if not title or not words & ROLE_HEADS:
            continue
        affiliation, body = None, None
        for other in article.entities:
            if other.label == "ORG" and other.start == title[0].idx and other.end < entity.start:
                affiliation, body = surface(article.span_text(other)), Span(other.start, other.end, "ORG")
                break
        name = surface(article.span_text(entity))
        person = _Speaker(name, Span(entity.start, entity.end, "PERSON"), "person", affiliation)
        found.append(_Role(entity.start, person, words, body))
    return found


def _title_word(token: Any) -> bool:
    """A word of a title before a name: capitalised, or a lower-case modifier ("press secretary"), or "of"."""
    if not token.is_alpha:
        return False
    return bool(token.is_title or token.lower_ == "of" or (token.is_lower and token.dep_ in ("compound", "amod")))


def _documents(article: Article, index: _Index) -> list[tuple[int, _Speaker]]:
    """Every statement, readout or transcript whose owner the text names, in text order."""
    documents = []
    for token in article.doc:
        if token.lemma_.lower() in DOCUMENT_NOUNS or token.lower_ in DOCUMENT_NOUNS:
            if _inside(index.quoted, token.idx):
                continue
            owner = _named_owner(article, index, token)
            if owner is not None:
                documents.append((token.idx, owner))
    return documents
