# Two commands for newcomers: `make lab` and `make test`. Both build .venv/ first when it is
# missing or older than pyproject.toml, with uv: the one on PATH, else one installed into the
# new .venv/ from the package index by pip (a single wheel, seconds), which then installs the
# rest many times faster than pip would. Plain pip is the fallback when uv cannot be had.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.gaptools-installed
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

.PHONY: lab test lint unit notebooks browser bench schema screenshots clean env

env: $(STAMP)

$(STAMP): pyproject.toml jupyter/overrides.json
	@echo "==> Preparing the environment in $(VENV)/"
	@uv=$$(command -v uv || true); \
	if [ -n "$$uv" ]; then \
	    [ -x $(BIN)/python ] || $$uv venv --quiet --python $(PYTHON) $(VENV) || exit 1; \
	else \
	    [ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV) || exit 1; \
	    [ -x $(BIN)/uv ] || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv \
	        || echo "    (uv could not be installed; using pip, which is slower)"; \
	    if [ -x $(BIN)/uv ]; then uv=$(BIN)/uv; fi; \
	fi; \
	if [ -n "$$uv" ]; then \
	    $$uv pip install --quiet --compile-bytecode --python $(BIN)/python -e ".[test]"; \
	else \
	    $(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"; \
	fi
	@# Compiled here, so no command or kernel compiles its imports again, even where
	@# PYTHONDONTWRITEBYTECODE forbids caching them (the dependencies were compiled on install).
	@$(BIN)/python -m compileall -q -j 0 gaptools > /dev/null || true
	@# The PDF's fonts cut to the common scripts, made once here rather than by a first export.
	@$(BIN)/python -m gaptools.export.fonts > /dev/null || true
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
	@# Cold starts are timed: the package is compiled as it is now, not as it was at set-up.
	@$(BIN)/python -m compileall -q -j 0 gaptools > /dev/null || true
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
