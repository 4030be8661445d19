"""cvbuilder layouts: one module per layout, each exposing ``Options`` and ``build``.

Contract: ``build(profile, options) -> pylatex.Document`` receives the profile
already filtered for its variant and its own validated options. No file I/O, no
subprocesses, no clock: the same input always gives the same ``.tex``.
"""
