"""Other formats read and written: BibTeX and JSON Resume."""
