# Éveil IA — the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OB_VENV := .venv-ob
DEV_DB ?= sqlite:///$(CURDIR)/instance/eveil.sqlite3
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/eveil_test
export TEST_DATABASE_URL

.PHONY: run test lint test-sqlite test-postgresql translations catalogs chromium validator bench badges clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

catalogs: $(VENV)/.installed
	$(BIN)/pybabel compile -d web/translations -D messages

HOST ?= 127.0.0.1
PORT ?= 5000
DEV_ENV := EVEIL_ENV=development DATABASE_URL=$(DEV_DB)

## Start the app on SQLite with the course loaded, http://$(HOST):$(PORT), and the job worker
## beside it (Procfile.dev, run by honcho; Ctrl-C stops both). `PORT=8000 make run` moves both.
run: $(VENV)/.installed catalogs
	mkdir -p instance
	$(DEV_ENV) $(BIN)/alembic upgrade head
	$(DEV_ENV) $(BIN)/flask --app web course load lessons/
	$(DEV_ENV) HOST=$(HOST) WEB_PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" \
	  $(BIN)/honcho start -f Procfile.dev -p $(PORT)

## Debian's Chromium drives the browser tests (never a browser download).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

## The official Open Badges 2.0 validator (openbadges 1.1.2) in a virtualenv of its own: its pins
## clash with Flask 3 and do not import on Python 3.11, so its dependencies come first with four
## pins overridden (tests/openbadges/requirements.txt), then the two packages with --no-deps.
## Do not run `pip check` there: it still reports openbadges' pins.
$(OB_VENV)/.installed: tests/openbadges/requirements.txt
	$(PYTHON) -m venv $(OB_VENV)
	$(OB_VENV)/bin/pip install --quiet --upgrade pip
	$(OB_VENV)/bin/pip install --quiet -r tests/openbadges/requirements.txt
	$(OB_VENV)/bin/pip install --quiet --no-deps openbadges==1.1.2 openbadges-bakery==1.2.4
	$(OB_VENV)/bin/python -c "import openbadges, openbadges_bakery, responses"
	touch $@

validator: $(OB_VENV)/.installed

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test-sqlite: $(VENV)/.installed $(OB_VENV)/.installed catalogs chromium
	EVEIL_ENV=test $(BIN)/pytest --db=sqlite -q

test-postgresql: $(VENV)/.installed $(OB_VENV)/.installed catalogs chromium
	EVEIL_ENV=test $(BIN)/pytest --db=postgresql -q

## Lint, then the whole suite on SQLite and on PostgreSQL (PostgreSQL is required when CI is set).
test: lint test-sqlite test-postgresql

## Extract UI strings and update the catalogs (English msgids, French translations).
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output -o web/translations/messages.pot .
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations -D messages --no-fuzzy-matching

## Draw the badge images of lessons/ that do not exist yet.
badges: $(VENV)/.installed
	EVEIL_ENV=development $(BIN)/flask --app web course badges lessons/

bench: $(VENV)/.installed catalogs
	EVEIL_ENV=development $(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) $(OB_VENV) instance
