"""Entities of a story: spaCy's named entities merged across forms and spellings.

A name is reduced to a key (case, accents, periods, titles, middle initials and possessives
dropped). Mentions with the same key are one name; full person names spelled slightly
differently ("Zelensky" / "Zelenskyy") merge when the evidence is strong; a bare surname joins
the one full name that ends with it; an acronym joins the one name it abbreviates. The
`EntityIndex` maps any surface form to its canonical name, and spelling differences between
outlets become `name_spelling` disagreements.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from newsfuse.document import Article, Span
from newsfuse.reconcile.evidence import origin
from newsfuse.report import Entity


def _edits(a: str, b: str) -> int:
    """Edits between two spellings, a swap of neighbours counting as one (optimal string alignment)."""
    return int(OSA.distance(a, b))


# People, organisations, places and named things; nationalities, dates and numbers are not entities here.
ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
# Words that stand before a name without being part of it ("US President Donald Trump", "Mr. Putin");
# not those that are also common surnames (King, Prince, Lord, Coach).
_TITLE_WORDS = """
    mr mrs ms miss messrs mx dr prof professor president vice secretary minister chancellor premier senator sen rep
    representative congressman congresswoman gov governor mayor councillor councilor judge justice gen lt col colonel
    capt captain sgt sergeant officer sheriff chief spokesman spokeswoman spokesperson pope rev reverend sir dame
    ambassador envoy commissioner director chairman chairwoman speaker adviser advisor inspector detective engineer
    trooper clerk constable lieutenant lawyer attorney prosecutor marshal councilman councilwoman
"""
TITLES = frozenset(_TITLE_WORDS.split())
# "Trump administration" names the administration, not the person.
_BODY_AFTER_NAME = re.compile(
    r"[ \t]+(administration|government|campaign|cabinet|regime|camp|presidency|era)\b", re.IGNORECASE
)
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "de"})
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_INNER_POSSESSIVE = re.compile(r"['’]s\b")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_INITIALS_END = re.compile(r"(?:^|[\s.])[A-Z]\.[A-Z]\.$")
_AND = re.compile(r"\s+(?:and|&)\s+")
_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
# Words a title-case headline leaves in lower case.
_MINOR_WORDS = frozenset({"and", "but", "for", "nor", "the", "with", "from", "into", "onto", "over", "amid", "after"})
# "a Complete Ceasefire" is a capitalised phrase, not a name.
_ARTICLES = ("a ", "an ")


def surface(text: str) -> str:
    """An entity mention as a name: whitespace collapsed, a possessive 's and a leading "the" dropped."""
    name = " ".join(text.split())
    name = _POSSESSIVE.sub("", name)
    name = _LEADING_THE.sub("", name).strip(" ,;:")
    # "U.S." keeps its last period; a sentence's full stop after a name goes.
    return name if _INITIALS_END.search(name) else name.rstrip(" .")


def name_key(form: str) -> tuple[str, ...]:
    """The comparable words of a name: no case, accents, periods, middle initials or Jr."""
    name = surface(form)
    letters = name.replace(".", "")
    if " " not in name and len(letters) <= 5 and letters.isalpha() and letters.isupper():
        return ("=" + letters.casefold(),)  # an acronym: "US" and "U.S.", never "Us"
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    words = text.replace("’", "'").replace(".", "").replace("-", " ").split()
    while len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        words.pop()
    return tuple(w for i, w in enumerate(words) if len(w) > 1 or i in (0, len(words) - 1))


def _is_title(word: str) -> bool:
    return word.casefold().strip(".,") in TITLES


def without_titles(form: str) -> str:
    """A person's name without the titles before it: "White House Press Secretary Jane Doe" -> "Jane Doe"."""
    words = form.split()
    cut = max((i + 1 for i, w in enumerate(words[:-1]) if _is_title(w)), default=0)
    if cut and len(words) - cut > 2 and words[cut] == "of":
        cut += 2  # "Secretary of State Marco Rubio"
    return " ".join(words[cut:])


def _close_spelling(a: str, b: str) -> bool:
    """Two spellings of one long word: "zelensky"/"zelenskyy", "okonkwo"/"okonkow", not "john"/"joan"."""
    if a == b or not (a.isalpha() and b.isalpha()) or a[0] != b[0] or min(len(a), len(b)) < 5:
        return False
    distance = _edits(a, b)
    return distance == 1 or (distance == 2 and min(len(a), len(b)) >= 8 and a[:4] == b[:4])


@dataclass(frozen=True, slots=True)
class NameMention:
    """One use of a name: the article, where it stands, the form as written, its key and type."""

    article: str
    span: Span
    form: str
    key: tuple[str, ...]
    label: str
    roles: frozenset[str]


@dataclass(slots=True)
class _Group:
    """All mentions with one key."""

    key: tuple[str, ...]
    mentions: list[NameMention] = field(default_factory=list)

    @property
    def label(self) -> str:
        return _majority(m.label for m in self.mentions)

    @property
    def articles(self) -> set[str]:
        return {m.article for m in self.mentions}


def _majority(labels: Iterable[str]) -> str:
    counts = Counter(labels)
    # A tie goes to PERSON, then to the label's name, so the choice never depends on order.
    return max(counts, key=lambda label: (counts[label], label == "PERSON", label))


def _is_heading(text: str, start: int, end: int) -> bool:
    """Whether a mention stands in a title-case line without a full stop (a headline or subheading)."""
    end = start + len(text[start:end].rstrip())
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    words: list[str] = [w for w in _WORD.findall(line) if len(w) > 2 and w not in _MINOR_WORDS]
    if not words or len(words) > 16 or line.endswith((".", "!", "?", ":", '"', "”")):
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _roles(text: str, start: int) -> frozenset[str]:
    """Title words just before a mention: "secretary" in "White House press secretary Jane Doe"."""
    before = text[max(0, start - 60) : start].split("\n")[-1]
    words = [w.casefold().strip(".,") for w in before.split()][-4:]
    return frozenset(w for w in words if w in TITLES)


def _is_adjective(article: Article, start: int, end: int) -> bool:
    """spaCy sometimes labels an adjective ("Ukrainian") as a place; its tagger knows better."""
    if article.doc is None:
        return False
    tokens = article.doc.char_span(start, end, alignment_mode="expand")
    return tokens is not None and all(str(t.tag_) == "JJ" for t in tokens)


def _raw_mentions(article: Article) -> Iterable[tuple[Span, str, str, bool]]:
    """(span, form, label, in_heading) for each usable entity span, split and trimmed."""
    text = article.text
    for span in article.entities:
        if span.label not in ENTITY_TYPES:
            continue
        raw = text[span.start : span.end]
        parts = [(span.start, raw)]
        if span.label == "PERSON":
            # "Messrs. Trump and Putin" can come as one span: two people.
            parts = []
            offset = 0
            for piece in _AND.split(raw):
                at = raw.index(piece, offset)
                parts.append((span.start + at, piece))
                offset = at + len(piece)
        for start, piece in parts:
            end = start + len(piece)
            label = span.label
            if label == "PERSON":
                # A name never has a possessive inside it: "Trump's Push" in a headline is "Trump".
                piece = _INNER_POSSESSIVE.split(piece)[0]
            body = _BODY_AFTER_NAME.match(text, start + len(piece.rstrip()))
            if body and label in {"PERSON", "ORG"}:
                piece, label = f"{piece.rstrip()} {body.group(1)}", "ORG"
            form = surface(piece)
            if label == "PERSON":
                form = without_titles(form)
            if not form or _is_title(form) or not any(c.isalpha() for c in form) or form.startswith(_ARTICLES):
                continue
            if label in _PLACES | {"ORG"} and " " not in form and _is_adjective(article, start, end):
                continue
            yield Span(start, end, label), form, label, _is_heading(text, start, end)


def _mentions(articles: Sequence[Article]) -> list[NameMention]:
    """Every mention of the story; headline spans ("Putin Pushes", "a Complete Ceasefire") only
    where they begin with a name the prose uses."""
    found = [(a, *raw) for a in articles for raw in _raw_mentions(a)]
    # A word the story mostly calls a nationality ("Ukrainian") is not a place when spaCy slips.
    nationality = Counter(surface(a.span_text(s)) for a in articles for s in a.entities if s.label == "NORP")
    named = Counter(form for _, _, form, _, _ in found)
    found = [f for f in found if nationality[f[2]] < named[f[2]]]
    known = {name_key(form) for _, _, form, _, heading in found if not heading}
    mentions = []
    for article, span, form, label, heading in found:
        if heading:
            words = _INNER_POSSESSIVE.split(form)[0].split()
            prefixes = (surface(" ".join(words[:n])) for n in range(len(words), 0, -1))
            form = next((p for p in prefixes if name_key(p) in known), "")
            if not form:
                continue
        key = name_key(form)
        if key:
            mentions.append(NameMention(article.id, span, form, key, label, _roles(article.text, span.start)))
    return mentions


class _Clusters:
    """Union-find over keys, plus the spelling variants each merge relied on."""

    def __init__(self, keys: Iterable[tuple[str, ...]]) -> None:
        self.parent = {k: k for k in keys}
        self.spellings: list[tuple[tuple[str, ...], int, str, str]] = []

    def find(self, key: tuple[str, ...]) -> tuple[str, ...]:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: tuple[str, ...], b: tuple[str, ...]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _merge(groups: dict[tuple[str, ...], _Group]) -> _Clusters:
    clusters = _Clusters(groups)
    full = sorted(k for k, g in groups.items() if len(k) > 1 and g.label == "PERSON")
    for i, a in enumerate(full):
        for b in full[i + 1 :]:
            _merge_full_names(clusters, groups[a], groups[b])
    surnames: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for key in full:
        surnames[key[-1]].add(key)
    for key in sorted(k for k in groups if len(k) == 1):
        _attach_surname(clusters, groups, groups[key], surnames)
    _merge_acronyms(clusters, groups)
    return clusters


def _merge_full_names(clusters: _Clusters, a: _Group, b: _Group) -> None:
    """Join two full person names that are one person written two ways."""
    if a.articles & b.articles and len(a.key) == len(b.key):
        return  # one article naming both is naming two people
    if len(a.key) != len(b.key):
        # A middle name: "Donald John Trump" / "Donald Trump".
        if a.key[0] == b.key[0] and a.key[-1] == b.key[-1] and abs(len(a.key) - len(b.key)) == 1:
            clusters.union(a.key, b.key)
        return
    differ = [i for i, (x, y) in enumerate(zip(a.key, b.key, strict=True)) if x != y]
    if len(differ) != 1 or not _close_spelling(a.key[differ[0]], b.key[differ[0]]):
        return
    slot = -1 if differ[0] == len(a.key) - 1 else differ[0]
    if slot != -1:
        # "Daniel" / "Daniela Smith" may be two people: a first name differing needs the same role too.
        roles_a = frozenset().union(*(m.roles for m in a.mentions))
        roles_b = frozenset().union(*(m.roles for m in b.mentions))
        if not roles_a & roles_b:
            return
    clusters.union(a.key, b.key)
    clusters.spellings.append((a.key, slot, a.key[differ[0]], b.key[differ[0]]))


def _attach_surname(
    clusters: _Clusters,
    groups: dict[tuple[str, ...], _Group],
    bare: _Group,
    surnames: dict[str, set[tuple[str, ...]]],
) -> None:
    """Join a bare surname to the one person it can name; two people sharing it keep it apart."""
    word = bare.key[0]
    people = {clusters.find(k) for k in surnames.get(word, ())}
    fuzzy = False
    # A near-miss spelling needs the word to look like a person: spaCy says so, or a title stands before it.
    person_like = bare.label == "PERSON" or any(m.roles for m in bare.mentions)
    if not people and len(word) >= 7 and person_like:
        close = [k for k in surnames if _close_spelling(word, k)]
        people = {clusters.find(k) for c in close for k in surnames[c]}
        fuzzy = True
    if len(people) != 1:
        return
    person = people.pop()
    members = [g for k, g in groups.items() if len(k) > 1 and clusters.find(k) == person]
    with_full_name = {a for g in members for a in g.articles}
    if fuzzy and bare.articles & with_full_name:
        return  # an article that writes both spellings is naming two people ("Zelensky", "Zelenska")
    # spaCy often calls a bare surname an ORG, and sometimes a place; a place label counts against
    # the person only where the article does not also give the full name.
    person_votes = sum(m.label not in _PLACES or m.article in with_full_name for m in bare.mentions)
    if person_votes * 2 < len(bare.mentions):
        return
    clusters.union(bare.key, person)
    if fuzzy:
        surname = next(g.key[-1] for g in sorted(members, key=lambda g: g.key) if _close_spelling(word, g.key[-1]))
        clusters.spellings.append((person, -1, surname, word))


def _merge_acronyms(clusters: _Clusters, groups: dict[tuple[str, ...], _Group]) -> None:
    """Join "UN" to "United Nations" and "US" to "United States" when only one name fits."""
    long_names: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    for key, group in groups.items():
        words = [w for w in key if w not in _ACRONYM_SKIP]
        if len(words) > 1 and group.label != "PERSON":
            long_names[("".join(w[0] for w in words), group.label)].append(key)
    for key, group in sorted(groups.items()):
        if len(key) == 1 and key[0].startswith("="):
            matches = long_names.get((key[0][1:], group.label), [])
            if len({clusters.find(k) for k in matches}) == 1:
                clusters.union(key, matches[0])


@dataclass(slots=True)
class _Entity:
    """One merged entity, with what the report and the spelling check need."""

    name: str
    label: str
    mentions: list[NameMention]
    # slot (-1: surname, else word position) -> spelling -> the display word as most often written
    spellings: dict[int, dict[str, str]]
    keys: set[tuple[str, ...]]

    def model(self) -> Entity:
        counts = Counter(m.article for m in self.mentions)
        return Entity(
            name=self.name,
            type=self.label,
            aliases=sorted({m.form for m in self.mentions}),
            mentions=dict(sorted(counts.items())),
        )


class EntityIndex:
    """The story's entities, and the canonical name behind any way of writing one."""

    def __init__(self, entities: list[_Entity]) -> None:
        self._entities = entities
        self._by_key: dict[tuple[str, ...], _Entity] = {}
        self._by_surname: dict[str, list[_Entity]] = defaultdict(list)
        for entity in entities:
            for key in entity.keys:
                self._by_key[key] = entity
            if entity.label == "PERSON":
                for spelling in entity.spellings.get(-1, {}):
                    self._by_surname[spelling].append(entity)

    @property
    def entities(self) -> list[Entity]:
        """The report's entities, most widely mentioned first."""
        return [e.model() for e in self._entities]

    def name_mentions(self) -> list[NameMention]:
        """Every use of a name in the story, in a stable order."""
        return sorted((m for e in self._entities for m in e.mentions), key=lambda m: (m.article, m.span.start))

    def canonical(self, surface_form: str) -> str | None:
        """The canonical name for a surface form ("Mr. Putin", "Zelenskyy's", "the Kremlin"), or None."""
        entity = self._lookup(surface_form)
        return entity.name if entity else None

    def entity(self, surface_form: str) -> Entity | None:
        """The report entity a surface form names, or None."""
        found = self._lookup(surface_form)
        return found.model() if found else None

    def _lookup(self, surface_form: str) -> _Entity | None:
        if _AND.search(surface_form):
            return None
        words = [w for w in surface(surface_form).split() if w]
        # Longest first: "Russian President Vladimir Putin" tries itself, then "Vladimir Putin".
        for cut in range(len(words)):
            if cut and not any(_is_title(w) for w in words[:cut]):
                continue
            key = name_key(" ".join(words[cut:]))
            if key in self._by_key:
                return self._by_key[key]
        key = name_key(surface_form)
        if not key:
            return None
        people = self._by_surname.get(key[-1], [])
        if not people and len(key[-1]) >= 7:
            people = [e for s, es in self._by_surname.items() if _close_spelling(s, key[-1]) for e in es]
        people = list({id(e): e for e in people}.values())
        if len(key) > 1:
            people = [e for e in people if not e.spellings.get(0) or key[0] in e.spellings[0]]
        return people[0] if len(people) == 1 else None


def build_entity_index(articles: Sequence[Article]) -> EntityIndex:
    """Merge the story's entity mentions across forms and spellings, once per story."""
    groups: dict[tuple[str, ...], _Group] = {}
    for mention in _mentions(articles):
        groups.setdefault(mention.key, _Group(mention.key)).mentions.append(mention)
    clusters = _merge(groups)
    members: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for key in sorted(groups):
        members[clusters.find(key)].append(key)
    by_id = {a.id: a for a in articles}
    entities = [_entity([groups[k] for k in keys], clusters, by_id) for keys in members.values()]
    entities.sort(key=lambda e: (-len({m.article for m in e.mentions}), -len(e.mentions), e.name))
    return EntityIndex(entities)


def _entity(groups: list[_Group], clusters: _Clusters, articles: dict[str, Article]) -> _Entity:
    mentions = sorted((m for g in groups for m in g.mentions), key=lambda m: (m.article, m.span.start))
    keys = {g.key for g in groups}
    root = clusters.find(groups[0].key)
    full = [g for g in groups if len(g.key) > 1 and g.label == "PERSON"]
    label = _majority(m.label for m in mentions)
    if full and label != "PERSON" and sum(m.label == "PERSON" for m in mentions) * 3 >= len(mentions):
        label = "PERSON"  # a person's bare surname drew ORG labels: the full name decides
    spellings: dict[int, dict[str, str]] = defaultdict(dict)
    for key, slot, a, b in clusters.spellings:
        if clusters.find(key) == root:
            for word in (a, b):
                spellings[slot][word] = _written(word, slot, mentions)
    if label == "PERSON" and full:
        surnames = {g.key[-1] for g in full}
        spellings[-1].update({s: _written(s, -1, mentions) for s in surnames if s not in spellings[-1]})
        firsts = {g.key[0] for g in full}
        if len(firsts) > 1 or 0 in spellings:
            spellings[0].update({s: _written(s, 0, mentions) for s in firsts if s not in spellings[0]})
    name = _canonical_name(groups, mentions, dict(spellings), articles)
    return _Entity(name, label, mentions, dict(spellings), keys)


def _slot_word(key: tuple[str, ...], slot: int) -> str | None:
    if slot == -1:
        return key[-1]
    return key[slot] if slot < len(key) - 1 else None


def _written(word: str, slot: int, mentions: list[NameMention]) -> str:
    """The word as articles most often write it ("Zelenskyy" for "zelenskyy")."""
    counts: Counter[str] = Counter()
    for m in mentions:
        if _slot_word(m.key, slot) == word:
            for w in m.form.split():
                if name_key(w) == (word,):
                    counts[w.strip(".,")] += 1
    return max(counts, key=lambda w: (counts[w], w)) if counts else word.title()


def _canonical_name(
    groups: list[_Group],
    mentions: list[NameMention],
    spellings: dict[int, dict[str, str]],
    articles: dict[str, Article],
) -> str:
    """The fullest common form, in the spelling most independent articles use."""

    def sources(ms: Iterable[NameMention]) -> int:
        return len({origin(articles, m.article) if m.article in articles else m.article for m in ms})

    chosen = {
        slot: max(words, key=lambda w: (sources(m for m in mentions if _slot_word(m.key, slot) == w), w))
        for slot, words in spellings.items()
    }
    forms: dict[str, list[NameMention]] = defaultdict(list)
    for m in mentions:
        forms[m.form].append(m)
    full = [f for f in forms if len(name_key(f)) > 1]
    candidates = full if full and (len(full) < len(forms) or spellings) else list(forms)
    best = max(candidates, key=lambda f: (sources(forms[f]), len(forms[f]), len(name_key(f)), f))
    key = name_key(best)
    words = best.split()
    for slot, spelling in chosen.items():
        current = _slot_word(key, slot)
        if current is not None and current != spelling:
            words = [spellings[slot][spelling] if name_key(w) == (current,) else w for w in words]
    return " ".join(words)


def gather_entities(articles: Sequence[Article]) -> list[Entity]:
    """One entry per entity, merged across forms and spellings, most widely mentioned first."""
    return build_entity_index(articles).entities
