"""The command line: click commands (commands, convert, common) and the fast path (fast)."""
