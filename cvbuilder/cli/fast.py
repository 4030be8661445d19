"""The console entry point. ``cvbuilder build`` with nothing changed is answered here from the
build cache, before click, pydantic or PyLaTeX are imported; everything else goes to the
click application in :mod:`cvbuilder.cli.commands`. The request, the cache check and the printer
are the objects the click command uses (:mod:`cvbuilder.request`, :mod:`cvbuilder.pipeline`)."""

from __future__ import annotations

import sys


def entry() -> None:
    from cvbuilder.request import fast_request

    parsed = fast_request(sys.argv[1:])
    if parsed is not None:
        from cvbuilder.settings import problems

        request, quiet = parsed
        if not problems() and request.out.is_dir():
            from cvbuilder.pipeline import unchanged
            from cvbuilder.request import Printer, Report

            report = Report()
            if unchanged(request, report):
                Printer(quiet=quiet).print(report)
                return
    from cvbuilder.cli.commands import main

    main()
