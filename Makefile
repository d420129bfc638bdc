# Two commands matter: `make demo` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo serve install test test-unit test-e2e screenshots lint format bench bench-imports chromium fonts pango clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt | pango
	$(PIP_INSTALL) -e ".[postgres,test,e2e,redis]"
	touch $@

install: $(VENV)/.installed

var/.demo-loaded: $(VENV)/.installed $(shell find demo -type f -not -name '*.pyc') | fonts
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	touch $@

# The dev server with the task worker beside it (collection PDFs, e-mail, the search index),
# logging to var/worker.log; the worker stops with the server (Ctrl+C). It does not reload on
# code changes: run the target again after changing a task.
WITH_WORKER = $(MANAGE) db_worker --no-reload >var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM;

# The demo runs with DEBUG off, as visitors would see it (the site's own 404 and 500 pages);
# WhiteNoise serves the static files and config/urls.py the images (SERVE_MEDIA).
# Absolute addresses (ICS, JSON-LD, e-mails, the PDF) follow HOST and PORT on every start:
# the default Site takes them, and so does the admin's address in e-mails to editors.
demo: var/.demo-loaded
	$(MANAGE) migrate --noinput
	@$(MANAGE) demo_site $(HOST) $(PORT)
	@$(MANAGE) demo_logins --admin-url http://$(HOST):$(PORT)/admin/
	@echo "Фоновые задачи: manage.py db_worker, журнал в var/worker.log"
	@export WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) DEBUG=false; $(WITH_WORKER) $(MANAGE) runserver $(HOST):$(PORT)

serve: install
	mkdir -p var
	@$(WITH_WORKER) $(MANAGE) runserver $(HOST):$(PORT)

# The stylesheet linter, from package-lock.json; the site itself needs no Node.js.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: install node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	node_modules/.bin/stylelint "static/**/*.css"

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint test-unit test-e2e

test-unit: install fonts
	$(BIN)/python -m pytest -m "not e2e"

# A Cyrillic font for the PDFs the portal typesets, collections of practices (most systems have one).
fonts:
	@[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || [ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends fonts-dejavu-core; }

# Pango for WeasyPrint, which typesets the collections of practices as PDF.
pango:
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0; }

# Debian's Chromium, never a browser downloaded by Playwright.
chromium:
	@command -v chromium >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation; }

test-e2e: install chromium
	$(BIN)/python -m pytest -m e2e tests/e2e

# The journeys' pages at 1366 and 375 px and the editors' admin screens, as PNGs to look at, by
# the browser test that also asserts no overflow and no English (tests/e2e/test_screens.py).
screenshots: install chromium
	rm -rf var/screenshots
	PORTAL_SCREENSHOTS=var/screenshots $(BIN)/python -m pytest -m e2e tests/e2e/test_screens.py -q

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/imports.py

bench-imports: install
	$(BIN)/python bench/imports.py

clean:
	rm -rf $(VENV) var node_modules
