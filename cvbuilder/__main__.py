"""``python -m cvbuilder``: the same as the ``cvbuilder`` command."""

from cvbuilder.cli.fast import entry

entry()
