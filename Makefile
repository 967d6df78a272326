# Cliffhanger: `make run` serves the demo site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
RUN_SETTINGS := cliffhanger.settings.base
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL

.PHONY: audit node-deps run dev test test-postgres services test-fast lint bench bench-deps coverage install install-dev browser-deps clean

$(BIN)/python:
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || { \
		echo "Python's venv module is missing: apt-get install python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev,postgres,redis]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Migrate, load the demo, create the admin account, then serve with gunicorn
# plus the task worker and the scheduler (see cliffhanger/core/management/commands/serve.py).
run: install
	mkdir -p var
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py preflight
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py load_demo
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py ensure_site
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py ensure_admin
	DJANGO_SETTINGS_MODULE=$(RUN_SETTINGS) $(BIN)/python manage.py serve --host $(HOST) --port $(PORT)

# Autoreloading development server with DEBUG on.
dev: export DJANGO_SETTINGS_MODULE = cliffhanger.settings.dev
dev: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; install it when missing (needs root, as CI is).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" != 0 ]; then \
			echo "The browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; fi; \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The standards gates' checkers (Nu Html Checker, axe-core), pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

node-deps: node_modules/.installed

# The whole suite on the embedded SQLite default and, alongside it, on
# PostgreSQL and Redis when they answer (scripts/test-services start; .ci/run does).
TEST_DATABASE_URL ?= postgres://cliff:cliff@127.0.0.1:5432/cliff
TEST_REDIS_URL ?= redis://127.0.0.1:6379/2
export TEST_DATABASE_URL TEST_REDIS_URL

test: install-dev browser-deps node-deps
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=cliffhanger.settings.test
	$(BIN)/lint-imports --no-cache
	scripts/run-tests

test-postgres: install-dev browser-deps node-deps
	DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" $(BIN)/python -m pytest

services:
	scripts/test-services start

test-fast: install-dev
	$(BIN)/python -m pytest -m "not browser"

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# matplotlib and pyinstrument for bench/load.py's chart and profile; django-redis
# for bench/libraries.py.
$(VENV)/.installed-bench: $(VENV)/.installed-dev pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev,postgres,redis,bench]"
	touch $@

# bench/load.py's load generator and its static reference (Debian packages).
bench-deps:
	@command -v wrk >/dev/null 2>&1 && command -v nginx >/dev/null 2>&1 || { \
		if [ "$$(id -u)" != 0 ]; then \
			echo "The load benchmark needs wrk and nginx: sudo apt-get install wrk nginx"; exit 1; fi; \
		echo "Installing wrk and nginx for the load benchmark"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null; }

bench: install-dev bench-deps $(VENV)/.installed-bench
	$(BIN)/python bench/article_page.py
	$(BIN)/python bench/discussion.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/import_wordpress.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/libraries.py

# Lighthouse on the seed article (not part of `make test`: it downloads ~190 MB once).
audit/node_modules/.installed: audit/package.json audit/package-lock.json
	cd audit && npm ci --no-audit --no-fund --silent
	touch $@

audit: install browser-deps audit/node_modules/.installed
	$(BIN)/python audit/lighthouse_audit.py

coverage: install-dev
	$(BIN)/python -m coverage run -m pytest -m "not browser" -q
	$(BIN)/python -m coverage report --skip-covered

clean:
	rm -rf $(VENV) var
