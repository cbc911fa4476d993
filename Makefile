# The two commands of a fresh machine:   make run   (the local API)   and   make test   (every check).
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat layers/core/requirements.txt requirements-dev.txt package-lock.json | cksum | cut -d' ' -f1)

.PHONY: help setup run test lint unit fuzz sam-validate sam-build bench clean

help:
	@echo "make run    set up .venv/ and serve the API on http://127.0.0.1:3000 (no Docker), the page on /v1/ui"
	@echo "make test   set up .venv/ and run every check: ruff, import-linter, pytest, the fuzzer, sam validate --lint, sam build + layer check"
	@echo "make bench  run the benchmarks in benchmarks/ (numbers go to docs/BENCHMARKS.md by hand)"

$(STAMP): layers/core/requirements.txt requirements-dev.txt package-lock.json
	@python313=$$(scripts/find-python313) && \
	  if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))'; then \
	    rm -rf $(VENV) && "$$python313" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r layers/core/requirements.txt -r requirements-dev.txt
	@command -v npm >/dev/null || { echo "npm is needed for the contract tests' Prism mock server: apt-get install nodejs npm" >&2; exit 1; }
	@{ command -v chromium && command -v chromedriver; } >/dev/null || echo "Chromium is needed for the browser tests (tests/browser skip without it; CI runs them): apt-get install chromium chromium-driver" >&2
	npm ci --no-audit --no-fund --silent
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

run: setup
	$(PY) scripts/local_api.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=.:layers/core $(BIN)/lint-imports --no-cache

unit: setup
	$(PY) -m pytest

# schemathesis against the local runner and DynamoDB Local, ~2.5 minutes; prints its summary.
fuzz: setup
	$(PY) tests/fuzz/run.py

sam-validate: setup
	PATH=$(BIN):$$PATH $(BIN)/sam validate --lint

# sam build without Docker: makefile build methods, cross-platform pip, compileall with Python 3.13.
sam-build: setup
	PATH=$(BIN):$$PATH WHOFREE_PYTHON=$(CURDIR)/$(PY) SAM_CLI_TELEMETRY=0 $(BIN)/sam build --build-dir .aws-sam/build
	$(PY) scripts/check_layer_build.py .aws-sam/build

test: lint unit fuzz sam-validate sam-build

bench: setup
	$(PY) benchmarks/bench_availability.py
	$(PY) benchmarks/bench_cold_start.py
	$(PY) benchmarks/bench_ui.py

clean:
	rm -rf .aws-sam .pytest_cache .ruff_cache .hypothesis
