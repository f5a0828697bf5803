# marsad: `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Airflow settings shared by run, test and airflow. The database is found once per target,
# by `python -m marsad_dev airflow-env` (DATABASE_URL, else 127.0.0.1:5432, else the checkout's
# embedded PostgreSQL in .pgdata, started once and reused; `make stop` stops it), which exports
# the one URL every later command of the recipe uses; `python -m marsad_dev airflow-setup` writes
# it into Airflow's metadata database as the Connection marsad_db, where the DAGs read it.
# marsad_dev (plugins/marsad_dev, found through PYTHONPATH) is the checkout's dev tooling.
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__PLUGINS_FOLDER := $(CURDIR)/plugins
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION := False
export AIRFLOW__CORE__PARALLELISM := 4
export AIRFLOW__LOGGING__LOGGING_LEVEL := INFO
export PYTHONPATH := $(CURDIR)/plugins:$(CURDIR)/dags
AIRFLOW_ENV = eval "$$($(BIN)/python -m marsad_dev airflow-env --home $(1))"
# After AIRFLOW_ENV, in the same shell: the news database, Airflow's metadata, pool and Connection.
SETUP = $(BIN)/marsad setup >/dev/null && $(BIN)/airflow db migrate >/dev/null && $(BIN)/python -m marsad_dev airflow-setup
# The test tiers above unit (tests/<tier>/), in the order `make test` runs them after unit.
DB_TIERS := integration dags e2e cluster
TIERS = PYTHON=$(BIN)/python bin/test-tiers
# ruff, mypy and import-linter live in their own venv: mypy 2.x needs a pathspec that
# requirements.txt holds back for Airflow; the lint venv sees .venv's packages after its own.
LINT_VENV := $(CURDIR)/.venv-lint
LINT_STAMP := $(LINT_VENV)/.installed

.PHONY: eval-gate install setup run test test-unit $(DB_TIERS:%=test-%) lint eval bench airflow stop clean help

help:
	@echo "make run    set up everything and run the pipeline once on the bundled samples"
	@echo "make test   set up everything and run the test suite, tier by tier"
	@echo "make test-unit  the unit tier alone: no database, no Airflow, seconds"
	@echo "make test-integration|test-dags|test-e2e|test-cluster  one tier, with its set-up"
	@echo "make lint   ruff over plugins/ dags/ tests/, mypy over the library and the Airflow glue"
	@echo "make eval   score claims and dedup on ../shared/eval"
	@echo "make bench  throughput and scale figures on ../shared/bench"
	@echo "make airflow  airflow standalone on 127.0.0.1:8080"
	@echo "make stop   stop the embedded PostgreSQL of this checkout (when one was started)"

install: $(STAMP)

$(STAMP): requirements.txt requirements-nodeps.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -r requirements-nodeps.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

setup: install
	$(call AIRFLOW_ENV,$(CURDIR)/.airflow) && $(SETUP)

run: install
	$(call AIRFLOW_ENV,$(CURDIR)/.airflow) && $(SETUP) \
	  && MARSAD_ALLOW_PRIVATE_HOSTS=1 $(BIN)/python -m marsad_dev run-dags \
	  && $(BIN)/marsad summary && $(BIN)/marsad db status

# Unit first, before any set-up: it needs none and fails fastest.
test: install
	bin/ensure-test-tools
	$(TIERS) unit
	$(call AIRFLOW_ENV,$(CURDIR)/.airflow-test) && $(SETUP) \
	  && MARSAD_ALLOW_PRIVATE_HOSTS=1 $(TIERS) $(DB_TIERS)

test-unit: install
	$(TIERS) unit

$(DB_TIERS:%=test-%): test-%: install
	bin/ensure-test-tools
	$(call AIRFLOW_ENV,$(CURDIR)/.airflow-test) && $(SETUP) \
	  && MARSAD_ALLOW_PRIVATE_HOSTS=1 $(TIERS) $*

$(LINT_STAMP): requirements-dev.txt $(STAMP)
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 2; }
	test -x $(LINT_VENV)/bin/python || $(PYTHON) -m venv $(LINT_VENV)
	$(LINT_VENV)/bin/pip install -q -r requirements-dev.txt
	# .venv's packages after the lint venv's own (a .pth entry goes last on sys.path), and the
	# checkout's plugins/ and dags/: what mypy and lint-imports analyse.
	printf '%s\n' "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" \
	  $(CURDIR)/plugins $(CURDIR)/dags > "$$($(LINT_VENV)/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/marsad-project.pth"
	touch $(LINT_STAMP)

lint: $(LINT_STAMP)
	$(LINT_VENV)/bin/ruff check plugins dags tests
	$(LINT_VENV)/bin/mypy
	$(LINT_VENV)/bin/lint-imports

eval: install
	$(BIN)/python bench/eval.py

# CI's floor: the cross-validated claims F1 may not fall below bench/claims_floor.json.
eval-gate: install
	$(BIN)/python bench/eval.py --gate

bench: setup
	$(BIN)/pip install -q -r requirements-bench.txt
	$(BIN)/python bench/run_bench.py

airflow: install
	$(call AIRFLOW_ENV,$(CURDIR)/.airflow) && $(SETUP) \
	  && MARSAD_ALLOW_PRIVATE_HOSTS=1 bash bin/airflow-standalone

stop:
	@if test -x $(BIN)/marsad; then $(BIN)/marsad db stop; fi

clean: stop
	rm -rf $(VENV) $(LINT_VENV) .airflow .airflow-test .pgdata .mypy_cache .ruff_cache
