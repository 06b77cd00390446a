# The two commands a newcomer needs: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.txt pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test lint venv migrate demo opendata serve assets lock test-fast test-browser clean

run: venv migrate demo ## set up everything and serve on http://127.0.0.1:$(PORT)
	@$(BIN)/partnership collectstatic --noinput -v0
	@echo ""
	@echo "Serving on http://$(HOST):$(PORT)/ - sign in at http://$(HOST):$(PORT)/account/sign-in/"
	@echo "with one of the demo accounts above. Stop with Ctrl+C."
	@# The background worker runs imports' checks and the assessments; it stops with the server.
	@DJANGO_SETTINGS_MODULE=partnership.config.settings.dev; export DJANGO_SETTINGS_MODULE; \
		$(BIN)/partnership db_worker --interval 1 --no-startup-delay -v0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/gunicorn partnership.config.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 \
			--access-logfile -

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip uv
	@$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements-dev.txt
	@$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

migrate: venv
	@mkdir -p var
	@$(BIN)/partnership migrate --noinput -v0

demo: venv migrate ## load the open-data pack, the demo partnerships and one account per role (idempotent)
	@$(BIN)/partnership demo

opendata: venv migrate ## load only the open-data pack: areas, neighbours, LAIT, DfE, NCCIS and Fingertips data (idempotent)
	@$(BIN)/partnership opendata

test: lint ## lint, then the whole suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/pytest -n 2 --dist loadfile

test-fast: venv
	$(BIN)/pytest -n 2 --dist loadfile -m "not browser"

test-browser: venv
	$(BIN)/pytest -m browser

lint: venv ## ruff and mypy
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

assets: ## rebuild the stylesheet from GOV.UK Frontend (needs Node.js and npm)
	cd frontend && npm ci --no-audit --no-fund && npm run build

lock: venv ## re-lock the dependencies after editing requirements*.in
	$(BIN)/uv pip compile -q requirements.in -o requirements.txt --python-version 3.11
	$(BIN)/uv pip compile -q requirements-dev.in -c requirements.txt -o requirements-dev.txt --python-version 3.11

clean:
	rm -rf var .mypy_cache .ruff_cache
