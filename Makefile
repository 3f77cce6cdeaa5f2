# renkei — two commands: `make run` and `make test` (`make dev` while changing the code).
# Only Python >= 3.11 is needed; uv is bootstrapped into .tools/ and installs from uv.lock.
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Where `make run` and `make dev` listen: ADDR=127.0.0.1:8765 make run
ADDR ?= 127.0.0.1:8000

.PHONY: setup run dev test lint typecheck pytest test-big-import test-browser test-postgres schemathesis bench messages clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv>=0.5,<1"

$(BIN)/renkei: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	$(BIN)/renkei compilemessages
	@touch $(BIN)/renkei

setup: $(BIN)/renkei ## install into .venv (console script: .venv/bin/renkei)

run: setup ## migrate, load the demo cluster if empty, print logins, serve on $(ADDR) (gunicorn, DEBUG off)
	$(BIN)/renkei setup-db
	$(BIN)/renkei serve --addr $(ADDR)

dev: setup ## the same with Django's development server: DEBUG on, reloads on code changes
	$(BIN)/renkei setup-db
	$(BIN)/renkei serve --dev --addr $(ADDR)

lint: setup
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest

test: lint typecheck pytest ## ruff, import-linter, mypy (strict on engines), pytest

test-postgres: setup ## the suite on the local PostgreSQL server
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest

schemathesis: setup ## the API against its OpenAPI schema with more examples than `make test`
	SCHEMATHESIS_MAX_EXAMPLES=$${SCHEMATHESIS_MAX_EXAMPLES:-150} $(BIN)/pytest -p no:cacheprovider tests/platform/api/test_schemathesis.py

test-big-import: setup ## the import-vs-writers concurrency test at the attack's full 20,000 rows
	RENKEI_BIG_IMPORT_SCALE=1 $(BIN)/pytest -p no:cacheprovider tests/platform/supply/test_import_concurrency.py

test-browser: setup ## Playwright driving Debian's Chromium
	$(BIN)/pytest -m browser -p no:cacheprovider tests/browser

bench: setup ## runs every benchmark and writes BENCHMARKS.md
	$(BIN)/python -m bench

messages: setup ## refresh the Japanese catalogue from the sources (needs GNU gettext)
	cd src/renkei && ../../$(BIN)/renkei manage makemessages -l ja --no-obsolete --no-location
	$(BIN)/renkei compilemessages

clean:
	rm -rf $(VENV) $(TOOLS) var .pytest_cache .mypy_cache .ruff_cache
