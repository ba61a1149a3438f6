# digitalgemeinde: `make start` installs, creates the site and serves it; `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXTRAS := server,test,lint,relstorage,zeo

HTTP_HOST ?= 127.0.0.1
HTTP_PORT ?= 8080
ADMIN_USER ?= admin
ADMIN_PASSWORD ?= admin
SITE_ID ?= Plone
DEMO ?= 1
# filestorage (default), relstorage (PostgreSQL, see RELSTORAGE_DSN) or zeo (see ZEO_ADDRESS)
STORAGE ?= filestorage
# 1: the server of make start also runs the outbox worker (delivery to specialist applications)
WORKER ?= 1

INSTANCE := $(CURDIR)/instance
# Where the data lives (Data.fs, blobs, logs); another folder gives a separate site.
INSTANCE_VAR ?= $(INSTANCE)/var
ifeq ($(STORAGE),filestorage)
ZOPE_CONF := $(INSTANCE)/etc/zope.conf
else
ZOPE_CONF := $(INSTANCE)/etc/zope-$(STORAGE).conf
endif
# Development mail: every mail the site sends is written into this Maildir (one file per mail
# in $(MAIL_DIR)/new) instead of going out. MAIL_DIR= (empty) sends with Site Setup's SMTP.
MAIL_DIR ?= $(INSTANCE_VAR)/mail
RELSTORAGE_DSN ?= dbname='digitalgemeinde' user='digitalgemeinde' host='localhost'
ZEO_ADDRESS ?= 127.0.0.1:8100
export INSTANCE_HOME := $(INSTANCE)
export INSTANCE_VAR
export RELSTORAGE_DSN ZEO_ADDRESS ADMIN_USER ADMIN_PASSWORD SITE_ID DEMO

# make cluster: PostgreSQL, two Zope instances, the outbox worker, HAProxy and Varnish on this
# machine (scripts/cluster.py), all under CLUSTER_DIR; Varnish serves the site on CLUSTER_PORT.
CLUSTER_DIR ?= $(INSTANCE_VAR)/cluster
CLUSTER_PORT ?= 8080
CLUSTER_HAPROXY_PORT ?= 8088
CLUSTER_ZOPE_PORTS ?= 8081 8082
CLUSTER_PG_PORT ?= 5433
CLUSTER_VARNISH_ADMIN_PORT ?= 6083
# requests HAProxy gives each instance at a time (of its 4 threads); the others wait in its queue
CLUSTER_ZOPE_MAXCONN ?= 2
# the cluster's mail lands in this Maildir; CLUSTER_MAIL_DIR= (empty) sends with Site Setup's SMTP
CLUSTER_MAIL_DIR ?= $(CLUSTER_DIR)/mail
export CLUSTER_DIR CLUSTER_PORT CLUSTER_HAPROXY_PORT CLUSTER_ZOPE_PORTS CLUSTER_PG_PORT
export CLUSTER_VARNISH_ADMIN_PORT CLUSTER_MAIL_DIR CLUSTER_ZOPE_MAXCONN

# The benchmark instance (bench/etc/zope.conf): its own Data.fs, blobs and mail, never instance/var.
BENCH_VAR ?= $(CURDIR)/bench/var
# make test runs the suite in this many processes (pytest-xdist), each test module in one
TEST_WORKERS ?= 2
BENCH_PORT ?= 8090
export BENCH_VAR

LOCALES := src/digitalgemeinde/locales
XML_FILES = $(shell find src instance -name '*.zcml' -o -name '*.xml' | grep -v '/var/')

.PHONY: help
help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

.PHONY: check-python
check-python:
	@command -v $(PYTHON) >/dev/null || { echo "No '$(PYTHON)' found: install Python 3.11 or newer, or name one with PYTHON=/path/to/python3.11" >&2; exit 1; }
	@$(PYTHON) scripts/check_python.py

$(BIN)/.installed: pyproject.toml constraints.txt | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt pip setuptools wheel
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[$(EXTRAS)]'
	@touch $@

.PHONY: install
install: $(BIN)/.installed ## Create .venv and install everything with the pins of constraints.txt

.PHONY: instance
instance: $(INSTANCE_VAR)/.ready
$(INSTANCE_VAR)/.ready:
	@mkdir -p $(INSTANCE_VAR)/filestorage $(INSTANCE_VAR)/blobstorage $(INSTANCE_VAR)/blobcache \
		$(INSTANCE_VAR)/log $(INSTANCE_VAR)/cache
	@touch $@

.PHONY: check-port
check-port: check-python
	@$(PYTHON) scripts/check_port.py $(HTTP_HOST) $(HTTP_PORT)

.PHONY: site
site: install instance ## Create the Plone site (with demo content) if it does not exist
	$(BIN)/zconsole run $(ZOPE_CONF) scripts/create_site.py

.PHONY: start
start: check-port install instance site ## Install, create the site if needed and serve it on HTTP_PORT
	@$(PYTHON) scripts/check_port.py $(HTTP_HOST) $(HTTP_PORT)
	@echo "Serving http://localhost:$(HTTP_PORT)/$(SITE_ID) (admin: $(ADMIN_USER)); stop with Ctrl-C"
	@echo "$(if $(MAIL_DIR),Mail is not sent: it lands in $(MAIL_DIR)/new,Mail goes out with the SMTP settings of Site Setup → Mail)"
	@echo "Requests go out to the offices' specialist applications from a worker in this process (WORKER=0: none; then run make worker)"
	DIGITALGEMEINDE_WORKER='$(WORKER)' DIGITALGEMEINDE_MAIL_DIR='$(MAIL_DIR)' $(BIN)/runwsgi $(INSTANCE)/etc/zope.ini http_host=$(HTTP_HOST) http_port=$(HTTP_PORT) zope_conf_file=$(ZOPE_CONF) instance_var=$(INSTANCE_VAR)

# make idp: the test OpenID Provider of the login tests (tests/oidc/provider.mjs, node's
# oidc-provider), a stand-in for AGOV to try the login with the site of make start.
IDP_PORT ?= 9090
IDP_USERS ?= tests/oidc/users.json
IDP_SITE = http://localhost:$(HTTP_PORT)/$(SITE_ID)
IDP_SITE_IP = http://127.0.0.1:$(HTTP_PORT)/$(SITE_ID)
IDP_CLIENTS = [{"client_id": "digitalgemeinde", "client_secret": "demo-secret", \
	"redirect_uris": ["$(IDP_SITE)/@@oidc-callback", "$(IDP_SITE_IP)/@@oidc-callback"], \
	"post_logout_redirect_uris": ["$(IDP_SITE)/@@oidc-logged-out", "$(IDP_SITE_IP)/@@oidc-logged-out"]}]

.PHONY: idp
idp: ## Start the test OpenID Provider (AGOV stand-in, demo users) on IDP_PORT for the site of make start
	@test -d tests/e2e/node_modules/oidc-provider || (cd tests/e2e && npm ci --no-audit --no-fund --silent)
	@echo "Test OpenID Provider (not AGOV; demo users, no passwords) at http://127.0.0.1:$(IDP_PORT); stop with Ctrl-C"
	@echo "Configure the site's login with: issuer http://127.0.0.1:$(IDP_PORT), client id digitalgemeinde, client secret demo-secret,"
	@echo "  scopes openid profile email address groups, levels (acr) urn:test:loa:low < urn:test:loa:high"
	@echo "Redirect URI $(IDP_SITE)/@@oidc-callback, after logout $(IDP_SITE)/@@oidc-logged-out"
	@echo "Users (from $(IDP_USERS)): anna (verified e-mail, birth date, address), ben (unverified e-mail, no birth date),"
	@echo "  clerk (group BL-Liestal-Einwohnerdienste), clerk2 (no group); choose the level on the login page"
	node tests/oidc/provider.mjs --port $(IDP_PORT) --issuer http://127.0.0.1:$(IDP_PORT) --users '$(IDP_USERS)' --clients '$(IDP_CLIENTS)'

# make payment-standin: a local stand-in for Datatrans (tests/datatrans/standin.py: its JSON API,
# the payment page with Bezahlen / Ablehnen / Abbrechen, signed webhooks) to try paying with
# the site of make start. Not Datatrans: no money moves.
PAYMENT_PORT ?= 9191
PAYMENT_MERCHANT_ID ?= 1100012345
PAYMENT_PASSWORD ?= standin-password
PAYMENT_HMAC_KEY ?= 6f1c0b5e2d3a49c8a0b7e4f1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f

.PHONY: payment-standin
payment-standin: ## Start the Datatrans stand-in (API and payment page) on PAYMENT_PORT for the site of make start
	@test -x $(BIN)/python || { echo "Run make install first" >&2; exit 1; }
	@echo "Datatrans stand-in (not Datatrans; no money moves) at http://127.0.0.1:$(PAYMENT_PORT); stop with Ctrl-C"
	@echo "In the tenant's payment settings enter: provider Datatrans, merchant id $(PAYMENT_MERCHANT_ID),"
	@echo "  API password $(PAYMENT_PASSWORD), HMAC key $(PAYMENT_HMAC_KEY),"
	@echo "  API URL http://127.0.0.1:$(PAYMENT_PORT), payment page URL http://127.0.0.1:$(PAYMENT_PORT)"
	@echo "Site Setup > Einwohnerportal > Outgoing connections: allow the host 127.0.0.1:$(PAYMENT_PORT)"
	@echo "Webhooks go to the URL the site sends with each payment (the site of make start)."
	$(BIN)/python -m tests.datatrans.standin --port $(PAYMENT_PORT) \
		--merchant '$(PAYMENT_MERCHANT_ID):$(PAYMENT_PASSWORD)' --hmac-key $(PAYMENT_HMAC_KEY)

.PHONY: worker
worker: install instance ## Deliver requests to specialist applications (ZEO/RelStorage: beside the servers)
	@if [ "$(STORAGE)" = filestorage ]; then \
		echo "With FileStorage only one process may open the database: the worker runs inside the server of make start. Use STORAGE=zeo or STORAGE=relstorage for a worker of its own."; \
		exit 2; \
	fi
	$(BIN)/zconsole run $(ZOPE_CONF) scripts/worker.py

.PHONY: cluster
cluster: install ## PostgreSQL, two Zope instances, worker, HAProxy and Varnish on CLUSTER_PORT
	@command -v haproxy >/dev/null && command -v varnishd >/dev/null && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		echo "make cluster needs Debian's postgresql, haproxy and varnish: apt-get install postgresql haproxy varnish" >&2; exit 2; }
	$(BIN)/python scripts/cluster.py start

.PHONY: cluster-stop
cluster-stop: ## End every process of make cluster (Varnish first, PostgreSQL last)
	$(BIN)/python scripts/cluster.py stop

.PHONY: cluster-status
cluster-status: ## Which processes of make cluster run, and HAProxy's view of the instances
	$(BIN)/python scripts/cluster.py status

.PHONY: cluster-drain
cluster-drain: ## HAProxy sends Zope instance ZOPE (1 or 2) no new requests (make cluster-ready: back)
	@test -n "$(ZOPE)" || { echo "Say which instance: make cluster-drain ZOPE=1" >&2; exit 2; }
	$(BIN)/python scripts/cluster.py drain $(ZOPE)

.PHONY: cluster-ready
cluster-ready: ## HAProxy sends Zope instance ZOPE requests again
	@test -n "$(ZOPE)" || { echo "Say which instance: make cluster-ready ZOPE=1" >&2; exit 2; }
	$(BIN)/python scripts/cluster.py ready $(ZOPE)

.PHONY: purge
purge: install ## Delete closed requests past their retention period (daily, e.g. from cron)
	$(BIN)/digitalgemeinde-purge $(ZOPE_CONF) --site $(SITE_ID) $(PURGE_ARGS)

# The site's public address for the links in the digest (production: e.g. https://portal.example.ch)
DIGEST_URL ?= http://localhost:$(HTTP_PORT)/$(SITE_ID)
.PHONY: digest
digest: install ## Mail each tenant's admins the failed deliveries and overdue requests (daily, e.g. from a systemd timer)
	DIGITALGEMEINDE_MAIL_DIR='$(MAIL_DIR)' $(BIN)/python scripts/digest.py $(ZOPE_CONF) --site $(SITE_ID) --url '$(DIGEST_URL)' $(DIGEST_ARGS)

# Backups (README "Backups", scripts/backup.py): FileStorage with repozo and a copy of the blobs,
# RelStorage with pg_dump. They never install (a timer must not run pip): .venv must exist.
BACKUP_DIR ?= $(INSTANCE_VAR)/backups
BACKUP_ARGS = --storage $(STORAGE) --var $(INSTANCE_VAR) --backup-dir $(BACKUP_DIR)

.PHONY: backup
backup: ## Back up the data into BACKUP_DIR (FileStorage: repozo + blobs, RelStorage: pg_dump); live
	@test -x $(BIN)/python || { echo "No $(VENV): run make install first." >&2; exit 2; }
	$(BIN)/python scripts/backup.py backup $(BACKUP_ARGS) $(if $(BACKUP_KEEP),--keep $(BACKUP_KEEP)) $(if $(filter 1,$(BACKUP_FULL)),--full)

.PHONY: restore
restore: ## Restore the newest backup, or the one of RESTORE_DATE=yyyy-mm-dd-hh-mm (UTC); site stopped
	@test -x $(BIN)/python || { echo "No $(VENV): run make install first." >&2; exit 2; }
	$(BIN)/python scripts/backup.py restore $(BACKUP_ARGS) $(if $(RESTORE_DATE),--date $(RESTORE_DATE))

.PHONY: backup-list
backup-list: ## List the backups in BACKUP_DIR
	@test -x $(BIN)/python || { echo "No $(VENV): run make install first." >&2; exit 2; }
	@$(BIN)/python scripts/backup.py list $(BACKUP_ARGS)

.PHONY: bench-data
bench-data: install ## Build the benchmark sites bench86 and bench3 in BENCH_VAR (BENCH_FORCE=1 rebuilds)
	@mkdir -p $(BENCH_VAR)/filestorage $(BENCH_VAR)/blobstorage $(BENCH_VAR)/log $(BENCH_VAR)/cache
	$(BIN)/zconsole run bench/etc/zope.conf bench/generate.py

.PHONY: bench
bench: install ## Measure pages, forms, inboxes, finder and REST against plain Plone (make bench-data first)
	@case " $(BENCH_ARGS) " in *" --only 7"*) ;; *) test -f $(BENCH_VAR)/manifest.json || { echo "No benchmark data in $(BENCH_VAR): run make bench-data first (about 35 minutes), or make bench BENCH_ARGS=\"--only 7\" for the cluster figures alone."; exit 2; } ;; esac
	$(BIN)/python bench/run.py --start --manifest $(BENCH_VAR)/manifest.json --var $(BENCH_VAR) --zope-conf $(CURDIR)/bench/etc/zope.conf --base-url http://127.0.0.1:$(BENCH_PORT) $(BENCH_ARGS)

.PHONY: bench-profile
bench-profile: install ## Profile one page on the bench data: BENCH_PROFILE="<path> [--user U] [--rest] [--form k=v]"
	@test -n "$(BENCH_PROFILE)" || { echo 'Say what to profile, e.g. make bench-profile BENCH_PROFILE="/bench86/liestal/@@services" (--help for the options)'; exit 2; }
	$(BIN)/zconsole run bench/etc/zope.conf bench/profile_page.py $(BENCH_PROFILE)

.PHONY: test
test: install ## Run the whole test suite (TEST_WORKERS processes; the serial tests alone after)
ifeq ($(strip $(PYTEST_ARGS)),)
	@status=0; mkdir -p var; rm -f var/test-parallel.xml var/test-serial.xml; \
	$(BIN)/python scripts/compile_catalogs.py || exit 1; \
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile -m "not serial" --junitxml=var/test-parallel.xml || status=1; \
	$(BIN)/pytest -m serial --junitxml=var/test-serial.xml || status=1; \
	if [ $$status != 0 ]; then $(BIN)/python scripts/test_summary.py var/test-parallel.xml var/test-serial.xml; fi; \
	exit $$status
else
	$(BIN)/pytest $(PYTEST_ARGS)
endif

.PHONY: browser
browser: ## Install what the browser tests need: Debian's chromium and chromedriver, axe-core
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi
	cd tests/e2e && npm ci --no-audit --no-fund --silent

.PHONY: lint
lint: install ## Check Python (ruff), ZCML/XML (zpretty), the layers of imports (lint-imports) and sizes
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/zpretty --check $(XML_FILES)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/check_sizes.py

.PHONY: format
format: install ## Rewrite Python and ZCML/XML in the project's style
	$(BIN)/ruff check --fix src tests scripts bench
	$(BIN)/ruff format src tests scripts bench
	$(BIN)/zpretty --inplace $(XML_FILES)

.PHONY: i18n
i18n: install ## Rebuild digitalgemeinde.pot and sync the de, fr and it catalogs
	$(BIN)/i18ndude rebuild-pot --pot $(LOCALES)/digitalgemeinde.pot --create digitalgemeinde src/digitalgemeinde
	$(BIN)/i18ndude sync --pot $(LOCALES)/digitalgemeinde.pot $(LOCALES)/de/LC_MESSAGES/digitalgemeinde.po $(LOCALES)/fr/LC_MESSAGES/digitalgemeinde.po $(LOCALES)/it/LC_MESSAGES/digitalgemeinde.po

.PHONY: versions
versions: check-python ## Regenerate buildout's versions.cfg from constraints.txt
	$(PYTHON) scripts/constraints_to_versions.py

.PHONY: clean
clean: ## Remove .venv and build output (keeps the site's data in instance/var)
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
	find src tests scripts -name __pycache__ -prune -exec rm -rf {} +
	find $(LOCALES) -name '*.mo' -delete

.PHONY: clean-instance
clean-instance: ## Delete the site's data (INSTANCE_VAR): the next start creates a new site
	rm -rf $(INSTANCE_VAR)
