"""Zone rules on Lambda come from the layer's tzdata package, not the image's /usr/share/zoneinfo.

Shown with a stale system zone directory: a fake America/New_York that is plain UTC. Outside
Lambda zoneinfo reads it (system first); on Lambda whofree makes tzdata the only source."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tzdata

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, zoneinfo, datetime, whofree;"
    "z = zoneinfo.ZoneInfo('America/New_York');"
    "offset = datetime.datetime(2030, 7, 1, tzinfo=z).utcoffset().total_seconds();"
    "print(json.dumps({'source': whofree.ZONE_SOURCE, 'tzpath': list(zoneinfo.TZPATH), 'offset': offset}))"
)


def probe(tmp_path: Path, **env: str) -> dict:
    stale = tmp_path / "zoneinfo"
    (stale / "America").mkdir(parents=True, exist_ok=True)
    utc = Path(tzdata.__file__).parent / "zoneinfo" / "UTC"
    shutil.copy(utc, stale / "America" / "New_York")  # an out-of-date image: New York on UTC
    base = {k: v for k, v in os.environ.items() if k not in ("AWS_LAMBDA_FUNCTION_NAME", "WHOFREE_ZONES")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**base, "PYTHONTZPATH": str(stale), "PYTHONPATH": str(ROOT / "layers" / "core"), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_outside_lambda_the_system_directory_comes_first(tmp_path):
    seen = probe(tmp_path)
    assert seen["source"] == "system"
    assert seen["offset"] == 0  # the stale file won


def test_on_lambda_the_layers_tzdata_is_the_only_source(tmp_path):
    seen = probe(tmp_path, AWS_LAMBDA_FUNCTION_NAME="whofree-api")
    assert seen == {"source": "tzdata", "tzpath": [], "offset": -4 * 3600}  # EDT, from tzdata 2026.x


def test_whofree_zones_tzdata_makes_lambdas_choice_anywhere(tmp_path):
    seen = probe(tmp_path, WHOFREE_ZONES="tzdata")
    assert seen == {"source": "tzdata", "tzpath": [], "offset": -4 * 3600}


def test_a_misspelt_whofree_zones_fails_the_import_naming_it(tmp_path):
    with pytest.raises(subprocess.CalledProcessError) as failed:
        probe(tmp_path, WHOFREE_ZONES="tzdta")
    last = failed.value.stderr.strip().splitlines()[-1]
    assert last.startswith("whofree.settings.SettingsError: Invalid whofree setting: WHOFREE_ZONES:")
    assert "tzdta" not in last
