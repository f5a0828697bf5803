"""Airflow triggers for marsad, kept apart from the ``marsad`` library, which never imports Airflow.

The triggerer imports these by class path (``marsad_triggers.inbox.InboxTrigger``); the
plugins folder is on its ``sys.path``, and ``pip install -e .`` installs the package too.
"""
