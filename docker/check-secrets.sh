#!/bin/bash
# Refuse to set up (so the whole stack stays down: every Airflow service waits for the
# migrate service to succeed) while a secret is empty or still the .env.example
# placeholder. One line on stderr names the variable; exit 1.
set -u
placeholder="change-me"
for name in POSTGRES_PASSWORD AIRFLOW_ADMIN_PASSWORD AIRFLOW_FERNET_KEY AIRFLOW_JWT_SECRET AIRFLOW_API_SECRET_KEY; do
  value="${!name-}"
  if [ -z "$value" ]; then
    echo "marsad: $name in .env is empty; set a secret of your own" >&2
    exit 1
  elif [ "$value" = "$placeholder" ]; then
    echo "marsad: $name in .env still holds the example placeholder \"$placeholder\"; set a secret of your own" >&2
    exit 1
  fi
done
