# The commands people type. `make demo` and `make test` work from a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Django 6.1 needs Python 3.12 or newer: take python3 if it is new enough, else python3.13/3.12, else pyenv's.
FIND_PYTHON = for c in python3 python3.13 python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -r); do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then echo $$c; exit 0; fi; \
	done; exit 1

.PHONY: help demo test test-fast lint assets install install-dev migrate seed serve worker system system-test clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(PY):
	@python=$$($(FIND_PYTHON)) || { echo "No Python 3.12 or newer found. Install Python 3.12+ (Django 6.1 needs it) and try again." >&2; exit 1; }; \
	echo "Creating $(VENV) with $$python ($$($$python --version))"; \
	$$python -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## Create the virtual environment and install the runtime dependencies
install-dev: $(VENV)/.installed-dev ## Install the test and lint dependencies too

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to build the GOV.UK Frontend styles. Install Node.js 20+." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

static/build/application.css: node_modules/.package-lock.json $(wildcard static/scss/*.scss) $(wildcard scripts/*) | $(VENV)/.installed
	npm run --silent build
	$(PY) -m governance.fonts static/build/fonts

assets: static/build/application.css ## Build the front-end (GOV.UK Frontend compiled with Sass) and the pack fonts

system: ## Check (and as root on Debian, install) the system libraries the PDF packs need
	@bash scripts/system-deps.sh

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --no-input

seed: migrate ## Load the seed programme and demo logins (idempotent)
	$(PY) manage.py seed_demo

demo: system install assets ## Install, build, migrate, seed and serve on http://127.0.0.1:8000/ with a pack worker
	@PY=$(PY) HOST=$(HOST) PORT=$(PORT) bash scripts/demo.sh

worker: install ## Run a background worker that builds document packs (run several, on any machine sharing the database)
	$(PY) manage.py db_worker --queue-name '*' --no-reload

system-test: ## The system packages above, and Debian's Chromium for the browser tests
	@bash scripts/system-deps.sh --browser

test: system-test install-dev assets ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL points to one)
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -p no:cacheprovider

lint: install-dev ## ruff lint and format check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

.PHONY: backup restore
backup: install ## Back up the database and the uploaded files into a new folder of BACKUP_DIR (default backups/)
	$(PY) manage.py backup

restore: install ## Restore a backup, database and files: make restore BACKUP=backups/<folder> (asks first)
	@test -n "$(BACKUP)" || { echo "Say which backup to restore: make restore BACKUP=backups/<folder>" >&2; exit 1; }
	$(PY) manage.py restore "$(BACKUP)"

clean: ## Remove the virtual environment, node modules and built assets
	rm -rf $(VENV) node_modules static/build staticfiles
