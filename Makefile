# Mosty: two commands. `make run` brings the platform up; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install setup lint typecheck browser-test messages ci clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_demo_data

run: setup
	@echo ""
	@echo "  Mosty is starting at http://$(HOST):$(PORT)/"
	@echo "  Demo administrator: admin@mosty.example / mosty-demo-admin (two-factor set-up is asked at first sign-in)"
	@echo "  E-mails (confirmation, password reset) are printed in this console."
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy mosty

messages: install
	cd mosty && ../$(BIN)/django-admin makemessages -l ru -l be -l en --no-obsolete --add-location file
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var

# --- Benchmarks (README "Benchmarks") -------------------------------------------------------------------
# `make bench`: gunicorn (DEBUG off) on a seeded PostgreSQL with Redis, measured by wrk on loopback.
# BENCH_SCALE (0.01), BENCH_DURATION (5 s per cell), BENCH_DB, BENCH_REDIS, BENCH_WORKERS: see bench/run.py.
.PHONY: bench bench-queries
bench: install
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -u bench/run.py

# Queries per page on a seeded set and on one four times as big must be equal.
bench-queries: install
	$(BIN)/python -m pytest -p no:cacheprovider mosty/scale/tests/test_query_counts.py -q
