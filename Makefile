# Two commands for newcomers: `make lab` and `make test`. Both build .venv/ first when it is
# missing or older than pyproject.toml. uv is used when it is on PATH; plain pip otherwise.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.gaptools-installed
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

.PHONY: lab test lint unit notebooks browser bench schema screenshots clean env

env: $(STAMP)

$(STAMP): pyproject.toml
	@echo "==> Preparing the environment in $(VENV)/"
	@if command -v uv >/dev/null 2>&1; then \
	    [ -x $(BIN)/python ] || uv venv --quiet --python $(PYTHON) $(VENV); \
	    uv pip install --quiet --python $(BIN)/python -e ".[test]"; \
	else \
	    [ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV); \
	    $(BIN)/python -m pip install --quiet --upgrade pip; \
	    $(BIN)/python -m pip install --quiet -e ".[test]"; \
	fi
	@# Compiled once here, so no process compiles its imports again, even where
	@# PYTHONDONTWRITEBYTECODE forbids caching them: a cold command or kernel starts faster.
	@$(BIN)/python -m compileall -q -j 0 $(VENV)/lib gaptools > /dev/null || true
	@mkdir -p $(LAB_SETTINGS) && cp jupyter/overrides.json $(LAB_SETTINGS)/overrides.json
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/gaptools lab

test: lint unit notebooks browser

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

unit: $(STAMP)
	$(BIN)/pytest tests --ignore=tests/browser -q

# Notebooks run against a throwaway workshop folder so a test never touches your own files.
notebooks: $(STAMP)
	@home=$$(mktemp -d) && \
	GAPTOOLS_HOME=$$home $(BIN)/pytest --nbval-lax --nbval-current-env notebooks -q; \
	status=$$?; rm -rf $$home; exit $$status

browser: $(STAMP)
	$(BIN)/pytest tests/browser -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

schema: $(STAMP)
	$(BIN)/python -m gaptools.core.schema > schema/workshop.schema.json

# Refreshes the README pictures: the forms from a real browser run, the canvas from the
# finished example.
screenshots: $(STAMP)
	GAPTOOLS_SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest tests/browser -q
	mkdir -p build && rm -f build/finished.json build/finished.json.bak
	$(BIN)/gaptools new build/finished.json --example after
	$(BIN)/gaptools export build/finished.json --format png -o docs/screenshots/bet-canvas.png

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
