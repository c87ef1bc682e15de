# Cheber: `make run` to install and serve the national demo, `make test` to run the suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
CHEBER := $(BIN)/cheber
HOST ?= 127.0.0.1:8000
SEED ?= 1

.PHONY: run test install install-test serve dev lint format messages bench clean

$(BIN)/python:
	@python=$$(bin/find-python) || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(BIN)/pip install --quiet -r requirements-test.lock
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The national demo through gunicorn (config/gunicorn.py: worker processes sized from the CPUs,
# WEB_CONCURRENCY and GUNICORN_THREADS to change them) with static files collected for
# whitenoise, and beside it the background worker and, where it exists, the scheduler of
# timed jobs. Without REDIS_URL, the processes share their cache (throttles) in var/cache.
run: install
	$(CHEBER) migrate --noinput
	$(CHEBER) load_reference
	$(CHEBER) seed_demo --scale national --seed $(SEED) --if-empty
	$(CHEBER) seed_courses --seed $(SEED) --if-empty
	$(CHEBER) seed_certificates --if-empty
	$(CHEBER) refresh_compliance
	$(CHEBER) demo_users
	$(CHEBER) seed_learning --seed $(SEED) --if-empty
	$(CHEBER) collectstatic --noinput --verbosity 0
	@echo "Cheber is at http://$(HOST)/ (Ctrl+C stops it; a background worker runs its jobs)"
	@export CACHE_LOCATION="$${CACHE_LOCATION:-$(CURDIR)/var/cache}" HOST="$(HOST)"; \
	$(CHEBER) db_worker --no-startup-delay & worker=$$!; scheduler=; \
	if $(CHEBER) help scheduler >/dev/null 2>&1; then $(CHEBER) scheduler & scheduler=$$!; fi; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn -c config/gunicorn.py

# Django's auto-reloading development server, static files straight from static/.
serve dev: install
	CHEBER_STATIC_MANIFEST=off $(CHEBER) runserver $(HOST)

# The suite runs on every core (pytest-xdist); PYTEST_ARGS="-n0" runs it in one process.
test: install-test
	$(BIN)/ruff check cheber config bench
	$(BIN)/lint-imports --no-cache
	$(CHEBER) makemigrations --check --dry-run
	$(BIN)/pytest -n auto --durations=10 $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check cheber config bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff format --check cheber config bench

format: install-test
	$(BIN)/ruff format cheber config bench
	$(BIN)/ruff check --fix cheber config bench

# Needs GNU gettext (apt-get install gettext); the compiled catalogues are committed.
messages: install
	$(CHEBER) makemessages -l ky -l ru -l en --no-obsolete -i '.venv/*' -i 'var/*' -i 'bench/*'
	$(CHEBER) compilemessages -i .venv -i var

bench: install
	$(BIN)/python bench/seed_demo.py
	$(BIN)/python bench/course_pages.py
	$(BIN)/python bench/certificates.py
	$(BIN)/python bench/compliance_recompute.py
	$(BIN)/python bench/compliance_dashboards.py
	$(BIN)/python bench/build_plan.py
	$(BIN)/python bench/import_registry.py --fresh

clean:
	rm -rf $(VENV) var
