"""The command line: click commands (commands), the fast path (fast) and the shared request
and printer (request)."""
