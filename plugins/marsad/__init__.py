"""marsad (مرصد): an Arabic news observatory.

The library behind the Airflow DAGs: fetch, text, dedup, claims and store stages,
composed by :mod:`marsad.pipeline`. It never imports Airflow, so every stage can be
used and tested from plain Python and from the ``marsad`` CLI.
"""

__version__ = "0.1.0"
