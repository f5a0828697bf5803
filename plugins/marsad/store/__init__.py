"""The only package that speaks SQL: connections, migrations, seeds and UPSERTs.

Every function takes its psycopg2 connection as an argument; every statement is
parameterized and every write is an UPSERT on a natural key, batched.

Transactions: store functions never commit or roll back, reads included; they run in
the transaction their caller opened (:func:`marsad.pipeline.transaction.transaction`,
one per unit of work). Two set-up functions own theirs: :func:`db.connect` sets the
session time zone, and :func:`migrate.apply_migrations` applies each migration file in
a transaction of its own.
"""
