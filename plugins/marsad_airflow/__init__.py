"""marsad's Airflow glue, in one package: assets, the ``marsad_db`` Connection, callbacks,
DAG defaults and the inbox trigger.

Every DAG file and the triggerer import from here; the ``marsad`` library never imports
Airflow. Light at import: DAG files import these modules at parse time, so the library
is imported inside functions only. The triggerer loads :class:`~marsad_airflow.triggers.InboxTrigger`
by its class path (``marsad_airflow.triggers.InboxTrigger``): the plugins folder is on its
``sys.path`` (and on ``PYTHONPATH`` in the image), and ``pip install .`` installs the package too.
"""
