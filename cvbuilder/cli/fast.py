"""The console entry point. ``cvbuilder build`` with nothing changed is answered here from the
stamp of file identities (:mod:`cvbuilder.stamp`) or the build cache, before click, pydantic or
PyLaTeX are imported; any other build goes to the
resident helper when one is running (:mod:`cvbuilder.helper`), else to the click application in
:mod:`cvbuilder.cli.commands`, which then leaves a helper for the next build. The request, the
cache check and the printer are the objects the click command uses (:mod:`cvbuilder.request`,
:mod:`cvbuilder.pipeline`)."""

from __future__ import annotations

import sys


def entry() -> None:
    from cvbuilder import stamp

    argv = sys.argv[1:]
    if stamp.answer(argv):  # nothing changed, and no file even looks touched
        return
    from cvbuilder.request import fast_request

    parsed = fast_request(argv)
    if parsed is not None:
        from cvbuilder.settings import problems

        request, quiet = parsed
        if not problems() and request.out.is_dir():
            from cvbuilder.cache import load
            from cvbuilder.pipeline import unchanged
            from cvbuilder.printable import echo
            from cvbuilder.request import Printer, Report

            before = stamp.taken(argv, str(request.out), load(request.out))
            report = Report()
            if unchanged(request, report):
                lines: list[tuple[str, bool]] = []
                Printer(quiet=quiet, echo=lambda text, err=False: lines.append((text, err))).print(
                    report
                )
                for text, err in lines:
                    echo(text, err)
                if before is not None:
                    stamp.write(str(request.out), before, lines)
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
