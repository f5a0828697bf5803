# marsad: `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Airflow settings shared by run, test and airflow; the database URLs come from
# `marsad airflow-env` (DATABASE_URL, else 127.0.0.1:5432, else embedded PostgreSQL).
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__PLUGINS_FOLDER := $(CURDIR)/plugins
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION := False
export AIRFLOW__CORE__PARALLELISM := 4
export AIRFLOW__LOGGING__LOGGING_LEVEL := INFO
export PYTHONPATH := $(CURDIR)/plugins:$(CURDIR)/dags
AIRFLOW_ENV = eval "$$($(BIN)/marsad airflow-env --home $(1))"

.PHONY: install setup run test eval bench airflow clean help

help:
	@echo "make run    set up everything and run the pipeline once on the bundled samples"
	@echo "make test   set up everything and run the test suite"
	@echo "make eval   score claims and dedup on ../shared/eval"
	@echo "make bench  throughput and scale figures on ../shared/bench"
	@echo "make airflow  airflow standalone on 127.0.0.1:8080"

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
	$(BIN)/marsad setup >/dev/null
	$(call AIRFLOW_ENV,$(CURDIR)/.airflow) && $(BIN)/airflow db migrate >/dev/null \
	  && $(BIN)/airflow pools set marsad_http 4 "concurrent feed and page fetches" >/dev/null

run: setup
	$(call AIRFLOW_ENV,$(CURDIR)/.airflow) && MARSAD_ALLOW_PRIVATE_HOSTS=1 $(BIN)/python dags/run_once.py
	$(BIN)/marsad summary

test: install
	bin/ensure-test-tools
	$(BIN)/marsad setup >/dev/null
	$(call AIRFLOW_ENV,$(CURDIR)/.airflow-test) && $(BIN)/airflow db migrate >/dev/null \
	  && $(BIN)/airflow pools set marsad_http 4 "concurrent feed and page fetches" >/dev/null \
	  && MARSAD_ALLOW_PRIVATE_HOSTS=1 $(BIN)/python -m pytest -q

eval: install
	$(BIN)/python bench/eval.py

bench: setup
	$(BIN)/pip install -q -r requirements-bench.txt
	$(BIN)/python bench/run_bench.py

airflow: setup
	$(call AIRFLOW_ENV,$(CURDIR)/.airflow) && MARSAD_ALLOW_PRIVATE_HOSTS=1 bash bin/airflow-standalone

clean:
	rm -rf $(VENV) .airflow .airflow-test .pgdata
