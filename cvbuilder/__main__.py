"""``python -m cvbuilder``: the same as the ``cvbuilder`` command."""

from .fast import entry

entry()
