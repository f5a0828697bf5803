"""Claims in the formats of the event-data field: PLOVER JSON records and a flat CSV."""

from marsad.export.plover import CSV_COLUMNS, QUAD_CODES, csv_row, plover_record

__all__ = ["CSV_COLUMNS", "QUAD_CODES", "csv_row", "plover_record"]
