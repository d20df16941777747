# Two entry points on a fresh machine: `make serve` (build and serve the example site)
# and `make test` (everything CI runs). Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build test test-oldest lint browser bench bench-large clean

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

# The oldest set pyproject.toml allows (.ci/oldest.txt: every lower bound, pinned), on the oldest
# Python it allows where the machine has it, in a venv of its own. `make test` runs the linters
# there, and the tests that need neither Chromium nor ../shared/corpora (a few minutes; the
# browser and corpus tests exercise the same Python code with the newest set), nor the
# workflow test, which installs the newest set into a venv of its own whatever runs it.
OLDEST := .venv-oldest
OLDEST_PYTHON ?= $(shell python3.11 -c '' 2>/dev/null && echo python3.11 || echo $(PYTHON))
$(OLDEST)/bin/pytest: pyproject.toml .ci/oldest.txt
	rm -rf $(OLDEST)
	$(OLDEST_PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/pip install -q --upgrade pip
	$(OLDEST)/bin/pip install -q -c .ci/oldest.txt -e '.[test]'
	touch $@

test-oldest: $(OLDEST)/bin/pytest $(ZENSICAL)
	$(OLDEST)/bin/ruff check mkdocs_logseq tests benchmarks
	$(OLDEST)/bin/ruff format --check mkdocs_logseq tests benchmarks
	$(OLDEST)/bin/mypy
	NO_MKDOCS_2_WARNING=1 $(OLDEST)/bin/python -m pytest -q -p no:cacheprovider -m "not browser and not corpus and not publish"

lint: $(BIN)/mkdocs
	$(BIN)/ruff check mkdocs_logseq tests benchmarks
	$(BIN)/ruff format --check mkdocs_logseq tests benchmarks
	$(BIN)/mypy

test: $(BIN)/mkdocs $(ZENSICAL) browser lint
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest -q
	$(MAKE) test-oldest

bench: $(BIN)/mkdocs
	NO_MKDOCS_2_WARNING=1 $(BIN)/python benchmarks/run.py --pages 1000 3000 --repeat 3 --profile

bench-large: $(BIN)/mkdocs
	NO_MKDOCS_2_WARNING=1 $(BIN)/python benchmarks/large_page.py --sizes 0.5 1 2 5

clean:
	rm -rf $(VENV) .venv-zensical $(OLDEST) site .pytest_cache .mypy_cache .ruff_cache
