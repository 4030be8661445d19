"""The command line: click commands (commands, convert, common) and the fast path (fast)."""

import os

# Pydantic looks for plugins through every installed distribution's entry points on first use
# (about 0.06 of a bare TeX pass); the command line uses none. A user who wants plugins sets it.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
