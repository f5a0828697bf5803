"""Composition of the stages: what each Airflow task (and the CLI) calls.

:mod:`~marsad.pipeline.tasks` has one function per DAG task (a database URL in, a typed
result of :mod:`marsad.model` out, whose ``as_dict()`` the task returns through XCom);
the step modules below it take a connection and run one step for a source or a chunk of
articles. The pipeline owns the transactions (:mod:`~marsad.pipeline.transaction`: one
per unit of work; store functions never commit) and takes its knobs as one
:class:`~marsad.pipeline.settings.PipelineSettings`.
"""
