"""`newsfuse add / stories / show / remove` on a SQLite file, and `newsfuse add` killed mid-run."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.library import Library
from newsfuse.report import Report
from tests.conftest import EXAMPLE
from tests.unit.test_library_service import FIRE, assert_consistent

ROOT = Path(__file__).resolve().parents[2]


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def fire_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fire") / "kessel-bay.txt"
    path.write_text(f"Grain store fire in Kessel Bay\n\n{FIRE[0]}\n\n{FIRE[1]}\n", encoding="utf-8")
    return path


def test_add_list_show_and_remove(tmp_path: Path, fire_file: Path) -> None:
    db = str(tmp_path / "library.db")
    code, out, _ = invoke("add", str(EXAMPLE), "--db", db)
    assert code == 0 and "6 new articles stored" in out and "created s1: " in out
    code, out, _ = invoke("add", str(EXAMPLE), str(fire_file), "--db", db)
    assert code == 0 and "1 new article stored, 6 already in the library" in out and "created s2" in out
    code, out, err = invoke("add", str(tmp_path / "missing.txt"), "--db", db)
    assert code == 1 and "E108" in err and "0 new articles stored" in out

    code, out, _ = invoke("stories", "--db", db, "--format", "json")
    listed = json.loads(out)
    assert [s["id"] for s in listed] == ["s2", "s1"]
    assert [(s["articles"], s["independent_sources"]) for s in listed] == [(1, 1), (6, 5)]
    assert listed[1]["disagreements"] > 0 and listed[1]["headline"]
    code, out, _ = invoke("stories", "--db", db)
    assert code == 0 and "s1" in out and "disagreements" in out

    code, out, _ = invoke("show", "s1", "--db", db, "--format", "json")
    report = Report.model_validate_json(out)
    assert code == 0 and report.stories[0].id == "s1" and len(report.stories[0].articles) == 6
    page = tmp_path / "s1.md"
    code, _, _ = invoke("show", "s1", "--db", db, "--format", "markdown", "--output", str(page))
    assert code == 0 and report.stories[0].headline in page.read_text("utf-8")
    code, out, _ = invoke("show", "s1", "--db", db)
    assert code == 0 and report.stories[0].headline[:20] in out

    code, _, err = invoke("show", "s9", "--db", db)
    assert code == 2 and "no story s9" in err and len(err.strip().splitlines()) == 1
    code, out, _ = invoke("remove", "--article", "bay-radio", "--db", db)
    assert code == 0 and "s1 updated" in out
    code, out, _ = invoke("remove", "s2", "--db", db)
    assert code == 0 and "removed s2 and its 1 article" in out
    with Library.open(db) as library:
        assert [(s.id, s.article_count) for s in library.stories()] == [("s1", 5)]
        assert_consistent(library)
    code, _, err = invoke("remove", "--db", db)
    assert code == 2 and "either a STORY or --article ID" in err


def test_db_flag_wins_over_the_environment(tmp_path: Path) -> None:
    env = {"NEWSFUSE_LIBRARY_URL": str(tmp_path / "from-env.db")}
    Library.open(str(tmp_path / "from-env.db")).close()
    assert invoke("stories", env=env)[0] == 0
    code, _, err = invoke("stories", "--db", str(tmp_path / "flag.db"), env=env)
    assert code == 2 and "flag.db does not exist" in err


@pytest.mark.parametrize("command", [("stories",), ("show", "s1"), ("remove", "s1"), ("remove", "--article", "a")])
def test_a_reading_command_refuses_a_library_file_that_does_not_exist(tmp_path: Path, command: tuple[str, ...]) -> None:
    typo = tmp_path / "librray.db"
    code, out, err = invoke(*command, "--db", str(typo))
    assert code == 2 and f"{typo} does not exist" in err and len(err.strip().splitlines()) == 1
    assert "holds no stories" not in out and not typo.exists(), "no empty library is made in its place"


def test_an_unreachable_library_is_one_line_and_exit_2() -> None:
    code, _, err = invoke("stories", "--db", "postgresql://newsfuse:secret@127.0.0.1:9/nothing?connect_timeout=2")
    assert code == 2 and "could not be opened" in err and "secret" not in err


# The child: `newsfuse add` with one service step wrapped so that it kills its own process there.
CHILD = """
import os, signal, sys
from newsfuse.cli import app
from newsfuse.library import service
step = getattr(service, sys.argv[1])
def killing(*args, **kwargs):
    result = step(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
    return result
setattr(service, sys.argv[1], killing)
app(["add", *sys.argv[2:]])
"""


@pytest.mark.slow
@pytest.mark.parametrize("step", ["_resume", "_refresh"])
def test_add_killed_mid_run_leaves_the_library_as_it_was_and_a_rerun_completes(
    tmp_path: Path, fire_file: Path, step: str
) -> None:
    db = str(tmp_path / "library.db")
    assert invoke("add", str(fire_file), "--db", db)[0] == 0
    # Killed after storing the articles (_resume runs next), or after writing a story's report.
    child = subprocess.run(
        [sys.executable, "-c", CHILD, step, str(EXAMPLE), "--db", db],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    with Library.open(db) as library:
        assert [a.id for a in library.articles()] == ["kessel-bay"], "nothing of the killed add remains"
        assert_consistent(library)
    code, out, _ = invoke("add", str(EXAMPLE), "--db", db)
    assert code == 0 and "6 new articles stored" in out
    code, out, _ = invoke("add", str(EXAMPLE), str(fire_file), "--db", db)
    assert "0 new articles stored" in out
    with Library.open(db) as library:
        assert len(library.articles()) == 7
        assert sorted(s.article_count for s in library.stories()) == [1, 6]
        assert_consistent(library)


def test_serve_refuses_to_listen_beyond_loopback_without_a_token(tmp_path: Path) -> None:
    code, _, err = invoke("serve", "--db", str(tmp_path / "library.db"), "--host", "0.0.0.0", env={})
    assert code == 2 and "without a token" in err and "--token" in err


def test_serve_on_a_busy_port_says_so_and_never_that_it_is_serving(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, out, err = invoke("serve", "--db", str(tmp_path / "library.db"), "--port", str(port), env={})
    assert code == 2 and f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err
    assert "serving" not in out + err


def test_serve_answers_head_and_says_it_is_serving_once_it_listens(tmp_path: Path) -> None:
    import socket
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "newsfuse", "serve", "--db", str(tmp_path / "library.db"), "--port", str(port)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.head(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and child.poll() is None, child.stderr and child.stderr.read()
                time.sleep(0.2)
        assert answer.status_code == 200 and answer.content == b""
        assert int(answer.headers["content-length"]) > 0, "HEAD gives GET's headers"
    finally:
        child.terminate()
        _, err = child.communicate(timeout=30)
    assert "serving sqlite:" in err or "serving " in err
    assert f"at http://127.0.0.1:{port}/" in err


def test_stories_are_searched_by_words_and_by_entity(tmp_path: Path) -> None:
    db = str(tmp_path / "library.db")
    assert invoke("add", str(EXAMPLE), "--db", db)[0] == 0
    code, out, _ = invoke("stories", "--db", db, "--format", "json", "--entity", "okonkwo")
    (story,) = json.loads(out)
    assert code == 0 and "Alder Gazette" in story["outlets"] and story["kinds"]["quantity"] == 1
    assert json.loads(invoke("stories", "--db", db, "--format", "json", "--text", "earthquake")[1]) == []


def test_options_and_head_on_an_unknown_path_answer_404_over_a_real_socket(tmp_path: Path) -> None:
    import httpx

    from newsfuse.config import load_config
    from newsfuse.web import WebSettings, create_app
    from tests.conftest import running

    app = create_app(WebSettings(f"sqlite:///{tmp_path / 'library.db'}", load_config(environ={})))
    with running(app) as base:
        for method in ("OPTIONS", "HEAD", "GET"):
            answer = httpx.request(method, f"{base}/no-such-page", timeout=10)
            assert answer.status_code == 404, method
        assert httpx.options(f"{base}/api/stories", timeout=10).headers["allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize(("port", "words"), [("70000", "from 1 to 65535")])
def test_serve_on_an_impossible_port_is_one_line(tmp_path: Path, port: str, words: str) -> None:
    code, _, err = invoke("serve", "--db", str(tmp_path / "library.db"), "--port", port, env={})
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1
