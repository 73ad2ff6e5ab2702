"""The `newsfuse` command: thin commands over importable functions."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsfuse import __version__
from newsfuse.config import Config, default_config_text, load_config
from newsfuse.errors import InputRejected, NewsfuseError
from newsfuse.pipeline import analyze as run_analyze
from newsfuse.render import render
from newsfuse.render.terminal import renderables
from newsfuse.report import Report, json_schema

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


def _config(config_file: Path | None, model: str | None) -> Config:
    return load_config(config_file).with_overrides({"parse.model": model})


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
        stderr.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error
    if output is not None:
        output.write_text(render(report, format.value), encoding="utf-8")
        stderr.print(f"wrote {output}", style="dim")
    elif format is Format.terminal:
        console = Console(highlight=False)
        for part in renderables(report):
            console.print(part)
    else:
        sys.stdout.write(render(report, format.value))
    if report.rejected:
        raise typer.Exit(1)


def _analyze_with_progress(inputs: list[str], config: Config) -> Report:
    def on_reject(rejection: InputRejected) -> None:
        stderr.print(f"[red]rejected:[/red] {rejection.message}", soft_wrap=True)

    if not stderr.is_terminal:
        return run_analyze(inputs, config, on_reject=on_reject)
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

        report = run_analyze(inputs, config, on_item=on_item, on_reject=on_reject)
    return report


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
