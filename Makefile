# eventatlas: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: demo test bench install install-dev lint typecheck eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/eventatlas demo

# pytest exits 5 when it collects no tests; that is not a failure of the suite.
# The browser tests drive Debian's Chromium (never a browser downloaded by playwright).
test: install-dev
	[ -x /usr/bin/chromium ] && ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || \
	  (apt-get update && apt-get install -y --no-install-recommends chromium postgresql)
	$(BIN)/python -m pytest; rc=$$?; [ $$rc -eq 5 ] && rc=0; exit $$rc

bench: install-dev
	$(BIN)/python bench/run.py
	$(BIN)/python bench/extract_bench.py
	$(BIN)/python bench/fuse_bench.py
	$(BIN)/python bench/api_bench.py
	$(BIN)/python bench/scale_bench.py

eval: install
	for suite in extraction places events actors dedup; do \
	  $(BIN)/eventatlas eval $$suite --check || exit 1; done

lint: install-dev
	$(BIN)/ruff check src tests

typecheck: install-dev
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info eventatlas.db eventatlas.db-*
