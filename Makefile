# The two commands of the README: `make demo` and `make test`. Everything else is plumbing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
IDP := DJANGO_SETTINGS_MODULE=config.settings.idp
PORTAL := DJANGO_SETTINGS_MODULE=config.settings.portal
ADFS := DJANGO_SETTINGS_MODULE=config.settings.adfs
CHROMIUM := /usr/bin/chromium
PORTAL_TESTS := portal accounts customers support billing security compliance api e2e testsupport

.PHONY: demo test install lint chromium seed reset-demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check ".[test]"
	touch $@

# Korean pages for trainers: each app's catalog compiled by Babel (pure Python, so no gettext
# tools on the machine); *.mo is not committed.
LOCALE_APPS := entra adfs portal accounts customers support billing security compliance
MO_FILES := $(foreach app,$(LOCALE_APPS),$(app)/locale/ko/LC_MESSAGES/django.mo)

%/locale/ko/LC_MESSAGES/django.mo: %/locale/ko/LC_MESSAGES/django.po | $(VENV)/.installed
	$(BIN)/pybabel -q compile -i $< -o $@

install: $(VENV)/.installed $(MO_FILES)

# Debian's Chromium for Playwright: `playwright install` cannot download browsers here.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "Install Debian's chromium (apt-get install chromium) as root." >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
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

lint: install
	$(BIN)/ruff check .

# Install what the tests need (Python packages, Debian's Chromium) and run the whole suite.
# One pytest run per origin because their settings differ: the IdP's own tests, Wingtip AD FS's,
# then the portal's tests and the Playwright journeys (the identity providers run beside them
# in child processes).
test: install chromium lint
	$(IDP) $(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(PORTAL) $(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(ADFS) $(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/pytest --ds=config.settings.idp_test entra
	$(BIN)/pytest --ds=config.settings.adfs_test adfs
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest --ds=config.settings.portal_test $(PORTAL_TESTS)
