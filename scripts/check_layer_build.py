"""Checks a `sam build` output: the layer must run on Lambda python3.13/arm64.

Every native extension must be an aarch64 ELF built for CPython 3.13 (or the stable ABI), every
.pyc must carry Python 3.13's magic number, and the whofree package and its dependencies must be
importable from the layer's python/ folder. Exit 1 with a list of problems otherwise.

    python scripts/check_layer_build.py .aws-sam/build
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

EM_AARCH64 = 183
REQUIRED = (
    "whofree",
    "whofree/engine",
    "whofree/providers",
    "whofree/data",
    "whofree/times",
    "whofree/times/kinds",
    "whofree/http/ui",  # the page's HTML, CSS and JS (GET /v1/ui)
    "whofree/http/swagger_ui",  # Swagger UI served by the function (make setup copies it from npm)
    "aws_lambda_powertools",
    "pydantic",
    "pydantic_core",
    "msgspec",  # POST /v1/availability decodes its busy lists with it
    "tzdata",
    "httpx",
    "recurring_ical_events",
    "icalendar",
)


def elf_machine(path: Path) -> int | None:
    head = path.read_bytes()[:20]
    if head[:4] != b"\x7fELF":
        return None
    byteorder = "little" if head[5] == 1 else "big"
    return int.from_bytes(head[18:20], byteorder)


def problems(build_dir: Path) -> list[str]:
    found: list[str] = []
    layer = build_dir / "CoreLayer" / "python"
    if not layer.is_dir():
        return [f"{layer} is missing: did sam build run?"]
    for name in REQUIRED:
        if not (layer / name).is_dir():
            found.append(f"missing package {name}")
    shared = list(layer.rglob("*.so"))
    if not shared:
        found.append("no native extension found (pydantic_core should have one)")
    for so in shared:
        if elf_machine(so) != EM_AARCH64:
            found.append(f"{so.relative_to(layer)} is not an aarch64 ELF")
        if "cpython-313" not in so.name and ".abi3." not in so.name and so.name.count(".") > 1:
            found.append(f"{so.relative_to(layer)} is not built for CPython 3.13")
    magic = importlib.util.MAGIC_NUMBER if sys.version_info[:2] == (3, 13) else None
    pycs = list(layer.rglob("*.pyc"))
    if not pycs:
        found.append("no .pyc files: the layer was not byte-compiled")
    for pyc in pycs:
        if ".cpython-313." not in pyc.name:
            found.append(f"{pyc.relative_to(layer)} is not a cpython-313 .pyc")
        elif magic is not None and pyc.read_bytes()[:4] != magic:
            found.append(f"{pyc.relative_to(layer)} has a foreign magic number")
    sources = [p for p in layer.rglob("*.py") if "__pycache__" not in p.parts]
    compiled = {p.parent.parent / (p.name.split(".")[0] + ".py") for p in pycs}
    missing = [p for p in sources if p not in compiled]
    if missing:
        found.append(f"{len(missing)} .py files without a cpython-313 .pyc, e.g. {missing[0].relative_to(layer)}")
    for function in ("ApiFunction", "WarmerFunction", "WebhooksFunction", "SubscriptionsFunction"):
        if not (build_dir / function / "app.py").is_file():
            found.append(f"{function}/app.py is missing")
    return found


def main() -> int:
    build_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ".aws-sam/build")
    issues = problems(build_dir)
    for issue in issues[:50]:
        print(f"layer check: {issue}", file=sys.stderr)
    if issues:
        return 1
    layer = build_dir / "CoreLayer" / "python"
    print(
        f"layer check: OK ({sum(1 for _ in layer.rglob('*.so'))} aarch64 extensions, "
        f"{sum(1 for _ in layer.rglob('*.pyc'))} cp313 .pyc files)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
