# marsad on Apache Airflow: one image for every Airflow component (api-server, scheduler,
# dag-processor, triggerer, Celery workers) and for the one-shot set-up service.
# The tag must equal the apache-airflow pin of requirements.txt (tests/integration/test_compose.py checks it);
# python3.11 because requirements.txt is a resolve made on Python 3.11.
FROM apache/airflow:3.3.2-python3.11

USER root
RUN mkdir -p /opt/marsad && chown airflow:0 /opt/marsad
USER airflow
WORKDIR /opt/marsad

# Dependencies first, so editing the code does not reinstall them. The same three steps as
# `make install`: the pinned resolve, camel-tools without its model dependencies (torch,
# transformers), then marsad itself, not editable: the wheel carries sql/ and seeds/
# (marsad/_data, see setup.py), so the installed package finds them without the checkout.
COPY --chown=airflow:0 requirements.txt requirements-nodeps.txt pyproject.toml setup.py MANIFEST.in ./
RUN pip install --no-cache-dir -r requirements.txt \
 && pip install --no-cache-dir --no-deps -r requirements-nodeps.txt

COPY --chown=airflow:0 plugins/ plugins/
COPY --chown=airflow:0 dags/ dags/
COPY --chown=airflow:0 sql/ sql/
COPY --chown=airflow:0 seeds/ seeds/
COPY --chown=airflow:0 docker/migrate.sh docker/check-secrets.sh docker/
RUN pip install --no-cache-dir --no-deps . \
 && mkdir -p /opt/airflow/auth && chmod 775 /opt/airflow/auth

# The library lives on PYTHONPATH, not in Airflow's plugins folder: Airflow imports every
# .py file of that folder as a top-level module by file name (marsad/fetch/http.py would
# shadow the standard library's http). AIRFLOW_HOME/plugins stays empty.
ENV PYTHONPATH=/opt/marsad/plugins:/opt/marsad/dags \
    AIRFLOW__CORE__DAGS_FOLDER=/opt/marsad/dags \
    AIRFLOW__CORE__LOAD_EXAMPLES=False
