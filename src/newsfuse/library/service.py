"""The library's commands as functions: add articles, list stories, show one, remove.

`add` is one transaction: new articles are stored (by content hash, so a rerun stores nothing
twice), checked against earlier runs' articles for near-copies, placed into stories by the story
clusterer resumed from the library (its saved index; stories loaded as candidates need them), and
every story it touched gets a fresh report. Killed at any point, the library is as it was before; a rerun redoes
the whole add. The slow part that needs no database, reading and parsing the inputs, runs before
the transaction, so other writers wait only for the placement and the reports.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from newsfuse.config import Config, load_config
from newsfuse.document import Article
from newsfuse.errors import InputRejected, LibraryError
from newsfuse.ingest import ingest
from newsfuse.ingest.dedup import jaccard, lsh_bands, shingles
from newsfuse.library.store import (
    Analysis,
    Facets,
    Library,
    SavedIndexes,
    StorySummary,
    Transaction,
    content_hash,
)
from newsfuse.parse import annotate, attach, load_pipeline
from newsfuse.parse.embeddings import Embedder, load_embedder
from newsfuse.reconcile import reconcile
from newsfuse.reconcile.evidence import independent_sources
from newsfuse.report import Report, Story
from newsfuse.stories import ArticleFeatures, StoryClusterer, StoryState, article_features
from newsfuse.stories.cluster import configured

_NUMBERED = re.compile(r"s(\d+)")


@dataclass(frozen=True, slots=True)
class AddOutcome:
    """What `add` did: articles stored or already present (library ids), and stories touched."""

    stored: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    merged: tuple[str, ...] = ()  # stories absorbed into another, so gone
    rejected: tuple[InputRejected, ...] = field(default=())


def add(
    library: Library,
    inputs: Iterable[str],
    config: Config,
    *,
    on_item: Callable[[str], None] | None = None,
    on_reject: Callable[[InputRejected], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> AddOutcome:
    """Read the inputs and add their articles to the library; unreadable inputs land in `rejected`."""
    ingested = ingest(inputs, config, on_item=on_item)
    if on_reject is not None:
        for rejection in ingested.rejected:
            on_reject(rejection)
    outcome = add_articles(library, ingested.articles, config, on_stage=on_stage)
    return replace(outcome, rejected=tuple(ingested.rejected))


def add_articles(
    library: Library,
    articles: Sequence[Article],
    config: Config,
    *,
    embedder: Embedder | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> AddOutcome:
    """Store new articles, place them into stories and refresh the touched stories' reports."""
    stage = on_stage or (lambda _: None)
    if not articles:
        return AddOutcome()
    with library.transaction() as tx:
        known = tx.ids_by_hash(content_hash(a.text, a.source) for a in articles)
    # Parsed outside the transaction; an article another process stores meanwhile is just present.
    new = [a for a in articles if content_hash(a.text, a.source) not in known]
    embedder = embedder or load_embedder(config.embed)
    if new:
        stage(f"parsing {len(new)} new article{'s' if len(new) != 1 else ''}")
        annotate(new, config.parse)
    features = {f.article_id: f for f in article_features(new, embedder)}
    with library.transaction() as tx:
        tx.lock()
        return _add_in(tx, articles, features, config, embedder, stage)


def _add_in(
    tx: Transaction,
    articles: Sequence[Article],
    features: dict[str, ArticleFeatures],
    config: Config,
    embedder: Embedder,
    stage: Callable[[str], None],
) -> AddOutcome:
    result = tx.add_articles(articles)
    library_id = {a.id: library for a, library in zip(articles, result.library_ids, strict=True)}
    stored = set(result.stored)
    fresh: list[Article] = []  # the stored articles under their library ids, copies pointing at library ids
    batch_id: dict[str, str] = {}
    for article in articles:
        if library_id[article.id] not in stored or library_id[article.id] in batch_id:
            continue
        batch_id[library_id[article.id]] = article.id
        original = library_id.get(article.duplicate_of) if article.duplicate_of else None
        if original != article.duplicate_of:
            tx.set_duplicate_of(library_id[article.id], original)
        fresh.append(replace(article, id=library_id[article.id], duplicate_of=original))
    if not fresh:
        return AddOutcome(present=tuple(i for i in dict.fromkeys(result.present) if i not in stored))
    fresh = _copies_of_earlier_runs(tx, fresh, config.ingest.near_duplicate_threshold)
    unparsed = [a for a in fresh if a.doc is None]
    if unparsed:  # removed from the library between the check and this transaction: rare
        annotate(unparsed, config.parse)
    placed_features: dict[str, ArticleFeatures] = {}
    for article in fresh:
        item = features.get(batch_id[article.id])
        if item is None:
            (item,) = article_features([article], embedder)
        placed_features[article.id] = replace(item, article_id=article.id)
        tx.save_analysis(article.id, Analysis(placed_features[article.id].to_record(), *_pack(article, config)))

    stage("placing articles into stories")
    clusterer = _resume(tx, config, dimensions=next(iter(placed_features.values())).vector.shape[0])
    stored_story = tx.story_of(a.duplicate_of for a in fresh if a.duplicate_of)
    # Originals before their copies, then by publication date: the order a reader would have met them.
    order = sorted(range(len(fresh)), key=lambda i: (fresh[i].duplicate_of is not None, _when(fresh[i]), i))
    for index in order:
        article = fresh[index]
        item = placed_features[article.id]
        original = article.duplicate_of
        key = clusterer.story_of(original) if original else None
        if original and key is None and original in stored_story:
            key = story_key(stored_story[original])
        if key is not None:
            clusterer.join(key, item, copy_of=original)
        else:
            clusterer.add(item)

    created, alive, merged = _keep(tx, clusterer)

    parsed = {a.id: a for a in fresh}
    for story in alive:
        stage(f"reconciling story {story}")
        _refresh(tx, story, parsed, config, embedder)
    return AddOutcome(
        stored=tuple(a.id for a in fresh),
        present=tuple(i for i in dict.fromkeys(result.present) if i not in stored),
        created=tuple(created),
        updated=tuple(story for story in alive if story not in created),
        merged=tuple(merged),
    )


def _copies_of_earlier_runs(tx: Transaction, fresh: list[Article], threshold: float) -> list[Article]:
    """The new articles, each near-copy of an article added in an earlier run marked as its copy (a
    repost is not a second source, whichever run brought it); every new article's band keys kept."""
    batch = {a.id for a in fresh}
    marked = []
    for article in fresh:
        words = shingles(article.text)
        bands = lsh_bands(words, threshold)
        if article.duplicate_of is None:
            earlier = {other.id: other for other in tx.articles(sorted(tx.articles_with_bands(bands) - batch))}
            scored = [(jaccard(words, shingles(other.text)), other.id) for other in earlier.values()]
            similarity, match = max(scored, default=(0.0, ""))
            if similarity >= threshold:
                original = earlier[match].duplicate_of or match  # a copy of a copy names the first original
                because = f"{similarity:.0%} of its word 5-grams are shared with {match}, added earlier"
                because = "; ".join(filter(None, (article.syndicated_because, because)))
                tx.mark_copy(article.id, original, because)
                article = replace(article, duplicate_of=original, syndicated=True, syndicated_because=because)
        tx.save_bands(article.id, bands)
        marked.append(article)
    return marked


def stories(
    library: Library, text: str | None = None, entity: str | None = None, limit: int | None = None, offset: int = 0
) -> list[StorySummary]:
    """The library's stories, most recently updated first; searched by words and by entity when given."""
    return library.stories(text, entity, limit, offset)


def show(library: Library, story_id: str) -> Report:
    """A story's stored report, as a whole report (the JSON contract) holding that one story."""
    detail = library.story(story_id)
    if detail is None or detail.report is None:
        raise LibraryError(f"no story {story_id} in the library {library.url}: `newsfuse stories` lists them")
    story = Story.model_validate_json(detail.report)
    return Report(generated_at=detail.summary.updated.replace(microsecond=0), stories=[story])


def remove_story(
    library: Library, story_id: str, config: Config | None = None, *, embedder: Embedder | None = None
) -> list[str]:
    """Delete a story and its articles; the ids of the articles deleted. Copies of them in other
    stories are re-pointed (see `Transaction.release_copies`) and those stories re-reported."""
    with library.transaction() as tx:
        tx.lock()
        detail = tx.story(story_id)
        if detail is None:
            raise LibraryError(f"no story {story_id} in the library {library.url}: `newsfuse stories` lists them")
        changed = tx.release_copies(detail.article_ids)
        _repoint_states(tx, changed)
        key = story_key(story_id)
        if key is not None and tx.states([story_id]):
            clusterer = _resume(tx)
            clusterer.drop(key)
            _keep(tx, clusterer)
        removed = tx.remove_story(story_id)
        _refresh_stories_of(tx, list(changed), config, embedder)
        return removed


def remove_article(
    library: Library, article_id: str, config: Config, *, embedder: Embedder | None = None
) -> str | None:
    """Delete one article; its story is refreshed, or deleted when it was its last article. Its
    copies are re-pointed (see `Transaction.release_copies`) and their stories re-reported.

    Returns the id of the story it was in, if any.
    """
    with library.transaction() as tx:
        tx.lock()
        story_id = tx.story_of([article_id]).get(article_id)
        analysis = tx.analyses([article_id]).get(article_id)
        changed = tx.release_copies([article_id])
        _repoint_states(tx, changed)
        try:
            tx.remove_article(article_id)
        except LookupError as error:
            raise LibraryError(
                f"no article {article_id} in the library {library.url}: `newsfuse show STORY` lists a story's articles"
            ) from error
        _refresh_stories_of(tx, list(changed), config, embedder, skip={story_id} if story_id else set())
        if story_id is None:
            return None
        key = story_key(story_id)
        if key is not None and analysis is not None and tx.states([story_id]):
            clusterer = _resume(tx, config)
            clusterer.remove(key, ArticleFeatures.from_record(analysis.features))
            _keep(tx, clusterer)
        if not tx.member_ids(story_id):
            if tx.story(story_id) is not None:
                tx.drop_story(story_id)
            return story_id
        _refresh(tx, story_id, {}, config, embedder or load_embedder(config.embed))
        return story_id


def _repoint_states(tx: Transaction, changed: dict[str, str | None]) -> None:
    """Give the clusterer's saved states the copies' new originals, as `release_copies` gave the rows."""
    owners = tx.story_of(changed)
    for story_id, record in sorted(tx.states(set(owners.values())).items()):
        state = StoryState.from_record(record)
        for copy, original in changed.items():
            if owners.get(copy) != story_id:
                continue
            if original is None:
                state.copies.pop(copy, None)
            else:
                state.copies[copy] = original
        tx.save_state(story_id, state.to_record())


def _refresh_stories_of(
    tx: Transaction,
    article_ids: Sequence[str],
    config: Config | None,
    embedder: Embedder | None,
    skip: set[str] | None = None,
) -> None:
    """Re-report the stories these articles are in (their copies' links changed)."""
    stories = sorted(set(tx.story_of(article_ids).values()) - (skip or set()))
    if not stories:
        return
    config = config or load_config(environ={})
    embedder = embedder or load_embedder(config.embed)
    for story_id in stories:
        _refresh(tx, story_id, {}, config, embedder)


def story_key(story_id: str) -> int | None:
    """The clusterer's key of a story: s12 -> 12."""
    match = _NUMBERED.fullmatch(story_id)
    return int(match.group(1)) if match else None


class _Stories:
    """The library, as the story clusterer's store: stories and articles' features loaded as needed."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def load_states(self, keys: Sequence[int]) -> list[StoryState]:
        records = self._tx.states(f"s{key}" for key in keys)
        return [StoryState.from_record(record) for _, record in sorted(records.items())]

    def load_features(self, article_ids: Sequence[str]) -> list[ArticleFeatures]:
        analyses = self._tx.analyses(article_ids)
        return [ArticleFeatures.from_record(analyses[i].features) for i in article_ids if i in analyses]

    def indexed_members(self, keys: Sequence[int]) -> dict[int, tuple[str, int]]:
        found = {}
        for key, (article_id, story_id) in self._tx.indexed_members(keys).items():
            if (story := story_key(story_id)) is not None:
                found[key] = (article_id, story)
        return found


def _resume(tx: Transaction, config: Config | None = None, dimensions: int = 384) -> StoryClusterer:
    """The clusterer as the library left it: its saved indexes, its stories loaded as they come up."""
    saved = tx.story_index()
    model, settings = configured(config.stories if config else None)
    return StoryClusterer.resume(
        saved.stories_data,
        _Stories(tx),
        stories=saved.stories,
        next_key=tx.next_story_key(),
        articles=saved.articles_data,
        next_article=saved.next_article,
        dimensions=dimensions,
        model=model,
        settings=settings,
    )


def _keep(tx: Transaction, clusterer: StoryClusterer) -> tuple[list[str], list[str], list[str]]:
    """Save what the clusterer changed: memberships, story states, index keys and the indexes.

    Returns the stories (created, changed including created, merged away or emptied).
    """
    changes = clusterer.changes()
    created: list[str] = []
    alive: list[str] = []
    for state in changes.states:
        story_id = f"s{state.key}"
        if tx.story(story_id) is None:
            created.append(story_id)
        tx.assign(story_id, state.members)
        tx.save_state(story_id, state.to_record())
        alive.append(story_id)
    gone = [f"s{key}" for key in changes.removed if tx.story(f"s{key}") is not None]
    for story_id in gone:
        if not tx.member_ids(story_id):
            tx.drop_story(story_id)
    tx.set_index_keys(changes.indexed)
    tx.save_story_index(
        SavedIndexes(
            clusterer.index_bytes() if changes.stories else None,
            changes.stories,
            clusterer.article_index_bytes() if changes.stories else None,
            changes.next_article,
        )
    )
    tx.set_next_story_key(changes.next_key)
    return created, alive, [story_id for story_id in gone if story_id not in alive]


def _refresh(tx: Transaction, story_id: str, parsed: dict[str, Article], config: Config, embedder: Embedder) -> None:
    """Reconcile a story's articles again and keep its report and figures."""
    member_ids = tx.member_ids(story_id)
    need = [i for i in member_ids if i not in parsed]
    loaded = tx.articles(need)
    analyses = tx.analyses(need)
    unparsed = [a for a in loaded if not _unpack(a, analyses.get(a.id), config)]
    if unparsed:  # parsed by another spaCy pipeline, or never: parse now and keep it
        annotate(unparsed, config.parse)
        for article, item in zip(unparsed, article_features(unparsed, embedder), strict=True):
            previous = analyses.get(article.id)
            tx.save_analysis(
                article.id, Analysis(previous.features if previous else item.to_record(), *_pack(article, config))
            )
    members = sorted([parsed[i] for i in member_ids if i in parsed] + loaded, key=lambda a: (_when(a), a.id))
    story = reconcile(members, embedder).model_copy(update={"id": story_id})
    tx.save_report(
        story_id,
        json.dumps(story.model_dump(mode="json"), ensure_ascii=False, sort_keys=True),
        independent_sources=independent_sources([a.id for a in members], {a.id: a for a in members}),
        disagreements=len(story.disagreements),
        headline=story.headline,
        facets=facets(story),
    )


def facets(story: Story) -> Facets:
    """What the library lists and searches of a story: named outlets, disagreement kinds, words, names."""
    # An outlet the text does not name has its file name as `source` (the contract): not an outlet.
    outlets = tuple(dict.fromkeys(a.source for a in story.articles if a.source != a.id))
    kinds: dict[str, int] = {}
    for disagreement in story.disagreements:
        kinds[disagreement.kind] = kinds.get(disagreement.kind, 0) + 1
    names = [name for entity in story.entities for name in (entity.name, *entity.aliases)]
    words = [story.headline, *(s.text for s in story.summary), *(a.title or "" for a in story.articles)]
    return Facets(
        outlets=outlets,
        kinds=tuple(sorted(kinds.items())),
        search_text=" ".join(" ".join(words + list(outlets) + names).casefold().split()),
        entity_text="".join(f"|{' '.join(name.casefold().split())}" for name in dict.fromkeys(names)) + "|",
    )


def _when(article: Article) -> tuple[bool, date]:
    return (article.published is None, article.published or date.min)


def _pack(article: Article, config: Config) -> tuple[bytes, str]:
    """An article's parse as compressed bytes (user_data holds only the reconcile stage's caches)."""
    data = article.doc.to_bytes(exclude=["tensor", "user_data"])
    return zlib.compress(data, 6), config.parse.model


def _unpack(article: Article, analysis: Analysis | None, config: Config) -> bool:
    """Give a stored article its kept parse; False when there is none from this spaCy pipeline."""
    if analysis is None or analysis.parse is None or analysis.parse_model != config.parse.model:
        return False
    from spacy.tokens import Doc

    doc = Doc(load_pipeline(config.parse.model).vocab).from_bytes(zlib.decompress(analysis.parse))
    if doc.text != article.text:
        return False
    attach(article, doc)
    return True
