"""Issue 24, §2: transcripts whose author is proven. A key pair per
interviewer made on first use (0600), exports signed over canonical JSON, a
plan file listing the members' keys, and the panel marking each transcript
verified, unverified or forged."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from conftest import SMP, run_cli
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from test_panel_report import interview

from tui_interview.domain.plan_file import render_plan
from tui_interview.domain.rating import submit_rating
from tui_interview.export.json_export import read_export, render_json
from tui_interview.export.panel_pipeline import read_panel
from tui_interview.export.signing import (
    FORGED,
    UNVERIFIED,
    VERIFIED,
    check_signature,
    key_path,
    load_or_create_key,
    public_key_text,
)


@pytest.fixture
def cli_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["HOME"] = str(tmp_path / "home")
    env["TUI_INTERVIEW_DATA_DIR"] = str(tmp_path / "data")
    return env


def test_a_key_is_made_on_first_use_private_and_kept(tmp_path):
    path = tmp_path / "config" / "signing-key.pem"
    key = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert public_key_text(load_or_create_key(path)) == public_key_text(key)
    assert key_path().name == "signing-key.pem"


def test_an_export_carries_its_public_key_and_a_signature(tmp_path, clock):
    key = Ed25519PrivateKey.generate()
    text = render_json(interview(clock, "Grace", 2), now=clock(), signing_key=key)
    document = json.loads(text)
    assert document["signature"]["algorithm"] == "ed25519"
    assert document["signature"]["public_key"] == public_key_text(key)
    signature = check_signature(document)
    assert (signature.state, signature.public_key) == ("valid", public_key_text(key))
    assert read_export(text).interviewer == "Grace"  # still an importable export
    document["session"]["ratings"][0]["level"] = 5
    tampered = check_signature(document)
    assert tampered.state == "invalid" and "does not match" in tampered.problem


def test_the_export_command_signs_with_the_users_key(tmp_path, clock, cli_env):
    source = tmp_path / "in.json"
    source.write_text(render_json(interview(clock, "Grace", 2), now=clock()), encoding="utf-8")
    imported = run_cli(cli_env, "import-session", str(source))
    assert imported.returncode == 0, imported.stderr
    out = tmp_path / "out"
    result = run_cli(cli_env, "export", "s-grace", "--format", "json", "--output-dir", str(out))
    assert result.returncode == 0, result.stderr
    [file] = out.glob("*.json")
    document = json.loads(file.read_text(encoding="utf-8"))
    assert check_signature(document).state == "valid"
    key = Path(cli_env["XDG_CONFIG_HOME"]) / "tui-interview" / "signing-key.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert document["signature"]["public_key"] == public_key_text(load_or_create_key(key))


def board_with_keys(tmp_path, clock):
    """Grace and Alan sign with their keys, which the plan lists; Barbara's
    file is not signed; a forger signs a file under Alan's name."""
    keys = {name: Ed25519PrivateKey.generate() for name in ("Grace", "Alan", "Mallory")}
    shared = tmp_path / "shared"
    shared.mkdir()
    grace = interview(clock, "Grace", 1)
    (shared / "grace.json").write_text(render_json(grace, now=clock(), signing_key=keys["Grace"]))
    alan = interview(clock, "Alan", 2)
    (shared / "alan.json").write_text(render_json(alan, now=clock(), signing_key=keys["Alan"]))
    barbara = interview(clock, "Barbara", 4)
    (shared / "barbara.json").write_text(render_json(barbara, now=clock()))
    fake = interview(clock, "Alan", 5, session_id="fake01")
    (shared / "0-alan.json").write_text(render_json(fake, now=clock(), signing_key=keys["Mallory"]))
    plan = json.loads(render_plan(grace))
    plan["members"] = [
        {"interviewer": name, "public_key": public_key_text(keys[name])}
        for name in ("Grace", "Alan")
    ]
    (shared / "plan.json").write_text(json.dumps(plan))
    return shared, keys


def test_the_panel_marks_verified_unverified_and_forged(tmp_path, clock, cli_env):
    shared, _ = board_with_keys(tmp_path, clock)
    panel = read_panel([shared])
    [group] = panel.groups
    marks = {(m.session.interviewer, m.session.id): m.authenticity.status for m in group.members}
    assert marks == {
        ("Grace", "s-grace"): VERIFIED,
        ("Alan", "s-alan"): VERIFIED,
        ("Alan", "fake01"): FORGED,
        ("Barbara", "s-barbara"): UNVERIFIED,
    }
    reasons = {(Path(m.file).name, m.reason) for m in panel.mismatches}
    assert ("0-alan.json", "forged") in reasons
    assert ("alan.json", "same interviewer") in reasons or (
        "0-alan.json",
        "same interviewer",
    ) in reasons
    result = run_cli(cli_env, "panel", str(shared), "--format", "json")
    assert result.returncode == 0
    assert "0-alan.json: forged: Alan's transcript: signed with a key other than" in result.stderr
    [doc] = json.loads(result.stdout)["groups"]
    statuses = {m["file"].rsplit("/", 1)[-1]: m["authenticity"]["status"] for m in doc["members"]}
    assert statuses == {
        "0-alan.json": FORGED,
        "alan.json": VERIFIED,
        "barbara.json": UNVERIFIED,
        "grace.json": VERIFIED,
    }
    markdown = run_cli(cli_env, "panel", str(shared)).stdout
    assert "forged: signed with a key other than the one the plan lists" in markdown


def test_a_tampered_copy_never_wins_as_the_newest(tmp_path, clock):
    key = Ed25519PrivateKey.generate()
    shared = tmp_path / "shared"
    shared.mkdir()
    grace = interview(clock, "Grace", 2)
    (shared / "grace.json").write_text(render_json(grace, now=clock(), signing_key=key))
    submit_rating(grace, SMP, 5, "tampered", clock(), reason="more")
    document = json.loads(render_json(grace, now=clock(), signing_key=key))
    document["session"]["interviewer"] = "Grace"  # any change after signing
    document["signature"]["value"] = document["signature"]["value"][::-1]
    (shared / "a-grace.json").write_text(json.dumps(document))
    [group] = read_panel([shared]).groups
    [member] = group.members
    assert Path(member.file).name == "grace.json"
    assert member.session.current_rating(SMP).level == 2


def test_calibration_leaves_a_forged_transcript_out_and_names_it(tmp_path, clock):
    from tui_interview.export.fairness_source import read_panels

    shared, _ = board_with_keys(tmp_path, clock)
    read = read_panels([shared])
    [panel] = read.panels
    assert sorted(s.id for s in panel.sessions) == ["s-alan", "s-barbara", "s-grace"]
    assert any("0-alan.json: forged" in notice for notice in read.notices)
