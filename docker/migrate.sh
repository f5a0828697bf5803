#!/bin/bash
# The one-shot set-up every other Airflow service waits for (depends_on:
# service_completed_successfully): Airflow's metadata schema, marsad's schema and seeds,
# the HTTP pool, and the admin password of the simple auth manager. Idempotent.
set -euo pipefail
bash "$(dirname "$0")/check-secrets.sh"
airflow db migrate
marsad setup
airflow pools set marsad_http "${MARSAD_HTTP_POOL:-4}" "concurrent feed and page fetches"
python - <<'PY'
import json, os
path = os.environ["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as fh:
    json.dump({"admin": os.environ["AIRFLOW_ADMIN_PASSWORD"]}, fh)
PY
echo "marsad: set-up done"
