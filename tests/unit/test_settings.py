"""Typed settings: validated at init, naming the variable; docs/SETTINGS.md's tables and the
model agree; nothing else reads the environment for them; renamed variables keep their old names."""

from __future__ import annotations

import re

import pytest
from pydantic import SecretStr, ValidationError

from tests.conftest import ROOT
from whofree import settings as whofree_settings
from whofree.settings import Settings, SettingsError, variables

FUNCTIONS = ("api", "webhooks", "warmer")


def test_every_bad_variable_is_named_at_once(monkeypatch):
    monkeypatch.setenv("WHOFREE_BUSY_TTL", "0")
    monkeypatch.setenv("WHOFREE_NYLAS_BATCH", "many")
    with pytest.raises(SettingsError) as error:
        whofree_settings.load()
    assert "WHOFREE_BUSY_TTL:" in str(error.value)
    assert "WHOFREE_NYLAS_BATCH:" in str(error.value)


def test_renamed_variables_keep_their_old_names(monkeypatch):
    monkeypatch.setenv("WARM_TOP_N", "3")
    monkeypatch.setenv("NYLAS_BATCH", "7")
    loaded = whofree_settings.load()
    assert (loaded.warm_top_n, loaded.nylas_batch) == (3, 7)
    monkeypatch.setenv("WHOFREE_WARM_TOP_N", "4")  # the current name wins when both are set
    assert whofree_settings.load().warm_top_n == 4


def test_settings_are_frozen_and_secrets_stay_out_of_reprs(monkeypatch):
    monkeypatch.setenv("WHOFREE_CALENDLY_TOKEN", "do-not-print-me")
    loaded = whofree_settings.load()
    assert loaded.value("WHOFREE_CALENDLY_TOKEN") == "do-not-print-me"
    assert "do-not-print-me" not in repr(loaded)
    with pytest.raises(ValidationError):
        loaded.answer_ttl = 1  # type: ignore[misc]


def test_empty_means_unset(monkeypatch):
    monkeypatch.setenv("WHOFREE_TABLE_NAME", "")
    monkeypatch.setenv("WHOFREE_ANSWER_TTL", "")
    loaded = whofree_settings.load()
    assert (loaded.table_name, loaded.answer_ttl) == (None, 300)


def test_the_settings_fixture_starts_the_functions_with_new_settings(settings):
    from functions.api import app

    before = app.SETTINGS
    after = settings.setenv("WHOFREE_ANSWER_TTL", "42")
    assert after is not before
    assert app.SETTINGS is after
    assert app.RUNTIME.settings is after
    assert after.answer_ttl == 42
    assert app.RUNTIME.context(1).settings.answer_ttl == 42


# ---------------------------------------------------------------- docs/SETTINGS.md's tables


def documented_table() -> dict[str, str]:
    """Variable -> default cell, from every variable | default | meaning table of docs/SETTINGS.md (a
    row may name several)."""
    text = (ROOT / "docs" / "SETTINGS.md").read_text()
    rows: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 3, f"not a variable | default | meaning row: {line}"
        if cells[0] in {"variable", "---"}:
            continue
        names = re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[0])
        assert names, f"a row that names no variable: {line}"
        for name in names:
            assert name not in rows, f"{name} is listed twice"
            rows[name] = cells[1]
    return rows


def rendered(default: object) -> str:
    if default is None:
        return "unset"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    return f"`{default}`"


def model_table() -> dict[str, str]:
    rows = {}
    for name, field in Settings.model_fields.items():
        for variable in variables(name):
            rows[variable] = rendered(field.default)
    return rows


def test_the_settings_page_lists_every_setting_and_nothing_else():
    documented, model = documented_table(), model_table()
    assert sorted(set(model) - set(documented)) == [], "in the model, missing from docs/SETTINGS.md"
    assert sorted(set(documented) - set(model)) == [], "in docs/SETTINGS.md, not in the model"


def test_the_settings_page_gives_each_setting_its_default():
    documented, model = documented_table(), model_table()
    wrong = {name: (documented.get(name), model[name]) for name in model if documented.get(name) != model[name]}
    assert wrong == {}, "docs/SETTINGS.md default vs model default"


def test_every_credential_value_is_a_secret_type():
    fields = Settings.model_fields
    credentials = [n.removesuffix("_parameter") for n in fields if n.endswith("_parameter")]
    credentials += ["page_token_key", "google_access_token", "microsoft_access_token"]
    assert len(credentials) == 17
    for name in credentials:
        assert fields[name].annotation == SecretStr | None, name


# ---------------------------------------------------------------- nothing else reads them


def test_only_the_settings_module_reads_the_environment():
    offenders = []
    for folder in ("layers/core/whofree", "functions"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "layers/core/whofree/settings.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if re.search(r"\bos\.environ\b|\bgetenv\(|\benviron\[", line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "read settings through whofree.settings.load() at init, then the context"
