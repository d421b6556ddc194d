"""``tui-interview completion bash|zsh|fish``: the scripts, and the answers
the program gives when a shell asks (commands, options, session ids,
competency ids), quickly and without Textual."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_interview.cli import HANDLERS, build_parser

COMMANDS = sorted(name for name in HANDLERS if name)
#: Stored session files; completion reads only the names.
IDS = ["k7m2qa", "k7m9zz", "p3x4yt"]


def completion_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUI_INTERVIEW_")}
    env["HOME"] = str(tmp_path / "home")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["TUI_INTERVIEW_DATA_DIR"] = str(tmp_path / "data")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.fixture
def stored(tmp_path) -> Path:
    sessions = tmp_path / "data" / "sessions"
    sessions.mkdir(parents=True)
    for session_id in IDS:
        (sessions / f"{session_id}.json").write_text("{}")
    (sessions / "k7m2qa.lock").write_text("")  # not a session
    (sessions / "k7\x1b[2J.json").write_text("{}")  # never on the command line
    return tmp_path


def ask(env: dict[str, str], line: str, shell: str = "bash", *extra: str) -> list[str]:
    """What ``tui-interview`` answers when ``shell`` completes ``line`` (the
    cursor at its end): the protocol the generated scripts speak."""
    out = env["HOME"] + ".answer"
    request = dict(env)
    request.update(
        _ARGCOMPLETE="1",
        _ARGCOMPLETE_SHELL=shell,
        _ARGCOMPLETE_IFS="\n",
        _ARGCOMPLETE_STDOUT_FILENAME=out,
        COMP_LINE=line,
        COMP_POINT=str(len(line)),
        COMP_TYPE="9",
    )
    if shell in ("zsh", "fish"):
        request["_ARGCOMPLETE_DFS"] = "\t"
    result = subprocess.run(
        [sys.executable, *extra, "-m", "tui_interview"],
        capture_output=True,
        text=True,
        env=request,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    answer = Path(out).read_text()
    return [item.split("\t")[0].strip() for item in answer.split("\n") if item]


@pytest.mark.parametrize(
    ("shell", "registration"),
    [
        ("bash", "complete -o nospace -o default -o bashdefault -F _python_argcomplete"),
        ("zsh", "#compdef tui-interview"),
        ("fish", "complete --command tui-interview"),
    ],
)
def test_each_shell_gets_a_script_that_asks_the_program(tmp_path, shell, registration):
    result = subprocess.run(
        [sys.executable, "-m", "tui_interview", "completion", shell],
        capture_output=True,
        text=True,
        env=completion_env(tmp_path),
        timeout=60,
    )
    assert result.returncode == 0 and result.stderr == ""
    assert registration in result.stdout and "tui-interview" in result.stdout
    # The script asks the program, which answers from its own parser, so
    # every command is offered in that shell's format.
    answer = ask(completion_env(tmp_path), "tui-interview ", shell)
    assert sorted(answer) == COMMANDS
    assert "--data-dir" in ask(completion_env(tmp_path), "tui-interview --d", shell)


def test_unknown_shells_are_refused(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tui_interview", "completion", "powershell"],
        capture_output=True,
        text=True,
        env=completion_env(tmp_path),
        timeout=60,
    )
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_commands_options_and_ids_are_completed(stored):
    env = completion_env(stored)
    assert sorted(ask(env, "tui-interview ")) == COMMANDS
    assert ask(env, "tui-interview res") == ["resume"]
    assert ask(env, "tui-interview export --f") == ["--format", "--force"]
    assert ask(env, "tui-interview export k7m --format ") == ["markdown", "json", "html"]
    for command in ("resume", "export", "delete", "plan"):
        assert ask(env, f"tui-interview {command} ") == IDS
        assert ask(env, f"tui-interview {command} k7") == ["k7m2qa", "k7m9zz"]
        assert ask(env, f"tui-interview {command} p") == ["p3x4yt"]
    assert ask(env, "tui-interview guide --competency serv") == ["service-management-processes"]
    assert ask(env, "tui-interview new --candidate Ada --competency ") == [
        "service-management-processes"
    ]


def test_data_dir_on_the_line_is_where_ids_come_from(stored, tmp_path):
    env = completion_env(stored)
    other = tmp_path / "other"
    (other / "sessions").mkdir(parents=True)
    (other / "sessions" / "zz2345.json").write_text("{}")
    assert ask(env, f"tui-interview --data-dir {other} resume ") == ["zz2345"]
    assert ask(env, f"tui-interview resume --data-dir {other} z") == ["zz2345"]
    assert ask(env, f"tui-interview --data-dir {tmp_path / 'none'} resume ") == []


def test_content_on_the_line_adds_competency_ids(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    shipped = Path(__file__).parents[2] / "content" / "service-management-processes.yaml"
    text = shipped.read_text(encoding="utf-8").replace(
        "id: service-management-processes", "id: service-design", 1
    )
    (content / "design.yaml").write_text(text, encoding="utf-8")
    env = completion_env(tmp_path)
    assert ask(env, f"tui-interview guide --content {content} --competency service-d") == [
        "service-design"
    ]


def test_session_ids_complete_without_textual(stored):
    """``-X importtime`` lists every module the completion imports."""
    env = completion_env(stored)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui_interview"],
        capture_output=True,
        text=True,
        env=env
        | {
            "_ARGCOMPLETE": "1",
            "_ARGCOMPLETE_IFS": "\n",
            "_ARGCOMPLETE_STDOUT_FILENAME": str(stored / "answer"),
            "COMP_LINE": "tui-interview resume k7",
            "COMP_POINT": str(len("tui-interview resume k7")),
        },
        timeout=60,
    )
    imported = [line.split("|")[-1].strip() for line in result.stderr.splitlines()]
    assert "argcomplete" in imported and "tui_interview.completion" in imported
    assert not [m for m in imported if m.split(".")[0] in ("textual", "rich", "tinydb", "yaml")]
    assert (stored / "answer").read_text().split() == ["k7m2qa", "k7m9zz"]


@pytest.mark.slow
def test_session_ids_at_1000_sessions_answer_fast(tmp_path):
    """The time a shell waits for the ids, against the bare interpreter
    started the same way in the same run (the machine is shared)."""
    sessions = tmp_path / "data" / "sessions"
    sessions.mkdir(parents=True)
    for n in range(1000):
        (sessions / f"s{n:05d}.json").write_text("{}")
    env = completion_env(tmp_path)

    def best_of(run, times=5):
        spent = []
        for _ in range(times):
            start = time.perf_counter()
            run()
            spent.append(time.perf_counter() - start)
        return min(spent)

    answer = []
    took = best_of(lambda: answer.append(ask(env, "tui-interview resume s001")))
    bare = best_of(
        lambda: subprocess.run([sys.executable, "-c", "pass"], env=env, check=True, timeout=60)
    )
    assert answer[-1] == [f"s{n:05d}" for n in range(1000) if f"{n:05d}".startswith("001")]
    # Measured 60-75 ms on the 2-core machine when quiet (a bare interpreter:
    # 15-25 ms); under load both grow, so the bound does too.
    assert took < max(0.15, 5 * bare), (took, bare)


def test_the_parser_offers_completers_for_every_session_and_competency_argument():
    from tui_interview.completion import COMPLETERS, _actions

    dests = {action.dest for action in _actions(build_parser())}
    assert set(COMPLETERS) <= dests


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_and_session_ids_end_to_end(stored):
    """The generated script loaded into bash, its function called as bash
    calls it on Tab; COMPREPLY is what the user would see."""
    script = """
source <(tui-interview completion bash)
complete_line() {
    COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
    read -ra COMP_WORDS <<< "$COMP_LINE"
    [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    COMPREPLY=()
    _python_argcomplete tui-interview "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf '%s|' "${COMPREPLY[@]}"; echo
}
complete -p tui-interview
complete_line "tui-interview comp"
complete_line "tui-interview resume k7m"
complete_line "tui-interview delete p"
"""
    result = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        env=completion_env(stored),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("-F _python_argcomplete tui-interview")
    assert lines[1] == "competencies|completion|"
    assert lines[2] == "k7m2qa|k7m9zz|"
    assert lines[3] == "p3x4yt |"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_commands_ids_and_descriptions_end_to_end(stored):
    """fish's own ``complete -C`` with the generated script loaded."""
    script = (
        "tui-interview completion fish | source; "
        'complete -C "tui-interview res"; echo ---; complete -C "tui-interview resume k7"; '
        'echo ---; complete -C "tui-interview guide --competency s"'
    )
    env = completion_env(stored) | {"XDG_DATA_HOME": str(stored / "fish-data")}
    result = subprocess.run(
        ["fish", "--no-config", "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    commands, ids, competencies = result.stdout.split("---\n")
    assert commands == "resume\treopen a stored interview\n"
    assert ids.split() == ["k7m2qa", "k7m9zz"]
    assert competencies == "service-management-processes\tService Management Processes\n"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_completes_session_ids_end_to_end(stored):
    """An interactive zsh (compinit, the script loaded as docs/guide/scripting.md says)
    in a pseudo-terminal (zpty): Tab completes the ids' common prefix, a
    second Tab lists them."""
    home = stored / "zsh"
    home.mkdir()
    (home / ".zshrc").write_text(
        "PS1='%% '\nautoload -Uz compinit && compinit -u\n"
        'eval "$(tui-interview completion zsh)"\n'
    )
    driver = r"""
zmodload zsh/zpty
zpty z 'zsh -i'
sleep 1
zpty -w -n z $'tui-interview resume k7\t'
out=""
for i in {1..40}; do
  while zpty -r -t z chunk; do out+=$chunk; done
  [[ $out == *"resume k7m"* ]] && break
  sleep 0.25
done
zpty -w -n z $'\t'
for i in {1..40}; do
  while zpty -r -t z chunk; do out+=$chunk; done
  [[ $out == *k7m9zz* ]] && break
  sleep 0.25
done
print -r -- "$out"
zpty -d z
"""
    env = completion_env(stored) | {"ZDOTDIR": str(home)}
    result = subprocess.run(
        ["zsh", "-f", "-c", driver], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "tui-interview resume k7m" in result.stdout
    assert "k7m2qa" in result.stdout and "k7m9zz" in result.stdout
    assert "p3x4yt" not in result.stdout
