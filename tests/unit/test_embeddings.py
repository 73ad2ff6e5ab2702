"""The embedding model: the official files, both backends, and the settings that choose them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newsfuse.config import Config
from newsfuse.errors import ModelError
from newsfuse.parse.embeddings import (
    BACKENDS,
    OFFICIAL_MINILM_SHA256,
    file_sha256,
    load_embedder,
    model_location,
    verify_official,
)

SENTENCES = [
    "The harbour bridge closed on Monday after inspectors found a crack.",
    "Inspectors found a crack, and the bridge over the harbour was shut on Monday.",
    "The lighthouse museum reopens with a new whale exhibit.",
]


def test_the_bundled_model_is_the_official_release(config: Config) -> None:
    folder = model_location(config.embed.model)
    assert isinstance(folder, Path)
    for name, expected in OFFICIAL_MINILM_SHA256.items():
        assert file_sha256(folder / name) == expected
    verify_official(folder)


def test_a_changed_model_file_is_refused(tmp_path: Path) -> None:
    for name in OFFICIAL_MINILM_SHA256:
        (tmp_path / name).write_text("not the model")
    with pytest.raises(ModelError, match="not the official"):
        verify_official(tmp_path)


def test_onnx_vectors_are_unit_length_and_tell_paraphrase_from_other(config: Config) -> None:
    vectors = load_embedder(config.embed).encode(SENTENCES)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.8 > 0.3 > similarity[0, 2]


def test_both_backends_give_the_same_vectors(config: Config) -> None:
    onnx = load_embedder(config.embed).encode(SENTENCES)
    torch = load_embedder(replace(config.embed, backend="sentence-transformers")).encode(SENTENCES)
    assert np.abs(onnx - torch).max() < 1e-4


def test_order_and_batching_do_not_change_a_vector(config: Config) -> None:
    embedder = load_embedder(replace(config.embed, batch_size=2))
    forward = embedder.encode(SENTENCES)
    backward = embedder.encode(SENTENCES[::-1])
    assert np.abs(forward - backward[::-1]).max() < 1e-5


def test_unknown_backend_and_model_say_what_to_set(config: Config) -> None:
    with pytest.raises(ModelError, match=r"embed\.backend"):
        load_embedder(replace(config.embed, backend="word2vec"))
    with pytest.raises(ModelError, match=r"embed\.model"):
        model_location("no_such_model_package")
    assert set(BACKENDS) == {"onnx", "sentence-transformers"}
