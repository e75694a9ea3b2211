"""Backups, restores and drills that cannot destroy data and never bring sealed data back.

A backup is one file, a tar archive holding ``manifest.json`` (format, jurycourt's version, the
database kind, its migrations, the time, row counts per table, the payload's size and SHA-256) and
the payload (a SQLite copy made by the online backup API, or ``pg_dump -Fc``). It is written
beside its target, verified, and only then renamed into place, readable by its owner only.

A restore verifies everything before touching the database, backs the current database up first,
refuses while a server serves the database outside maintenance, replaces it atomically, migrates an
older backup, and seals again every case the seal log names (see ``seal_log``).
"""


class BackupError(Exception):
    """The backup, restore or drill could not be done; the message says why (one line)."""
