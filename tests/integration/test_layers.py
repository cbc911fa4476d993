"""The layering, as import-linter checks it (``[tool.importlinter]`` in pyproject.toml): data access
and the connectors are siblings over whofree.domain, and every contract is kept."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_data_and_providers_are_siblings_above_the_domain():
    contracts = _contracts()
    layers = next(c["layers"] for c in contracts.values() if c["type"] == "layers")
    siblings = layers.index("whofree.data | whofree.providers")
    assert layers[siblings + 1] == "whofree.domain"
    independent = [c["modules"] for c in contracts.values() if c["type"] == "independence"]
    assert ["whofree.data", "whofree.providers"] in independent
    domain = next(c for c in contracts.values() if c.get("source_modules") == ["whofree.domain"])
    assert {"whofree.data", "whofree.providers", "whofree.settings"} <= set(domain["forbidden_modules"])


def test_every_contract_is_kept():
    env = os.environ | {"PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'layers' / 'core'}"}
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:]
    assert f"Contracts: {len(_contracts())} kept, 0 broken." in done.stdout
