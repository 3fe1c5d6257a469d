"""Backups: one archive holding a consistent copy of the database, the uploads and a manifest.

`flask backup create` and `flask backup restore` (cli.py) on either database: SQLite through its
online backup API (sqlite_copy.py), PostGIS through pg_dump and pg_restore as the app's own role
(postgres_copy.py). The manifest (manifest.py) records the schema revision, each table's row
count and content checksum (fingerprints.py) and every file's sha256; restore checks them all
before it touches anything, and the tables again after.
"""
