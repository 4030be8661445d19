"""cvbuilder's own layouts: one module per layout, each keeping the contract of
:class:`cvbuilder.layout.Layout` (``Options``, ``build``, ``DEFAULT_SECTIONS``, ``TIGHTEST``).

Every ``*.py`` file here not starting with ``_`` is a layout named after the file (see
:mod:`cvbuilder.registry`); other packages add layouts through the entry-point group
``cvbuilder.layouts``. A layout imports only absolute names, so its file works when copied
into another package.
"""
