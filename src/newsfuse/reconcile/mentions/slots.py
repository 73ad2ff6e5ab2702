"""What a value is of, from the dependency parse: the slot a mention fills.

A slot is read the same way for every kind of value: the noun the value measures or counts ("70
*people*", "a 10-metre *dhow*", "two hours of *talks*"), the predicate it fills ("*killing* two",
"the tremor *lasted* 30 seconds", "*estimated* the crowd at 70"), that predicate's subject, the
words qualifying the noun ("three *other automatic* rifles"), the content words and names of the
clause, and the cues that place a figure in time ("*rose* to", "*latest*", "*initially*").
Nothing here names one story's words: the alignment model weighs these parts.
"""

from __future__ import annotations

from typing import Any

from newsfuse.document import Article
from newsfuse.reconcile.mentions.mention import Slot

# Words that place a figure in time or say it changed: features for the alignment model, and
# what makes a group of successive figures an update.
CHANGE_CUES = frozenset(
    {
        "rise", "climb", "increase", "jump", "grow", "soar", "mount", "swell", "reach", "revise", "update",
        "raise", "lower", "fall", "drop", "decline", "latest", "initial", "initially", "earlier", "first",
        "later", "now", "final", "preliminary", "previous", "previously", "new", "so far", "toll", "since",
    }
)  # fmt: skip
# Of those, the cues that a figure is one of several over time, not an outlet's rival count.
UPDATE_CUES = frozenset(
    {"rise", "climb", "increase", "jump", "grow", "soar", "mount", "swell", "revise", "update", "raise", "latest",
     "initial", "initially", "earlier", "preliminary", "previous", "previously", "so far"}
)  # fmt: skip
_CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})
_NAMES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART"})
_CLIMB = frozenset({"prep", "pobj", "compound", "amod", "nummod", "quantmod", "npadvmod", "appos", "nmod", "dobj"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "advmod"})
_PARTITIVE_HEADS = frozenset({"of", "including", "among", "besides", "except"})
_WINDOW = 10  # content words this far either side of the value belong to its slot's context
_NEAR = 6  # the tokens this far either side make the value's masked window, when no clause does
_CLAUSE_TOKENS = 25
# Counted or measured by nothing: a bare number that names no noun and fills no predicate.
_NOT_COUNTED = frozenset({"it", "this", "that", "which", "what", "one", "ones", "time", "times"})


def slot_of(article: Article, start: int, end: int, anchor: int, dimension: str) -> Slot | None:
    """The slot of the value at `start:end` (`anchor`: where its unit, or else its number, is), or
    None when a bare number counts nothing: a day of the month, a time, part of a name."""
    doc = article.doc
    if doc is None:
        return Slot(context=frozenset(w.lower() for w in article.text[start - 60 : end + 60].split() if w.isalpha()))
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inside = {t.i for t in span}
    token = next((t for t in span if t.idx <= anchor < t.idx + len(t.text)), span.root)
    if dimension == "count":
        number = next((t for t in span if t.like_num or t.lower_ in _NUMBER_WORDS), token)
        if _part_of_a_name_or_date(number):
            return None
        token = number
    while token.head.i in inside and token.head.i != token.i:  # the amount's own head: "$82 million" -> million
        token = token.head
    noun, partitive = _measured(token, inside, dimension)
    predicate = _predicate(noun if noun is not None else token, inside)
    subject = None
    if predicate is not None:
        subjects = [c for c in predicate.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i not in inside]
        if subjects and (noun is None or subjects[0].i != noun.i):
            subject = _lemma(subjects[0])
        if noun is None and dimension != "date":
            # "estimated the crowd at 70", "put the toll at 10": the object is what the value is of;
            # "the toll rose to 10", "the tremor lasted 30 seconds": the subject is.
            objects = [c for c in predicate.children if c.dep_ == "dobj" and c.i not in inside and c.pos_ != "PRON"]
            if not subjects and predicate.dep_ in {"xcomp", "acomp"}:
                # "the closure is expected to last two weeks", "the bridge will stay shut for a week":
                # the subject of the verb the predicate completes.
                subjects = [
                    c for c in predicate.head.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i not in inside
                ]
            holder = objects[0] if objects else subjects[0] if subjects else None
            if holder is not None and holder.pos_ in {"NOUN", "PROPN"}:
                noun = holder
                subject = None if holder in subjects else subject
    if dimension == "count" and noun is None and predicate is None:
        return None
    if noun is not None and _lemma(noun) in _NOT_COUNTED and predicate is None:
        return None
    modifiers = frozenset(
        _lemma(c) for c in (noun.children if noun is not None else ()) if c.dep_ in _MODIFIER_DEPS and c.i not in inside
    )
    sentence = token.sent
    lo, hi = max(sentence.start, span.start - _WINDOW), min(sentence.end, span.end + _WINDOW)
    context = frozenset(
        _lemma(t) for t in doc[lo:hi] if t.pos_ in _CONTENT and not t.is_stop and t.i not in inside and not t.like_num
    )
    names = frozenset(" ".join(e.text.casefold().split()) for e in sentence.ents if e.label_ in _NAMES)
    near = list(doc[max(sentence.start, span.start - _NEAR) : min(sentence.end, span.end + _NEAR)])
    if predicate is not None:
        # The clause the value is an argument of: its predicate's words, not the next clause's.
        clause = sorted(predicate.subtree, key=lambda t: t.i)
        if 3 <= len(clause) <= _CLAUSE_TOKENS:
            near = clause
    window = " ".join("X" if t.i in inside and (t.like_num or t.lower_ in _NUMBER_WORDS) else t.text for t in near)
    cues = frozenset(_lemma(t) for t in doc[lo:hi] if _lemma(t) in CHANGE_CUES or t.lower_ in CHANGE_CUES)
    return Slot(
        noun=_lemma(noun) if noun is not None else None,
        verb=_lemma(predicate) if predicate is not None else None,
        subject=subject,
        modifiers=modifiers,
        context=context,
        names=names,
        cues=cues,
        partitive=partitive,
        verb_form=_participle(predicate),
        window=" ".join(window.split()),
        owner=_owner(token, noun, predicate, inside),
    )


def _part_of_a_name_or_date(number: Any) -> bool:
    """Whether a bare number belongs to a name ("Route 66"), a day ("November 19") or a time: the
    parser's entity says so, when the entity holds words beside the number (it also calls a
    lone "70" a date, and that is a count)."""
    if number.ent_type_ in {"ORG", "PRODUCT", "LAW", "FAC", "WORK_OF_ART", "EVENT", "ORDINAL"}:
        return True
    if number.ent_type_ not in {"DATE", "TIME"}:
        return False
    entity = next((e for e in number.doc.ents if e.start <= number.i < e.end), None)
    if entity is None:
        return False
    words = [t for t in entity if t.is_alpha and t.lower_ not in _QUALIFIERS and t.lower_ not in _NUMBER_WORDS]
    return bool(words)


_QUALIFIERS = frozenset({"about", "some", "around", "nearly", "almost", "at", "least", "more", "than", "over", "the"})


def _measured(token: Any, inside: set[int], dimension: str) -> tuple[Any | None, bool]:
    """The noun a value measures or counts, and whether it is a part of another set."""
    partitive = any(a.lower_ in _PARTITIVE_HEADS for a in token.ancestors if a.dep_ == "prep")
    # "three of the seven bullets", "30 of the 80 wounded": the set it is a part of.
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].i not in inside:
                noun = objects[0]
                return (noun if noun.pos_ != "PRON" else None), dimension == "count" or partitive
    head = token.head
    if token.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod"} and head.i not in inside:
        if head.pos_ in {"NOUN", "PROPN"}:
            return head, partitive
        if head.pos_ == "ADJ" and head.head.pos_ in {"NOUN", "PROPN"} and head.dep_ == "amod":
            return head.head, partitive  # "an 86-year-old structure", "a 10-metre-long dhow"
        if head.pos_ == "ADJ":
            return head, partitive  # "12 dead", "the 80 wounded"
    if token.pos_ in {"NOUN", "PROPN"} and dimension == "count" and not token.like_num:
        return token, partitive
    # A unit heading "of": "two hours of talks", "200 million euros of damage".
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0], partitive
    # "temperatures of minus 17 degrees", "a toll of 10": the noun the amount is the "of" of.
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in {"NOUN", "PROPN"}:
        return head.head, partitive
    # "worth $80 million": what is worth it.
    if head.lower_ == "worth" or (head.dep_ == "pobj" and head.head.lower_ == "worth"):
        worth = head if head.lower_ == "worth" else head.head
        if worth.head.pos_ in {"NOUN", "PROPN"}:
            return worth.head, partitive
    return None, partitive


def _predicate(token: Any, inside: set[int]) -> Any | None:
    """The verb (or predicative adjective) a value, or the noun it measures, is an argument of."""
    current = token
    for _ in range(6):
        if current.pos_ in {"VERB", "AUX"} and current.i not in inside:
            return current
        if current.dep_ in {"acl", "relcl"} and current.pos_ == "VERB":
            return current
        for child in current.children:  # "70 people injured": the participle after the noun
            if child.dep_ in {"acl", "amod"} and child.pos_ == "VERB" and child.i > current.i:
                return child
        if current.dep_ == "ROOT" or current.head.i == current.i:
            return current if current.pos_ in {"VERB", "AUX", "ADJ"} else None
        if current.dep_ not in _CLIMB and current.dep_ not in {"nsubj", "nsubjpass", "attr", "acomp", "conj", "oprd"}:
            current = current.head
            return current if current.pos_ in {"VERB", "AUX", "ADJ"} else None
        current = current.head
    return None


_OWNER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "EVENT"})


def _owner(token: Any, noun: Any | None, predicate: Any | None, inside: set[int]) -> str | None:
    """The name a value belongs to: the person of an age ("Orozco, 27,", "the 32-year-old
    Klitschko"), the holder of a count or sum ("Klitschko's record", "the Teixeira deal"), or the
    subject naming who did it ("Klitschko dominated over six rounds"); None when no name is that close."""

    def named(candidate: Any | None) -> str | None:
        if candidate is None or candidate.i in inside or candidate.ent_type_ not in _OWNER_LABELS:
            return None
        return str(candidate.lower_)

    for candidate in (noun, token):
        if candidate is None:
            continue
        if candidate.pos_ == "PROPN" and named(candidate):
            return named(candidate)
        if candidate.dep_ == "appos" and named(candidate.head):
            return named(candidate.head)
        for child in candidate.children:
            if child.dep_ in {"poss", "compound", "nmod", "appos"} and named(child):
                return named(child)
    if predicate is not None:
        for child in predicate.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and named(child):
                return named(child)
    return None


def _participle(predicate: Any | None) -> str | None:
    """The predicate as written when a participle ("injured", "killed"): a count's topic reads
    "number of people injured"."""
    if predicate is not None and predicate.tag_ in {"VBN", "VBD"} and predicate.lower_.endswith(("ed", "en", "t")):
        return str(predicate.lower_)
    return None


def _lemma(token: Any) -> str:
    lemma: str = token.lemma_.lower()
    return lemma if lemma.strip() else token.lower_


_NUMBER_WORDS = frozenset(
    {
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
        "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion",
        "dozen", "twice", "once", "thrice",
    }
)  # fmt: skip
