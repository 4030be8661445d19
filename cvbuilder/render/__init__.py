"""Writing documents: one subpackage per output format."""
