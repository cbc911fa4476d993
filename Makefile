# The two commands of a fresh machine:   make run   (the local API)   and   make test   (every check).
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat layers/core/requirements.txt requirements-dev.txt package-lock.json | cksum | cut -d' ' -f1)

PORT ?= 3000
# No "telemetry" notice from the SAM CLI, wherever make runs it.
export SAM_CLI_TELEMETRY := 0

.PHONY: help prereqs setup run test lint unit integration e2e coverage-reset coverage-report sam-validate checkov sam-build build invoke fuzz bench client clean

help:
	@echo "make run     set up .venv/ and serve the API on http://127.0.0.1:$(PORT), the page on /v1/ui (no Docker; another port: make run PORT=3001)"
	@echo "             make run ACCOUNTS=multi: API keys checked, one account per key (.venv/bin/whofree-admin --local, docs/OPERATIONS.md)"
	@echo "make test    set up .venv/ and run every check: ruff, import-linter, pytest (every level, with branch coverage), the fuzzer, sam validate --lint, checkov, sam build + layer check"
	@echo "make unit    the unit tests only: no I/O, no DynamoDB (make integration, make e2e: the other levels)"
	@echo "make invoke FUNCTION=api EVENT=events/availability.json   sam local invoke, without Docker"
	@echo "make build   sam build (no Docker), as for sam deploy"
	@echo "make client  regenerate the Python client package in clients/python from the served OpenAPI document"
	@echo "make bench   run the benchmarks in benchmarks/ (numbers go to docs/BENCHMARKS.md by hand)"

# First of all: what is missing, and how to install it (before pip, npm or Java start).
prereqs:
	@scripts/check-prereqs $(MAKECMDGOALS)

$(STAMP): layers/core/requirements.txt requirements-dev.txt package-lock.json | prereqs
	@python313=$$(scripts/find-python313) && \
	  if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))'; then \
	    rm -rf $(VENV) && "$$python313" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r layers/core/requirements.txt -r requirements-dev.txt
	@{ command -v chromium && command -v chromedriver; } >/dev/null || echo "Chromium is needed for the browser tests (tests/e2e/test_ui.py, marker browser; they skip without it, CI runs them): apt-get install chromium chromium-driver" >&2
	npm ci --no-audit --no-fund --silent
	rm -f $(VENV)/.installed-* && touch $@

# Swagger UI's files (npm swagger-ui-dist, pinned in package.json) go into the package, so that the
# layer build takes them and the function serves them: no CDN at run time. Not in git.
SWAGGER_UI := layers/core/whofree/http/swagger_ui
$(SWAGGER_UI)/.copied: $(STAMP) package-lock.json
	mkdir -p $(SWAGGER_UI)
	cp node_modules/swagger-ui-dist/{swagger-ui.css,swagger-ui-bundle.js,LICENSE,NOTICE} $(SWAGGER_UI)/
	touch $@

# The project itself, editable, for its console script .venv/bin/whofree-admin (pyproject.toml
# [project.scripts], docs/OPERATIONS.md); again whenever pyproject.toml changes.
PROJECT := $(VENV)/.project-$(shell cksum < pyproject.toml | cut -d' ' -f1)
$(PROJECT): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	rm -f $(VENV)/.project-* && touch $@

setup: $(STAMP) $(PROJECT) $(SWAGGER_UI)/.copied

# ACCOUNTS=multi: API keys are checked as API Gateway checks them (keys from whofree-admin --local).
ACCOUNTS ?=
run: prereqs setup
	$(PY) scripts/local_api.py --port $(PORT)$(if $(ACCOUNTS), --accounts $(ACCOUNTS))

FUNCTION ?= api
EVENT ?= events/availability.json
invoke: setup
	@$(PY) scripts/invoke.py $(FUNCTION) $(EVENT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=.:layers/core $(BIN)/lint-imports --no-cache

# One target per level of tests/ (pyproject.toml [tool.pytest.ini_options] says what goes where). Each
# writes a JUnit report to $(REPORTS)/, which .ci/run totals; make test runs them under coverage.
REPORTS := .reports
PYTEST = $(PY) -m pytest

unit: setup
	$(PYTEST) tests/unit --junitxml=$(REPORTS)/unit.xml

integration: setup
	$(PYTEST) tests/integration --junitxml=$(REPORTS)/integration.xml

e2e: setup
	$(PYTEST) tests/e2e --junitxml=$(REPORTS)/e2e.xml

# Branch coverage of the layer (layers/core/whofree) over the three levels, printed per file and in
# total; below 90 % it fails (pyproject.toml [tool.coverage]). Code that runs in a child process (the
# local runner) is not counted.
coverage-reset: setup
	rm -rf $(REPORTS)
	$(PY) -m coverage erase

coverage-report: setup
	$(PY) -m coverage report

# schemathesis against the local runner and DynamoDB Local, ~2.5 minutes; prints its summary.
fuzz: setup
	$(PY) tests/fuzz/run.py

sam-validate: setup
	PATH=$(BIN):$$PATH $(BIN)/sam validate --lint

# checkov over template.yaml against .ci/checkov-baseline.txt (each accepted finding with its reason):
# a new finding, or a baseline line that no longer matches one, fails. checkov has its own venv
# (requirements-checkov.txt says why).
CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed-$(shell cat requirements-checkov.txt | cksum | cut -d' ' -f1)
$(CHECKOV_STAMP): requirements-checkov.txt | prereqs
	@python313=$$(scripts/find-python313) && rm -rf $(CHECKOV_VENV) && "$$python313" -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-checkov.txt
	touch $@

checkov: setup $(CHECKOV_STAMP)
	$(PY) scripts/checkov_baseline.py --checkov $(CHECKOV_VENV)/bin/checkov

# sam build without Docker: makefile build methods, cross-platform pip, compileall with Python 3.13.
sam-build: setup
	PATH=$(BIN):$$PATH WHOFREE_PYTHON=$(CURDIR)/$(PY) $(BIN)/sam build --build-dir .aws-sam/build
	$(PY) scripts/check_layer_build.py .aws-sam/build

build: sam-build

test: PYTEST = $(PY) -m coverage run --append -m pytest
test: prereqs lint coverage-reset unit integration e2e coverage-report fuzz sam-validate checkov sam-build

bench: setup
	$(PY) benchmarks/bench_availability.py
	$(PY) benchmarks/bench_cold_start.py
	$(PY) benchmarks/bench_ui.py
	$(PY) benchmarks/bench_memory.py

# The Python client package in clients/python, generated from the OpenAPI document the code serves (no
# network). Run it after changing a route, a model or an error, and commit clients/python with the change:
# tests/e2e/test_client_package.py fails while the committed package differs from a fresh generation.
client: setup
	$(PY) scripts/generate_client.py

clean:
	rm -rf .aws-sam $(CHECKOV_VENV) .pytest_cache .ruff_cache .hypothesis $(REPORTS) .coverage
