"""Why a backup or a restore refuses. Operator-facing and in English, like the other commands."""


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why and what to do."""
