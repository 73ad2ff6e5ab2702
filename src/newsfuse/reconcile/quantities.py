"""Quantity disagreements: aligned amounts whose stated values differ between independent sources.

Amounts come from `mentions/amounts.py`, are aligned by the slot they fill (`align.py`), and each
aligned group becomes a disagreement when independent articles state different values: "about
130" and "130" state one value, "70" and "100" two. Versions are the distinct wordings with their
intervals; `compatible` is whether all intervals meet (closed ends: two versions that only touch
are compatible). A group whose figures say they changed ("rose to", "latest", "initially") is an
update: its versions are successive figures, ordered by when each held.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from newsfuse.document import Article
from newsfuse.reconcile.evidence import disagreements_of, evidence, origin, stable_id
from newsfuse.reconcile.mentions import Mention
from newsfuse.reconcile.mentions.slots import UPDATE_CUES
from newsfuse.reconcile.mentions.values import Unit, display_unit, in_display_unit
from newsfuse.report import Disagreement, Evidence, QuantityRange, Version

_TOPICS = {
    "count": "number of {thing}",
    "times": "number of times {thing}",
    "duration": "length of the {thing}",
    "length": "length of the {thing}",
    "money": "amount of the {thing}",
    "percent": "percentage of the {thing}",
    "age": "age of the {thing}",
}


def quantity_disagreements(groups: Sequence[Sequence[Mention]], articles: dict[str, Article]) -> list[Disagreement]:
    """One `quantity` disagreement per aligned group of amounts whose independent sources differ."""
    return disagreements_of(groups, articles, quantity_disagreement)


def quantity_disagreement(members: Sequence[Mention], articles: dict[str, Article]) -> Disagreement | None:
    """The disagreement of one aligned group, or None when its independent sources state one value."""
    if not any(
        origin(articles, a.article.id) != origin(articles, b.article.id) and not a.states_the_same(b)
        for n, a in enumerate(members)
        for b in members[n + 1 :]
    ):
        return None
    position = {article_id: n for n, article_id in enumerate(articles)}
    ordered = sorted(members, key=lambda m: (position[m.article.id], m.span.start))
    units = [m.unit for m in ordered if m.unit is not None]
    shown = display_unit(units, [(m.low, m.high) for m in ordered]) if units else None
    versions: dict[tuple[str, float | None, float | None], tuple[str, list[str], list[Evidence], date | None]] = {}
    for mention in ordered:
        key = (mention.label, mention.low, mention.high)
        _, ids, proofs, _ = versions.setdefault(key, (mention.text, [], [], mention.article.published))
        if mention.article.id not in ids:
            ids.append(mention.article.id)
        proof = evidence(mention.article, mention.span)
        if proof not in proofs:
            proofs.append(proof)
    update = _is_update(members)
    if update:
        order = sorted(versions.items(), key=lambda v: (v[1][3] is None, v[1][3] or date.min, _low(v[0][1])))
    else:
        order = sorted(versions.items(), key=lambda v: (_low(v[0][1]), _high(v[0][2]), v[0][0]))
    report_versions = [
        Version(
            value=wording,
            normalized=QuantityRange(min=_shown(low, shown), max=_shown(high, shown), unit=_unit_name(shown, members)),
            articles=ids,
            evidence=proofs,
            as_of=when.isoformat() if update and when else None,
        )
        for (_, low, high), (wording, ids, proofs, when) in order
    ]
    bounds = [(low, high) for (_, low, high), _ in order]
    compatible = _compatible(bounds)
    topic = topic_of(members)
    first, last = report_versions[0].value, report_versions[-1].value
    if update:
        note = f"The {topic} changed as the story went on: {'; then '.join(v.value for v in report_versions)}."
    elif compatible:
        note = (
            f"The articles give the {topic} as anything from '{first}' to '{last}'; all of these can be true at once."
        )
    else:
        lowest_high = min(range(len(bounds)), key=lambda i: (_high(bounds[i][1]), i))
        highest_low = max(range(len(bounds)), key=lambda i: (_low(bounds[i][0]), -i))
        note = (
            f"The articles give the {topic} as anything from '{first}' to '{last}'; "
            f"'{report_versions[lowest_high].value}' and '{report_versions[highest_low].value}' cannot both be true."
        )
    identity = sorted(f"{m.article.id}|{m.span.start}" for m in members)
    return Disagreement(
        id=stable_id("disagreement", "quantity", *identity),
        kind="quantity",
        topic=topic,
        versions=report_versions,
        compatible=compatible or update,
        note=note,
        update=update,
    )


def topic_of(members: Sequence[Mention]) -> str:
    """What a group measures, in words: "number of people injured", "length of the call"."""
    dimension = Counter(m.dimension for m in members).most_common(1)[0][0]
    nouns = Counter(m.slot.noun for m in members if m.slot.noun)
    verbs = Counter(m.slot.verb_form for m in members if m.slot.verb_form)
    subjects = Counter(m.slot.subject for m in members if m.slot.subject)
    noun = _most_common(nouns) or _most_common(subjects)
    if dimension in {"count", "times"}:
        thing = " ".join(filter(None, (noun, _most_common(verbs)))) or "them"
    else:
        thing = noun or _most_common(Counter(m.slot.verb for m in members if m.slot.verb)) or "it"
    template = _TOPICS.get(dimension, dimension + " of the {thing}")
    return template.format(thing=thing)


def _most_common(counts: Counter[str]) -> str | None:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[0][0] if ranked else None


def _is_update(members: Sequence[Mention]) -> bool:
    """Successive figures of one thing: a member says the figure changed or is the latest."""
    return any(m.slot.cues & UPDATE_CUES for m in members)


def _shown(value: float | None, unit: Unit | None) -> float | None:
    if unit is None:
        return None if value is None else float(round(value, 6))
    return in_display_unit(value, unit)


def _unit_name(unit: Unit | None, members: Sequence[Mention]) -> str:
    if unit is not None:
        return unit.name
    dimension = members[0].dimension
    return {"times": "times", "magnitude": "magnitude"}.get(dimension, "count")


def _compatible(bounds: Sequence[tuple[float | None, float | None]]) -> bool:
    """Whether all intervals share a point (closed ends, so touching intervals are compatible)."""
    highest_low = max(_low(low) for low, _ in bounds)
    lowest_high = min(_high(high) for _, high in bounds)
    return highest_low <= lowest_high + 1e-9


def _low(value: float | None) -> float:
    return float("-inf") if value is None else value


def _high(value: float | None) -> float:
    return float("inf") if value is None else value
