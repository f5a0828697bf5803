"""The only package that speaks SQL: connections, migrations, seeds and UPSERTs.

Every function takes its psycopg2 connection as an argument; every statement is
parameterized and every write is an UPSERT on a natural key, batched.
"""
