# GoRently: `make run` starts the demo, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
GUESTY_PORT ?= 8765
STRIPE_PORT ?= 8766
TWILIO_PORT ?= 8767

.PHONY: run test venv deps dev-deps browser lint format migrate seed clean schema

$(PY):
	@python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "GoRently needs Python 3.12 or newer (found " + sys.version.split()[0] + ").")'
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

venv: $(PY)

deps: venv
	$(PIP) install --quiet -r requirements.txt

dev-deps: venv
	$(PIP) install --quiet -r requirements-dev.txt

migrate: deps
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_extras
	$(PY) manage.py seed_demo_messages

# The demo talks to a local fake Guesty, never the real one (unless GUESTY_API_URL says otherwise).
run: export GUESTY_API_URL ?= http://127.0.0.1:$(GUESTY_PORT)/v1
run: export GUESTY_TOKEN_URL ?= http://127.0.0.1:$(GUESTY_PORT)/oauth2/token
# And to a local fake Stripe (a sandbox: its checkout page says so), with its test keys.
run: export STRIPE_API_URL ?= http://127.0.0.1:$(STRIPE_PORT)
run: export STRIPE_SECRET_KEY ?= sk_test_fake
run: export STRIPE_WEBHOOK_SECRET ?= whsec_platform_fake
run: export STRIPE_CONNECT_WEBHOOK_SECRET ?= whsec_connect_fake
# And to a local fake Twilio (its page at /_fake/ sends a guest's WhatsApp reply), with its test account.
run: export TWILIO_API_URL ?= http://127.0.0.1:$(TWILIO_PORT)
run: export TWILIO_ACCOUNT_SID ?= ACfake0000000000000000000000000000
run: export TWILIO_AUTH_TOKEN ?= fake_auth_token
run: export TWILIO_WHATSAPP_FROM ?= whatsapp:+14155238886
run: export TWILIO_SMS_FROM ?= +15005550006

# Web server, task worker and the fake Guesty, Stripe and Twilio together (recurring tasks queued first); Ctrl-C stops them.
run: seed
	$(PY) manage.py schedule_tasks
	@echo ""
	@echo "GoRently is starting on http://127.0.0.1:$(PORT)/ (sign in with a login printed above)"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) -m tests.fakes.guesty --port $(GUESTY_PORT) --listings 8 --reservations 240 & \
	$(PY) -m tests.fakes.stripe --port $(STRIPE_PORT) --demo-account acct_demoSeasideStays \
	  --webhook-url http://127.0.0.1:$(PORT)/webhooks/stripe/ & \
	$(PY) -m tests.fakes.twilio --port $(TWILIO_PORT) --status-and-inbound-base http://127.0.0.1:$(PORT) & \
	$(PY) manage.py db_worker --interval 1 & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's Chromium for the browser tests (Playwright drives it; it cannot download its own here).
browser:
	@command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Style, then the layers: an import against them (pyproject.toml, [tool.importlinter]) fails here.
lint: dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: dev-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: dev-deps browser lint
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "Missing migrations: run manage.py makemigrations"; exit 1; }
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The API's OpenAPI schema, committed so API changes show in review (tests/api/test_schema.py).
schema: deps
	$(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

clean:
	rm -rf $(VENV) staticfiles test-artifacts db.sqlite3

# The load suite (issue 14): gunicorn and locust against the bench database (filled by bench/generate.py when
# empty), written to bench/RESULTS.md. Not part of `make test`; its own requirements (requirements-bench.txt).
.PHONY: bench
bench: export BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/gr_bench
bench: deps
	$(PIP) install --quiet -r requirements-bench.txt
	$(PY) -m bench.load
