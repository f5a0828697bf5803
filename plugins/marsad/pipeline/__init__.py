"""Composition of the stages: what each Airflow task (and the CLI) calls.

Each function takes a connection (and, for fetching, an HTTP client), runs one step for
a source or a chunk of articles, and returns a small dict of counts for XCom and logs.
"""
