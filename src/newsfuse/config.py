"""Settings: the commented defaults in `default_config.toml`, a user's file, environment, flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from newsfuse.errors import ConfigError

ENV_PREFIX = "NEWSFUSE_"


@dataclass(frozen=True, slots=True)
class IngestConfig:
    max_bytes: int
    fetch_timeout: float
    max_redirects: int
    feed_max_items: int
    user_agent: str
    near_duplicate_threshold: float
    fetch_deadline: float
    allow_private_addresses: bool
    tokenised: bool = False


@dataclass(frozen=True, slots=True)
class HtmlConfig:
    favor: str


@dataclass(frozen=True, slots=True)
class ParseConfig:
    model: str
    batch_size: int


@dataclass(frozen=True, slots=True)
class EmbedConfig:
    backend: str
    model: str
    batch_size: int
    max_length: int
    threads: int
    cache_dir: str
    allow_download: bool


@dataclass(frozen=True, slots=True)
class StoriesConfig:
    model: str
    threshold: float
    candidates: int
    regroup_limit: int
    sample: int
    recent: int


@dataclass(frozen=True, slots=True)
class LibraryConfig:
    url: str


@dataclass(frozen=True, slots=True)
class ServeConfig:
    host: str
    port: int
    token: str


@dataclass(frozen=True, slots=True)
class Config:
    ingest: IngestConfig
    html: HtmlConfig
    parse: ParseConfig
    embed: EmbedConfig
    stories: StoriesConfig = field(
        default=StoriesConfig(model="", threshold=0.0, candidates=8, regroup_limit=30, sample=30, recent=20_000)
    )
    library: LibraryConfig = field(default=LibraryConfig(url="newsfuse.db"))
    serve: ServeConfig = field(default=ServeConfig(host="127.0.0.1", port=8000, token=""))
    sources: tuple[str, ...] = field(default=())

    def with_overrides(self, overrides: dict[str, Any]) -> Config:
        """Return a copy with `{"section.key": value}` overrides applied (None values ignored)."""
        config = self
        for dotted, value in overrides.items():
            if value is None:
                continue
            section_name, key = dotted.split(".", 1)
            section = getattr(config, section_name)
            config = replace(config, **{section_name: replace(section, **{key: value})})
        return config


_SECTIONS = {
    "ingest": IngestConfig,
    "html": HtmlConfig,
    "parse": ParseConfig,
    "embed": EmbedConfig,
    "stories": StoriesConfig,
    "library": LibraryConfig,
    "serve": ServeConfig,
}
_FAVOR = {"balanced", "precision", "recall"}


def default_config_text() -> str:
    return resources.files("newsfuse").joinpath("default_config.toml").read_text("utf-8")


def load_config(path: Path | None = None, environ: dict[str, str] | None = None) -> Config:
    """Read the defaults, then `path` if given, then NEWSFUSE_* environment variables."""
    values: dict[str, dict[str, Any]] = tomllib.loads(default_config_text())
    sources = ["defaults"]
    if path is not None:
        try:
            user = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"config file {path} could not be read ({error}): fix or remove it") from error
        _merge(values, user, str(path))
        sources.append(str(path))
    environ = dict(os.environ) if environ is None else environ
    for name, raw in sorted(environ.items()):
        if not name.startswith(ENV_PREFIX):
            continue
        section, _, key = name[len(ENV_PREFIX) :].lower().partition("_")
        if section in values and key in values[section]:
            values[section][key] = _coerce(raw, values[section][key], name)
            sources.append(name)
    return _build(values, tuple(sources))


def _merge(values: dict[str, dict[str, Any]], user: dict[str, Any], origin: str) -> None:
    for section, entries in user.items():
        if section not in values or not isinstance(entries, dict):
            raise ConfigError(f"{origin}: unknown section [{section}]; known: {', '.join(sorted(values))}")
        for key, value in entries.items():
            if key not in values[section]:
                known = ", ".join(sorted(values[section]))
                raise ConfigError(f"{origin}: unknown setting {section}.{key}; known in [{section}]: {known}")
            values[section][key] = value


def _coerce(raw: str, default: Any, name: str) -> Any:
    try:
        if isinstance(default, bool):
            return raw.lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(raw.replace("_", ""))
        if isinstance(default, float):
            return float(raw)
    except ValueError as error:
        raise ConfigError(f"environment variable {name}={raw!r} is not a {type(default).__name__}") from error
    return raw


def _build(values: dict[str, dict[str, Any]], sources: tuple[str, ...]) -> Config:
    sections = {}
    for name, cls in _SECTIONS.items():
        names = {f.name for f in fields(cls)}
        sections[name] = cls(**{k: v for k, v in values[name].items() if k in names})
    config = Config(sources=sources, **sections)
    if config.html.favor not in _FAVOR:
        raise ConfigError(f"html.favor is {config.html.favor!r}; use one of {', '.join(sorted(_FAVOR))}")
    if config.ingest.max_bytes <= 0:
        raise ConfigError("ingest.max_bytes must be positive")
    stories = config.stories
    if not 0.0 <= stories.threshold < 1.0:
        raise ConfigError(f"stories.threshold is {stories.threshold}; use a probability below 1, or 0 for the model's")
    if min(stories.candidates, stories.regroup_limit, stories.sample, stories.recent) < 1:
        raise ConfigError("stories.candidates, regroup_limit, sample and recent must each be at least 1")
    return config
