#!/bin/bash
# Runs once, when the Postgres volume is first initialised: the news database (marsad)
# and Airflow's metadata database (airflow), both owned by POSTGRES_USER.
set -euo pipefail
for db in "${MARSAD_DB:-marsad}" "${AIRFLOW_DB:-airflow}"; do
  if ! psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
      -c "CREATE DATABASE \"$db\" OWNER \"$POSTGRES_USER\""
  fi
done
