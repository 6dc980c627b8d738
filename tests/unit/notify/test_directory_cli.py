"""`netra directory check | show`: operators see every problem, and who a route reaches."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from services.cli import app

runner = CliRunner()


def test_check_passes_the_packaged_files() -> None:
    result = runner.invoke(app, ["directory", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK ")


def test_check_names_each_problem_and_fails(tmp_path: Path) -> None:
    thin = tmp_path / "directory.yaml"
    thin.write_text(
        "version: 2\nunits: [{pattern: 'BAWASLU:*', name: B, "
        "contacts: [{channel: email, target: b@x.test}]}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["directory", "check", "--directory-file", str(thin)])
    assert result.exit_code == 1
    assert "FAIL route SP4N_LAPOR: no directory entry" in result.output
    assert "FAIL BAWASLU:RI: no supervisor at or above it" in result.output


def test_check_refuses_a_malformed_file(tmp_path: Path) -> None:
    bad = tmp_path / "directory.yaml"
    bad.write_text("version: 2\nunits: [{pattern: X, name: Y}]\n", encoding="utf-8")
    result = runner.invoke(app, ["directory", "check", "--directory-file", str(bad)])
    assert result.exit_code == 1 and "nobody to tell" in result.output


def test_show_lists_the_unit_its_people_and_the_chain_above() -> None:
    result = runner.invoke(app, ["directory", "show", "BAWASLU:18.01"])
    assert result.exit_code == 0, result.output
    assert "Bawaslu Kabupaten Lampung Selatan" in result.output
    assert "officer staf.lamsel.01" in result.output
    assert "escalation chain: BAWASLU:18: kordiv.pp.lampung" in result.output
    unknown = runner.invoke(app, ["directory", "show", "NOWHERE:1"])
    assert unknown.exit_code == 1 and "no directory entry" in unknown.output
