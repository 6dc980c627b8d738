# Netra: local development and CI entry points. No Docker needed.
# Caches live in .cache/ (pip, Maven, Go, Kafka jars, FerretDB binary); data and
# logs in var/ (NETRA_DATA_DIR). See docs/runbook.md.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# The interpreter the venv is made from: the distribution's /usr/bin/python3.11 first.
# Debian builds it with PGO and LTO and links it statically; a plain source build (pyenv's
# default: no --enable-optimizations, libpython shared) made every Python process of the
# pipeline take ~15% more CPU per report (docs/decisions.md, "The interpreter the venv is
# made from"). Then python3.11 on PATH, then python3; any that cannot make a venv is
# passed over.
# `make PYTHON=/path/to/python3.11 venv` picks another (the venv is remade for it).
ifndef PYTHON
PYTHON := $(shell for p in /usr/bin/python3.11 "$$(command -v python3.11)" "$$(command -v python3)"; do \
	[ -n "$$p" ] && [ -x "$$p" ] && "$$p" -c 'import ensurepip, venv' 2>/dev/null && { echo "$$p"; break; }; done)
endif
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.netra-installed
PYTEST_ARGS ?=

export PIP_CACHE_DIR := $(CURDIR)/.cache/pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help venv infra native install run cluster down clean test test-unit test-contracts \
	test-integration test-e2e test-browser test-faults test-store-alt test-mongodb lint bench bench-e2e\
	browser kustomize k8s-topics

help:
	@echo "make run               install everything, start Kafka, the store and the services"
	@echo "                       (NETRA_STORE=ferretdb-postgresql (default) | mongo-java-server | ferretdb-sqlite)"
	@echo "make cluster           the same on three Kafka brokers, two replicas per consumer"
	@echo "make down              stop whatever is still running (services, FerretDB, Kafka)"
	@echo "make clean             down, then wipe var/ (data and logs)"
	@echo "make test              the whole suite: unit, integration, e2e, browser (real infra)"
	@echo "make test-unit         domain and use cases on fakes, no infrastructure"
	@echo "make test-contracts | test-integration | test-e2e | test-browser"
	@echo "make test-faults       SIGKILLs and Kafka/store restarts under load (docs/runbook.md)"
	@echo "make test-store-alt    contracts + e2e on the alternative store (STORE_ALT=$(STORE_ALT))"
	@echo "make test-mongodb      contracts on the real mongod MONGODB_URL points at (else skipped)"
	@echo "make lint              ruff, mypy --strict, import-linter (layers), vulture (dead code)"
	@echo "make bench             scripts under tests/bench/ (the end-to-end one: short default)"
	@echo "make bench-e2e         the issue-9 end-to-end load run (BENCH_ARGS=... to change it)"
	@echo "make venv | infra | browser | kustomize   the install steps on their own"
	@echo "make k8s-topics        regenerate deploy/k8s/ from schemas/topics.py (topics, users, KEDA)"

# ---- installs ---------------------------------------------------------------

venv: $(STAMP)

# One marker per interpreter the venv was made from: a venv made from another one (an
# older checkout's, or PYTHON given) is remade, and the install below runs again.
VENV_BASE := $(VENV)/.netra-base$(subst /,-,$(PYTHON))

$(VENV_BASE):
	@test -n "$(PYTHON)" || { echo "ERROR: python3.11 not found (or it cannot make a venv)" >&2; exit 1; }
	@if [ -d $(VENV) ]; then echo "[venv] $(VENV) was not made from $(PYTHON): remaking it"; rm -rf $(VENV); fi
	@echo "[venv] creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV)
	@touch $@

$(STAMP): pyproject.toml $(VENV_BASE)
	@echo "[venv] pip install -e .[dev]"
	@$(VPY) -m pip install -q -e ".[dev]"
	@touch $@

# The store's install steps follow NETRA_STORE (deploy/local/stack.py STORES).
infra:
	@case "$${NETRA_STORE:-ferretdb-postgresql}" in \
	   ferretdb-sqlite) store="ferretdb";; \
	   ferretdb-postgresql) store="postgres ferretdb";; \
	   mongo-java-server) store="mongo-java-server";; \
	   *) echo "ERROR: NETRA_STORE=$$NETRA_STORE: ferretdb-sqlite | ferretdb-postgresql | mongo-java-server" >&2; exit 2;; \
	 esac; \
	 bash deploy/local/kafka.sh install & k=$$!; \
	 (for s in $$store; do bash deploy/local/$$s.sh install || exit 1; done) & f=$$!; \
	 rc=0; wait $$k || rc=1; wait $$f || rc=1; \
	 if [ $$rc -ne 0 ]; then echo "ERROR: infra install failed (see above)" >&2; fi; exit $$rc

# Debian's Chromium for the browser tests; a no-op when it is already there.
browser:
	@if [ -x /usr/bin/chromium ]; then \
	   echo "[browser] /usr/bin/chromium present"; \
	 elif [ "$$(id -u)" = 0 ]; then \
	   echo "[browser] installing Debian chromium (apt-get)"; \
	   apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null \
	     || { echo "ERROR: apt-get install chromium failed" >&2; exit 1; }; \
	   test -x /usr/bin/chromium || { echo "ERROR: /usr/bin/chromium still missing" >&2; exit 1; }; \
	 else \
	   echo "ERROR: /usr/bin/chromium is missing; run 'sudo make browser' (apt-get install chromium)" >&2; \
	   exit 1; \
	 fi

# The triage hot path compiled with mypyc (docs/decisions.md). The build tool lists the
# compiled sources; any change to one of them (or to the tool) rebuilds, and test, run and
# bench depend on this target, so a stale build never runs. tests/unit/triage checks the
# manifest's hashes against the sources as well.
NATIVE_BUILD := deploy/triage_native.py
NATIVE_MANIFEST := services/triage/domain/native-manifest.json
NATIVE_SOURCES := $(shell $(PYTHON) $(NATIVE_BUILD) --sources)
native: $(NATIVE_MANIFEST)

$(NATIVE_MANIFEST): $(STAMP) $(NATIVE_BUILD) $(NATIVE_SOURCES)
	@echo "[native] compiling the triage hot path with mypyc"
	@mkdir -p .cache; $(VPY) $(NATIVE_BUILD) > .cache/native-build.log 2>&1 \
	  || { tail -30 .cache/native-build.log >&2; echo "ERROR: mypyc build failed" >&2; exit 1; }

# kustomize renders deploy/k8s/ for the manifest tests (tests/unit/deploy/), built from
# the Go module proxy into .cache/bin; rebuilt when missing or not the pinned version.
KUSTOMIZE_VERSION := v5.7.1
KUSTOMIZE := .cache/bin/kustomize
kustomize:
	@if [ -x $(KUSTOMIZE) ] && [ "$$($(KUSTOMIZE) version 2>/dev/null)" = "$(KUSTOMIZE_VERSION)" ]; then \
	   exit 0; \
	 fi; \
	 command -v go >/dev/null || { echo "ERROR: go not found (needed to build kustomize)" >&2; exit 1; }; \
	 echo "[kustomize] go install sigs.k8s.io/kustomize/kustomize/v5@$(KUSTOMIZE_VERSION)"; \
	 mkdir -p .cache/bin .cache/go; \
	 GOBIN=$(CURDIR)/.cache/bin GOPATH=$(CURDIR)/.cache/go GOMODCACHE=$(CURDIR)/.cache/go/mod \
	   GOCACHE=$(CURDIR)/.cache/go/build-cache GOTOOLCHAIN=local GOFLAGS="-modcacherw -buildvcs=false" \
	   go install sigs.k8s.io/kustomize/kustomize/v5@$(KUSTOMIZE_VERSION) > .cache/kustomize-build.log 2>&1 \
	   || { tail -30 .cache/kustomize-build.log >&2; echo "ERROR: kustomize build failed" >&2; exit 1; }

k8s-topics: venv
	$(VPY) -m deploy.k8s_topics

# All install steps at once (network-bound pip/apt overlap the Go builds).
install:
	@$(MAKE) --no-print-directory -j3 --output-sync=target venv infra browser kustomize
	@$(MAKE) --no-print-directory native

# ---- run --------------------------------------------------------------------

run: venv infra native
	@$(VPY) -m deploy.local.run

# Three KRaft brokers (topics RF 3, min ISR 2) and two replicas of each consumer service.
cluster: venv infra native
	@NETRA_KAFKA_BROKERS=3 $(VPY) -m deploy.local.run --replicas 2

down:
	@bash deploy/local/down.sh

# A cluster postgres.sh had to keep outside var/ (see deploy/local/postgres.sh) goes too.
clean: down
	@for link in var/postgres var/*/postgres; do \
	   if [ -L "$$link" ]; then rm -rf "$$(readlink -f "$$link")"; fi; \
	 done
	rm -rf var

# ---- checks -----------------------------------------------------------------
# pytest exits 5 when it collected no tests; make treats that as a failure too.

test: install
	$(VPY) -m pytest --durations=25 $(PYTEST_ARGS)

# The fast suite: pure domain and use cases on in-memory fakes, no infrastructure.
test-unit: venv native kustomize
	$(VPY) -m pytest tests/unit tests/service $(PYTEST_ARGS)

# One suite per port, against the fake and against the real adapter (Kafka, FerretDB).
test-contracts: venv infra native
	$(VPY) -m pytest tests/contracts $(PYTEST_ARGS)

test-integration: venv infra native
	$(VPY) -m pytest tests/integration $(PYTEST_ARGS)

test-e2e: venv infra native
	$(VPY) -m pytest tests/e2e $(PYTEST_ARGS)

test-browser: venv infra browser native
	$(VPY) -m pytest tests/browser $(PYTEST_ARGS)

# Process faults on a stack run as `make run` runs it (part of `make test` as well).
test-faults: venv infra native
	$(VPY) -m pytest tests/faults $(PYTEST_ARGS)

# The store contract suite and the e2e suite again on the switchable alternative store
# (docs/decisions.md, "The local store, decided"): installs it first (apt-get only as root,
# like `browser`). MONGODB_URL is cleared so the session starts that store itself.
STORE_ALT ?= mongo-java-server
STORE_SUITES := tests/contracts tests/e2e

test-store-alt: venv native
	@NETRA_STORE=$(STORE_ALT) $(MAKE) --no-print-directory infra
	NETRA_STORE=$(STORE_ALT) MONGODB_URL= $(VPY) -m pytest $(STORE_SUITES) $(PYTEST_ARGS)

# The store contract suite on a real MongoDB, when MONGODB_URL points at one (CI sets it
# when it has a mongod; nothing is started here). Each test uses a scratch database.
test-mongodb: venv native
	@if [ -z "$${MONGODB_URL:-}" ]; then echo "[test-mongodb] MONGODB_URL not set: skipped"; exit 0; fi; \
	 echo "[test-mongodb] store contract suite on $${MONGODB_URL##*@}"; \
	 $(VPY) -m pytest tests/contracts $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy schemas services deploy tests
	$(VENV)/bin/lint-imports --no-logo
	$(VENV)/bin/vulture

# Every script under tests/bench/ with its defaults; bench_pipeline.py's default is a
# short end-to-end run (a few minutes). bench-e2e is the long one (docs/runbook.md).
BENCH_ARGS ?= --seed-cases 100000 --rates 100,300 --duration 60 --burst 20000

bench-e2e: venv infra native
	$(VPY) tests/bench/bench_pipeline.py $(BENCH_ARGS)

bench: venv infra native
	@shopt -s nullglob; files=(tests/bench/*.py); \
	 if [ $${#files[@]} -eq 0 ]; then echo "no benchmarks in tests/bench/"; exit 0; fi; \
	 for f in "$${files[@]}"; do \
	   case "$${f##*/}" in __init__.py|conftest.py) continue;; esac; \
	   echo "== $$f"; $(VPY) "$$f"; \
	 done
