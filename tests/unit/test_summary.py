"""The summary states someone's words as someone's words (invented texts, one line per sentence)."""

from __future__ import annotations

import re
from datetime import date

from newsfuse.config import Config
from newsfuse.document import Article
from newsfuse.parse import annotate
from newsfuse.parse.embeddings import load_embedder
from newsfuse.reconcile import reconcile
from newsfuse.reconcile.diff import normalized_words

PROMISE = "we will rebuild the north pier before the first winter storms"
# Each outlet sets the harbour master's words its own way: marks and a named speaker; a quotation
# over several lines (one sentence to a line); the same words with no marks at all, told as the
# outlet's own; and one outlet wording the quotation differently.
ARTICLES = {
    "tidings": (
        "A storm tore away half of the north pier in Gullhaven on Sunday night.\n"
        f"“{PROMISE.capitalize()},” harbour master Ilse Varga said on Monday.\n"
        "Fishing boats were moved to the south basin."
    ),
    "courier": (
        "Half of Gullhaven's north pier was torn away by a storm on Sunday night.\n"
        "Harbour master Ilse Varga spoke to reporters on the quay on Monday, saying: “It was a long night.\n"
        f"{PROMISE.capitalize()}.\n"
        "Nobody was hurt.”\n"
        "Fishing boats were moved to the south basin, the harbour office said."
    ),
    "bulletin": (
        "The storm on Sunday night destroyed half of the north pier in Gullhaven.\n"
        f"{PROMISE.capitalize()}, the harbour master told the town council.\n"
        "Fishing boats have been moved to the south basin."
    ),
    "gazette": (
        "Gullhaven lost half of its north pier to a storm on Sunday night.\n"
        "“We will rebuild the pier on the north side before winter,” Ilse Varga said.\n"
        "The fishing boats were moved to the south basin."
    ),
}


def test_a_summary_sentence_carrying_a_quotation_shows_its_marks_its_speaker_and_only_its_articles(
    config: Config,
) -> None:
    articles = [
        Article(id=key, origin=key, text=text, source=key.title(), published=date(2024, 11, 4))
        for key, text in ARTICLES.items()
    ]
    annotate(articles, config.parse)
    story = reconcile(articles, load_embedder(config.embed))
    promise = normalized_words(PROMISE)
    carrying = [s for s in story.summary if " ".join(promise[:5]) in " ".join(normalized_words(s.text))]
    assert carrying, [s.text for s in story.summary]
    texts = {a.id: a.text for a in story.articles}
    for sentence in carrying:
        assert re.search(r"[“\"].*[”\"]", sentence.text), f"no quotation marks: {sentence.text}"
        assert "Varga" in sentence.text, f"no speaker: {sentence.text}"
        for article_id in sentence.articles:
            assert " ".join(promise) in " ".join(normalized_words(texts[article_id])), article_id
        assert "gazette" not in sentence.articles, "the outlet that words it differently is not cited for it"
    for sentence in story.summary:  # and no sentence of the summary is a quotation stripped of its marks
        words = " ".join(normalized_words(sentence.text))
        assert " ".join(promise) not in words or "“" in sentence.text, sentence.text
