"""marsad's dev tooling for a checkout, kept out of the production library and its wheel.

The sample feed server (:mod:`marsad_dev.samples`), Airflow environment discovery
(:mod:`marsad_dev.airflow_env`), Airflow's side of ``make setup``
(:mod:`marsad_dev.airflow_setup`) and ``make run``'s DAG runs (:mod:`marsad_dev.dag_runs`),
each behind ``python -m marsad_dev COMMAND``. Found through ``PYTHONPATH=plugins``, as the
Makefile sets it; nothing in ``marsad`` or ``marsad_airflow`` imports it.
"""
