"""Profile → LaTeX → PDFs. Everything is generated and compiled first; outputs are
written only when every requested document compiled (Pelican's rule)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import registry
from .compile import Compiled, TexError, compile_to, discard, publish
from .model import Profile, Variant
from .problems import Problem, ProfileError
from .variants import apply, options_for, resolve


def render(profile: Profile, name: str) -> str:
    """The ``.tex`` source of the profile's variant ``name`` (pure: no I/O, no clock)."""
    return render_variant(profile, resolve(profile)[name])


def render_variant(profile: Profile, variant: Variant) -> str:
    options = options_for(profile, variant)
    layout = registry.get(variant.layout)
    return layout.build(apply(profile, variant, options.sections), options).dumps()


def select(profile: Profile, wanted: list[str] | None, filename: str) -> list[str]:
    available = list(resolve(profile))
    unknown = [w for w in wanted or [] if w not in available]
    if unknown:
        raise ProfileError(
            [
                Problem(
                    filename,
                    None,
                    None,
                    "variants",
                    f"no variant named {u!r}; available: {', '.join(available)}",
                )
                for u in unknown
            ]
        )
    return list(dict.fromkeys(wanted)) if wanted else available


def build(profile: Profile, names: list[str], out_dir: Path) -> list[Compiled]:
    """Compile every variant (in parallel), then publish all of them or none."""
    sources = {name: render(profile, name) for name in names}
    results: list[Compiled] = []
    errors: list[str] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(compile_to, tex, name, out_dir) for name, tex in sources.items()]
        for future in futures:
            try:
                results.append(future.result())
            except TexError as exc:
                errors.append(str(exc))
    if errors:
        for r in results:
            discard(r)
        raise TexError(
            "\n\n".join(errors) + f"\n(the failing .tex and .log are in {out_dir / 'failed'})"
        )
    for r in results:
        publish(r, out_dir)
    return results
