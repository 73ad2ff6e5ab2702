"""What the report finds on the reference story, printed for a person to check against the seeds.

    python -m bench.reference_story [--seeds ../shared/seeds]

Prints the disagreements with every version and its evidence, the quotes that have more than one
wording or speaker, the entities merged across forms and spellings, the most corroborated facts,
coverage, the summary and the timeline. The seeds' README says what a careful editor expects:
the length of the call given five ways, statements worded differently and credited to different
sides, names spelled differently, one outlet leaving out what others lead with, one repost.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsfuse.config import load_config
from newsfuse.pipeline import analyze
from newsfuse.report import Story

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show(story: Story) -> None:
    outlets = {a.id: a.source if a.source != a.id else a.id[:3] for a in story.articles}
    print(f"HEADLINE  {story.headline}\n")
    print(f"DISAGREEMENTS ({len(story.disagreements)})")
    for d in story.disagreements:
        verdict = "can all be true" if d.compatible else "cannot all be true"
        print(f"  [{d.kind}] {d.topic} ({verdict})\n    {d.note}")
        for v in d.versions:
            where = ", ".join(outlets[a] for a in v.articles)
            normalized = "" if v.normalized is None else f"  -> {v.normalized}"
            print(f"      - {_short(v.value, 80)!r}{normalized}  [{where}]")
    print(f"\nQUOTES ({len(story.quotes)}); with more than one wording or speaker:")
    for q in story.quotes:
        if len(q.variants) > 1:
            print(f"  {q.speaker}: {_short(q.text, 90)!r} in {len(q.articles)} articles")
            for variant in q.variants:
                where = ", ".join(outlets[a] for a in variant.articles)
                print(f"      - ({variant.speaker}) {_short(variant.text, 80)!r} [{where}]")
    print("\nENTITIES merged from more than one form")
    for e in story.entities:
        if len(e.aliases) > 1:
            print(f"  {e.name} ({e.type}, {len(e.mentions)} articles): {', '.join(e.aliases)}")
    corroborated = [f for f in story.facts if f.independent_sources > 1]
    print(f"\nFACTS: {len(story.facts)}, of which {len(corroborated)} from 2+ independent sources")
    for f in corroborated:
        by = f" (attributed to {f.attributed_to})" if f.attributed_to else ""
        where = ", ".join(outlets[a] for a in f.articles)
        print(f"  {f.independent_sources} [{where}]{by}: {_short(f.text)}")
    print("\nCOVERAGE")
    for c in story.coverage:
        counts = f"states {c.facts_stated}, omits {len(c.omitted)}, alone reports {len(c.unique)}"
        print(f"  {outlets[c.article]:>20}: {counts}")
    print("\nSUMMARY")
    for s in story.summary:
        print(f"  {s.text}  [{', '.join(outlets[a] for a in s.articles)}]")
    print(f"\nTIMELINE ({len(story.timeline)})")
    for t in story.timeline:
        print(f"  {t.date:>10}  {_short(t.text, 90)}  [{', '.join(outlets[a] for a in t.articles)}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="the reference story's folder")
    seeds = parser.parse_args().seeds
    started = time.perf_counter()
    report = analyze([str(seeds)], load_config(environ={}))
    print(f"{seeds}: {len(report.stories[0].articles)} articles in {time.perf_counter() - started:.1f} s\n")
    for story in report.stories:
        show(story)


if __name__ == "__main__":
    main()
