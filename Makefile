# Two entry points on a fresh machine: `make serve` (build and serve the example site)
# and `make test` (everything CI runs). Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build test lint browser bench clean

$(BIN)/mkdocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

serve: $(BIN)/mkdocs
	$(BIN)/mkdocs serve --dirty

build: $(BIN)/mkdocs
	$(BIN)/mkdocs build --strict

# Zensical, pinned, in a venv of its own: the tests build the export with it (0.0.73 is the
# newest that installs from the registry here; 0.1.x needs a zensical-ui it lacks).
ZENSICAL := .venv-zensical/bin/zensical
$(ZENSICAL):
	$(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/pip install -q zensical==0.0.73

# Debian's Chromium and CJK fonts for the browser test (Playwright drives /usr/bin/chromium).
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

lint: $(BIN)/mkdocs
	$(BIN)/ruff check mkdocs_logseq tests benchmarks
	$(BIN)/ruff format --check mkdocs_logseq tests benchmarks
	$(BIN)/mypy

test: $(BIN)/mkdocs $(ZENSICAL) browser lint
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest -q

bench: $(BIN)/mkdocs
	NO_MKDOCS_2_WARNING=1 $(BIN)/python benchmarks/run.py --pages 1000 3000 --repeat 3 --profile

clean:
	rm -rf $(VENV) .venv-zensical site .pytest_cache .mypy_cache .ruff_cache
