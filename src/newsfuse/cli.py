"""The `newsfuse` command: thin commands over importable functions."""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsfuse import __version__
from newsfuse.config import Config, default_config_text, load_config
from newsfuse.errors import ConfigError, InputRejected, NewsfuseError
from newsfuse.pipeline import analyze as run_analyze
from newsfuse.render import render
from newsfuse.render.terminal import renderables
from newsfuse.report import Report, json_schema
from newsfuse.wording import counted

if TYPE_CHECKING:
    from newsfuse.library import Library

app = typer.Typer(
    name="newsfuse",
    help="Reconcile news coverage of one event across outlets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stderr = Console(stderr=True, highlight=False)


class Format(StrEnum):
    terminal = "terminal"
    json = "json"
    markdown = "markdown"
    html = "html"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


def _config(config_file: Path | None, model: str | None) -> Config:
    return load_config(config_file).with_overrides({"parse.model": model})


ConfigOption = Annotated[Optional[Path], typer.Option("--config", help="A TOML file overriding the defaults.")]
DbOption = Annotated[
    Optional[str],
    typer.Option(
        "--db",
        help="The library: a file path, sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DB "
        "(default: $NEWSFUSE_LIBRARY_URL, else library.url, newsfuse.db).",
    ),
]


def _fail(error: NewsfuseError) -> typer.Exit:
    stderr.print(f"[red]error:[/red] {error}", soft_wrap=True)
    return typer.Exit(2)


def _on_reject(rejection: InputRejected) -> None:
    stderr.print(f"[red]rejected:[/red] {rejection.message}", soft_wrap=True)


@contextmanager
def _progress() -> Iterator[tuple[Callable[[str], None] | None, Callable[[str], None] | None]]:
    """Callbacks for (each input read, each later stage) that drive a progress bar on a terminal."""
    if not stderr.is_terminal:
        yield None, None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    ) as progress:
        task = progress.add_task("reading", total=None)

        def on_item(origin: str) -> None:
            progress.update(task, advance=1, description=f"reading {Path(origin).name[:40]}")

        def on_stage(description: str) -> None:
            progress.update(task, description=description)

        yield on_item, on_stage


@app.command()
def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, URLs or feed URLs to read.", show_default=False)],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.terminal,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    config_file: Annotated[
        Optional[Path], typer.Option("--config", help="A TOML file overriding the defaults.")
    ] = None,
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline name or path (parse.model).")] = None,
) -> None:
    """Read articles and report what they say, story by story."""
    try:
        config = _config(config_file, model)
        report = _analyze_with_progress(inputs, config)
    except NewsfuseError as error:
        raise _fail(error) from error
    _write(report, format, output)
    if report.rejected:
        raise typer.Exit(1)


def _write(report: Report, format: Format, output: Path | None) -> None:
    if output is not None:
        output.write_text(render(report, format.value), encoding="utf-8")
        stderr.print(f"wrote {output}", style="dim")
    elif format is Format.terminal:
        console = Console(highlight=False)
        for part in renderables(report):
            console.print(part)
    else:
        sys.stdout.write(render(report, format.value))


def _analyze_with_progress(inputs: list[str], config: Config) -> Report:
    with _progress() as (on_item, _):
        return run_analyze(inputs, config, on_item=on_item, on_reject=_on_reject)


def _open_library(db: str | None, config: Config, *, create: bool = True) -> Library:
    """The library of --db or the settings; the commands that only read or remove pass
    `create=False`, so a mistyped path is refused rather than made an empty library."""
    from newsfuse.library import Library  # SQLAlchemy loads only for the library commands

    # --db wins; load_config has already let NEWSFUSE_LIBRARY_URL override the config file.
    return Library.open(db or config.library.url, create=create)


@app.command()
def add(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, URLs or feed URLs to read.", show_default=False)],
    db: DbOption = None,
    config_file: ConfigOption = None,
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline name or path (parse.model).")] = None,
) -> None:
    """Add articles to the library: each joins its story or starts one, and touched stories are re-reported."""
    from newsfuse.library import service

    try:
        config = _config(config_file, model)
        with _open_library(db, config) as library, _progress() as (on_item, on_stage):
            outcome = service.add(library, inputs, config, on_item=on_item, on_reject=_on_reject, on_stage=on_stage)
            headlines = {s.id: s.headline or "" for s in library.stories()}
    except NewsfuseError as error:
        raise _fail(error) from error
    out = Console(highlight=False)
    out.print(f"{counted(len(outcome.stored), 'new article')} stored, {len(outcome.present):,} already in the library")
    for label, story_ids in (("created", outcome.created), ("updated", outcome.updated)):
        for story_id in story_ids:
            out.print(f"{label} {story_id}: {headlines.get(story_id, '')}", soft_wrap=True)
    for story_id in outcome.merged:
        out.print(f"merged {story_id} into another story")
    if outcome.rejected:
        raise typer.Exit(1)


@app.command("stories")
def list_stories(
    db: DbOption = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    text: Annotated[
        Optional[str], typer.Option("--text", help="Only stories holding all these words (headline, summary, names).")
    ] = None,
    entity: Annotated[
        Optional[str], typer.Option("--entity", help="Only stories naming this entity (any spelling).")
    ] = None,
    config_file: ConfigOption = None,
) -> None:
    """List the library's stories, most recently updated first."""
    from newsfuse.library import service

    try:
        with _open_library(db, load_config(config_file), create=False) as library:
            summaries = service.stories(library, text, entity)
    except NewsfuseError as error:
        raise _fail(error) from error
    if format is ListFormat.json:
        rows = [
            {
                "id": s.id,
                "headline": s.headline,
                "articles": s.article_count,
                "independent_sources": s.independent_sources,
                "disagreements": s.disagreements,
                "kinds": dict(s.kinds),
                "outlets": list(s.outlets),
                "created": s.created.isoformat(timespec="seconds"),
                "updated": s.updated.isoformat(timespec="seconds"),
            }
            for s in summaries
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("id", "headline", "articles", "sources", "disagreements", "updated", box=None)
    for s in summaries:
        updated = s.updated.strftime("%Y-%m-%d %H:%M")
        table.add_row(
            s.id, s.headline or "", *map(str, (s.article_count, s.independent_sources, s.disagreements)), updated
        )
    Console(highlight=False).print(table if summaries else "the library holds no stories yet: `newsfuse add INPUT...`")


@app.command()
def show(
    story: Annotated[str, typer.Argument(help="The story's id, as `newsfuse stories` lists it.", show_default=False)],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.terminal,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    db: DbOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Show a story's report from the library."""
    from newsfuse.library import service

    try:
        with _open_library(db, load_config(config_file), create=False) as library:
            report = service.show(library, story)
    except NewsfuseError as error:
        raise _fail(error) from error
    _write(report, format, output)


@app.command()
def remove(
    story: Annotated[
        Optional[str], typer.Argument(help="The story to delete, with its articles.", show_default=False)
    ] = None,
    article: Annotated[
        Optional[str], typer.Option("--article", help="Delete only this article; its story is re-reported.")
    ] = None,
    db: DbOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Delete a story and its articles, or one article (`--article ID`)."""
    from newsfuse.library import service

    if (story is None) == (article is None):
        stderr.print("[red]error:[/red] give either a STORY or --article ID")
        raise typer.Exit(2)
    try:
        config = load_config(config_file)
        with _open_library(db, config, create=False) as library:
            if story is not None:
                removed = service.remove_story(library, story, config)
                message = f"removed {story} and its {counted(len(removed), 'article')}"
            else:
                assert article is not None
                owner = service.remove_article(library, article, config)
                gone = owner is not None and library.story(owner) is None
                message = f"removed {article}" + (f" ({owner} is now empty and removed)" if gone else "")
                message += f"; {owner} updated" if owner is not None and not gone else ""
    except NewsfuseError as error:
        raise _fail(error) from error
    Console(highlight=False).print(message)


class Engine(StrEnum):
    local = "local"
    ray = "ray"


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(help="JSON-lines, JSON or Parquet files, or folders of them.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for stories/<id>.json and index.json.")],
    engine: Annotated[Engine, typer.Option("--engine", help="Where the stages run.")] = Engine.local,
    address: Annotated[
        Optional[str], typer.Option("--address", help="A Ray cluster to join (ray://HOST:10001 or HOST:6379).")
    ] = None,
    workers: Annotated[
        Optional[int], typer.Option("--workers", min=1, help="Worker processes (ray; default: one per CPU).")
    ] = None,
    config_file: ConfigOption = None,
) -> None:
    """Reconcile a whole corpus: articles grouped into stories, one report per story and an index."""
    from newsfuse.batch import run_batch

    try:
        config = load_config(config_file)
        with _progress() as (_, on_stage):
            result = run_batch(
                inputs, out, config, engine=engine.value, address=address, workers=workers, on_stage=on_stage
            )
    except NewsfuseError as error:
        raise _fail(error) from error
    for rejection in result.rejected:
        stderr.print(f"[red]rejected:[/red] {rejection.message}", soft_wrap=True)
    stories = counted(len(result.stories), "story", "stories")
    Console(highlight=False).print(
        f"{counted(result.articles, 'article')}, {stories} written to {result.out}", soft_wrap=True
    )
    if result.rejected:
        raise typer.Exit(1)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        Optional[str], typer.Option("--host", help="Address to listen on (serve.host; loopback by default).")
    ] = None,
    port: Annotated[Optional[int], typer.Option("--port", help="Port to listen on (serve.port).")] = None,
    token: Annotated[
        Optional[str],
        typer.Option(
            "--token", help="Needed to add or remove articles; required off loopback (serve.token).", show_default=False
        ),
    ] = None,
    config_file: ConfigOption = None,
) -> None:
    """Start the web app and HTTP API over the library (http://127.0.0.1:8000 by default)."""
    import uvicorn

    from newsfuse.web import WebSettings, create_app

    config = load_config(config_file)
    config = config.with_overrides({"serve.host": host, "serve.port": port, "serve.token": token})
    settings = WebSettings(
        library_url=db or config.library.url, config=config, host=config.serve.host, token=config.serve.token or None
    )
    try:
        web = create_app(settings)
        listening = _listen(settings.host, config.serve.port)
    except NewsfuseError as error:
        raise _fail(error) from error
    host, port = listening.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    # Said only now that the socket is bound: a busy port is the error above, never "serving".
    library = web.state.newsfuse.library.url  # the password masked
    stderr.print(f"newsfuse serving {library} at http://{shown}:{port}/", soft_wrap=True)
    server = uvicorn.Server(uvicorn.Config(web, log_level="warning"))
    server.run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or a ConfigError naming the address and the fix."""
    if not 0 <= port <= 65535:
        raise ConfigError(f"newsfuse serve cannot listen on port {port}: pass a --port from 1 to 65535")
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        raise ConfigError(
            f"newsfuse serve cannot listen on {host} ({error.strerror}): pass a --host this machine has, "
            "such as 127.0.0.1"
        ) from error
    listening = socket.socket(family, kind, protocol)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind(address)
        listening.listen(2048)
    except OSError as error:
        listening.close()
        reason = error.strerror or str(error)
        raise ConfigError(
            f"newsfuse serve cannot listen on {host}:{port} ({reason}): pass another --port, or stop what is using it"
        ) from error
    listening.set_inheritable(True)
    return listening


@app.command()
def schema() -> None:
    """Print the JSON Schema of the report."""
    sys.stdout.write(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n")


@app.command()
def models(
    config_file: Annotated[
        Optional[Path], typer.Option("--config", help="A TOML file overriding the defaults.")
    ] = None,
) -> None:
    """Check the models load, and make the embedding model's ONNX export if it is missing."""
    from newsfuse.parse.embeddings import load_embedder, model_location, prepare_onnx
    from newsfuse.parse.nlp import load_pipeline

    try:
        config = load_config(config_file)
        load_pipeline(config.parse.model)
        sys.stdout.write(f"spaCy pipeline: {config.parse.model}\n")
        sys.stdout.write(f"embedding model: {model_location(config.embed.model)} ({config.embed.backend})\n")
        if config.embed.backend == "onnx":
            sys.stdout.write(f"onnx export: {prepare_onnx(config.embed)}\n")
        load_embedder(config.embed).encode(["newsfuse checks its embedding model."])
    except NewsfuseError as error:
        stderr.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error


@app.command("config")
def show_config() -> None:
    """Print the default settings, with what each does."""
    sys.stdout.write(default_config_text())


def version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"newsfuse {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=version_callback, is_eager=True, help="Print the version.")
    ] = None,
) -> None:
    """Reconcile news coverage of one event across outlets."""
