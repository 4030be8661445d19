"""Choosing what a document shows: variants and their filters, the page budget."""
