"""The client package in clients/python: the committed code is what scripts/generate_client.py makes of
the document the code serves today, and the wheel built from it drives the local runner with typed
models, errors included."""

from __future__ import annotations

import datetime as dt
import filecmp
import importlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "clients" / "python"
DAY = dt.datetime(2030, 3, 11, tzinfo=dt.UTC)


def generate(output: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_client.py"), "--output", str(output)],
        check=True,
        capture_output=True,
        timeout=300,
    )


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ, or exist on one side only, between two trees (caches aside)."""
    found = []
    stack = [filecmp.dircmp(left, right, ignore=["__pycache__", ".ruff_cache"])]
    while stack:
        cmp = stack.pop()
        base = Path(cmp.left).relative_to(left)
        found += [f"only in the committed package: {base / n}" for n in cmp.left_only]
        found += [f"only in a fresh generation: {base / n}" for n in cmp.right_only]
        found += [f"differs: {base / n}" for n in cmp.diff_files]
        stack += cmp.subdirs.values()
    return sorted(found)


def test_the_committed_client_is_a_fresh_generation(tmp_path):
    fresh = tmp_path / "python"
    generate(fresh)
    problems = differences(PACKAGE, fresh)
    assert not problems, "clients/python is stale; run `make client` and commit it:\n" + "\n".join(problems)


def test_a_stale_client_is_caught(tmp_path):
    copy = tmp_path / "python"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert differences(PACKAGE, copy) == []
    (copy / "whofree_client" / "models" / "error_body.py").write_text("# edited by hand\n")
    (copy / "whofree_client" / "models" / "gone.py").write_text("")
    assert differences(PACKAGE, copy) == [
        "differs: whofree_client/models/error_body.py",
        "only in a fresh generation: whofree_client/models/gone.py",
    ]


def test_the_generator_refuses_to_overwrite_a_folder_that_is_not_a_client(tmp_path):
    (tmp_path / "precious.txt").write_text("mine")
    with pytest.raises(subprocess.CalledProcessError):
        generate(tmp_path)
    assert (tmp_path / "precious.txt").read_text() == "mine"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a copy of clients/python (no build files left in the repository)."""
    work = tmp_path_factory.mktemp("client-build")
    source = work / "python"
    shutil.copytree(PACKAGE, source, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(work), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = work.glob("whofree_client-*.whl")
    return built


@pytest.fixture(scope="module")
def client(wheel, runner, tmp_path_factory):
    """The package as installed from the wheel (pip install --target), imported from there only."""
    site = tmp_path_factory.mktemp("client-site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    forget = [m for m in sys.modules if m == "whofree_client" or m.startswith("whofree_client.")]
    saved = {m: sys.modules.pop(m) for m in forget}
    sys.path.insert(0, str(site))
    try:
        package = importlib.import_module("whofree_client")
        assert Path(package.__file__).is_relative_to(site)
        yield package.Client(base_url=runner.base, raise_on_unexpected_status=True)
    finally:
        sys.path.remove(str(site))
        for m in [m for m in sys.modules if m == "whofree_client" or m.startswith("whofree_client.")]:
            del sys.modules[m]
        sys.modules.update(saved)


def test_the_wheel_is_named_and_typed(wheel):
    assert wheel.name.startswith("whofree_client-1.0.0-py3-none-any")
    names = zipfile.ZipFile(wheel).namelist()
    assert "whofree_client/py.typed" in names
    assert "whofree_client/api/availability/post_availability.py" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Name: whofree-client" in text
    assert "Requires-Dist: httpx" in text


def module(name: str):
    return importlib.import_module(f"whofree_client.{name}")


def test_availability_and_a_typed_400(client):
    m = module("models")
    post = module("api.availability.post_availability")
    team = {
        "start_time": "2030-03-11T00:00:00Z",
        "end_time": "2030-03-12T00:00:00Z",
        "duration_minutes": 60,
        "participants": [
            {
                "id": "ana@example.com",
                "busy": [{"start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-11T23:00:00Z"}],
            },
            {"id": "ben@example.com"},
        ],
    }
    answer = post.sync(client=client, body=m.AvailabilityRequest.from_dict(team))
    assert isinstance(answer, m.AvailabilityResponse)
    assert answer.collection[0].available == ["ben@example.com"]
    assert answer.collection[-1].available == ["ana@example.com", "ben@example.com"]
    refused = post.sync_detailed(client=client, body=m.AvailabilityRequest.from_dict({**team, "duration_minutes": 0}))
    assert refused.status_code == 400
    assert isinstance(refused.parsed, m.ErrorBody)
    assert refused.parsed.title == "Invalid Argument"
    assert [d.parameter for d in refused.parsed.details] == ["duration_minutes"]


def test_event_type_times_and_a_hold_made_and_released(client):
    m = module("models")
    times = module("api.event_types.get_event_type_available_times").sync(
        client=client, event_type="demo-team", start_time=DAY, end_time=DAY + dt.timedelta(days=1)
    )
    assert isinstance(times, m.EventTypeAvailableTimes)
    slot = next(s for s in times.collection if s.start_time.hour == 15 and s.start_time.minute == 0)
    assert isinstance(slot.available_hosts[0], m.AvailableHost)
    assert "chen@example.com" in [h.id for h in slot.available_hosts]

    post = module("api.reservations.post_reservation")
    body = m.ReservationRequest(event_type="demo-team", start_time=slot.start_time, host="chen@example.com")
    held = post.sync_detailed(client=client, body=body)
    assert held.status_code == 201
    assert isinstance(held.parsed, m.ReservationEnvelope)
    assert held.parsed.resource.hosts == ["ana@example.com", "chen@example.com"]
    again = post.sync_detailed(client=client, body=body)
    assert again.status_code == 409
    assert isinstance(again.parsed, m.ErrorBody)
    release = module("api.reservations.delete_reservation")
    assert release.sync_detailed(held.parsed.resource.uid, client=client).status_code == 204
    gone = release.sync_detailed(held.parsed.resource.uid, client=client)
    assert gone.status_code == 404
    assert isinstance(gone.parsed, m.ErrorBody)
