"""``python -m cvbuilder.cli.commands``: the click application."""

from cvbuilder.cli.commands import main

main()
