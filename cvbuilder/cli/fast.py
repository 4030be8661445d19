"""The console entry point. ``cvbuilder build`` with nothing changed is answered here from the
build cache, before click, pydantic or PyLaTeX are imported; any other build goes to the
resident helper when one is running (:mod:`cvbuilder.helper`), else to the click application in
:mod:`cvbuilder.cli.commands`, which then leaves a helper for the next build. The request, the
cache check and the printer are the objects the click command uses (:mod:`cvbuilder.request`,
:mod:`cvbuilder.pipeline`)."""

from __future__ import annotations

import sys


def entry() -> None:
    from cvbuilder.request import fast_request

    argv = sys.argv[1:]
    parsed = fast_request(argv)
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
    if not argv or argv[0] != "build":
        from cvbuilder.cli.commands import main

        main()
        return
    from cvbuilder.helper import client as helper

    code = helper.run(argv)
    if code is not None:
        sys.exit(code)
    from cvbuilder.cli.commands import main

    try:
        main()
    except SystemExit:
        helper.start()  # for the next build
        raise
