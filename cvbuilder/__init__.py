"""cvbuilder: one validated YAML profile in, an academic CV and a résumé out."""

__version__ = "0.1.0"
