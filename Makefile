# The commands of the README: `make demo`, `make test` and `make serve` (a team deployment on
# PostgreSQL, Redis and gunicorn). Everything else is plumbing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
IDP := DJANGO_SETTINGS_MODULE=config.settings.idp
PORTAL := DJANGO_SETTINGS_MODULE=config.settings.portal
ADFS := DJANGO_SETTINGS_MODULE=config.settings.adfs
CHROMIUM := /usr/bin/chromium
# The portal's tests: every test outside the two identity providers' apps (pytest finds the
# areas' own tests, a new area's included).
PORTAL_TESTS := --ignore=entra --ignore=adfs
# Run a second time against PostgreSQL and Redis (testsupport/services.py starts both): the OIDC
# protocol, single-use grants, concurrent sign-ins and device codes at the IdP; the relying
# party, the API with real tokens, its races, and journeys 1 and 3 in the browser at the portal.
PG_REDIS_IDP_TESTS := entra/tests/test_oidc_protocol.py entra/tests/test_token_redemption.py \
	entra/tests/test_concurrent_sign_ins.py entra/tests/test_device_code.py
PG_REDIS_PORTAL_TESTS := accounts/tests/test_relying_party.py api/tests/test_with_the_mock_idp.py \
	api/tests/test_concurrency.py e2e/test_journey1_mfa_at_sign_in.py \
	e2e/test_journey3_mfa_at_first_protected_page.py testsupport/tests/test_services.py

.PHONY: demo test install install-serve lint chromium services seed reset-demo serve \
	test-postgres-redis screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the dependency list changes: the runtime alone (the Korean catalogs need
# only Babel), what the tests need, what the team deployment needs.
$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "."
	touch $@

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check ".[test]"
	touch $@

$(VENV)/.installed-serve: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check ".[serve]"
	touch $@

# Korean pages for trainers: each app's catalog compiled by Babel (pure Python, so no gettext
# tools on the machine); *.mo is not committed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard */locale/ko/LC_MESSAGES/django.po))

%/locale/ko/LC_MESSAGES/django.mo: %/locale/ko/LC_MESSAGES/django.po | $(VENV)/.installed-base
	$(BIN)/pybabel -q compile -i $< -o $@

install: $(VENV)/.installed $(MO_FILES)

install-serve: $(VENV)/.installed-serve $(MO_FILES)

# Debian's Chromium for Playwright: `playwright install` cannot download browsers here. And
# Debian's Noto CJK fonts, so that headless Chromium draws Korean pages (screenshots) with glyphs,
# not boxes.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "Install Debian's chromium (apt-get install chromium) as root." >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
# (dpkg -s also succeeds for a removed package whose configuration files remain.)
	@if ! dpkg-query -W -f='$${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'ok installed'; then \
	  if [ "$$(id -u)" != 0 ]; then echo "Install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk) as root." >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	fi

# Debian's PostgreSQL server and Redis for the tests' second run (testsupport/services.py starts
# throwaway ones; the packages' own services are not used).
services:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null; then \
	  if [ "$$(id -u)" != 0 ]; then echo "Install Debian's postgresql and redis-server (apt-get install postgresql redis-server) as root." >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null; \
	fi

seed: install
	$(IDP) $(BIN)/python manage.py migrate --noinput -v0
	$(IDP) $(BIN)/python manage.py seed_demo
	$(PORTAL) $(BIN)/python manage.py migrate --noinput -v0
	$(ADFS) $(BIN)/python manage.py migrate --noinput -v0
	$(ADFS) $(BIN)/python manage.py seed_adfs

# Set up, seed the demo tenants, and run the mock Entra ID (:8001), the portal (:8000) and
# Wingtip AD FS (:8002).
demo: seed
	$(BIN)/python scripts/run_demo.py

# Back to the seeded state (every sign-in, MFA registration and session dropped).
reset-demo: install
	$(IDP) $(BIN)/python manage.py seed_demo --reset
	$(ADFS) $(BIN)/python manage.py seed_adfs --reset

# The team deployment: the three origins under gunicorn, on the database and cache URLs of the
# environment (or .env); README, "Deploying for a team".
serve: install-serve
	$(BIN)/python scripts/serve.py

lint: install
	$(BIN)/ruff check .

# The README's screenshots (docs/screenshots/<ko|en>/), taken by Playwright after each journey
# really happened: e2e/screenshots.py, on the e2e fixtures (not part of `make test`).
screenshots: install chromium
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest --ds=config.settings.portal_test -q e2e/screenshots.py

# Install what the tests need (Python packages, Debian's Chromium) and run the whole suite.
# One pytest run per origin because their settings differ: the IdP's own tests, Wingtip AD FS's,
# then the portal's tests and the Playwright journeys (the identity providers run beside them
# in child processes).
test: install chromium services lint
	$(IDP) $(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(PORTAL) $(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(ADFS) $(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/pytest --ds=config.settings.idp_test entra
	$(BIN)/pytest --ds=config.settings.adfs_test adfs
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest --ds=config.settings.portal_test $(PORTAL_TESTS)
	$(MAKE) --no-print-directory test-postgres-redis

# The protocol and journey tests again, on a throwaway PostgreSQL cluster and Redis server that
# testsupport/services.py starts for this run and stops after it, whatever the outcome.
test-postgres-redis: install chromium services
	$(BIN)/python -m testsupport.services -- sh -c '\
	  $(BIN)/pytest --ds=config.settings.idp_test $(PG_REDIS_IDP_TESTS) && \
	  DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest --ds=config.settings.portal_test $(PG_REDIS_PORTAL_TESTS)\
	'

