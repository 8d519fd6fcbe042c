"""Smoke tests of the benchmarks: each script runs with tiny parameters and prints its figures.

The longer soak, with faults injected, is marked `slow`: `pytest -m slow` runs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO


def run_module(module: str, *args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """Run `python -m module args` from the repository; fail with its output if it fails."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, (
        f"{module} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    )
    return done


def fields(line: str) -> dict[str, str]:
    """The key=value fields of a one-line report."""
    return dict(item.split("=", 1) for item in line.split() if "=" in item)


def soak(agents: int, restarts: int, fault_ratio: float) -> dict[str, str]:
    """Run the soak benchmark; check what holds whatever the faults; return its figures."""
    done = run_module(
        "benchmarks.soak",
        *("--agents", str(agents), "--restarts", str(restarts), "--ramp", "0.5"),
        *("--fault-ratio", str(fault_ratio), "--think-ms", "0", "50"),
        *("--reply-timeout", "4", "--duration", "60"),
    )
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("soak "), done.stdout
    report = fields(lines[0])
    assert report["agents"] == report["finished"] == report["responses"] == str(agents)
    assert report["lost"] == report["doubled"] == "0"
    assert report["restarts"] == str(restarts)
    assert report["unexpected_exits"] == "0"
    assert report["sigterm_exit"] == "0"
    # Each agent answers 11 questions at least (no training, second line only, neither stress
    # nor overtime: three conditional questions do not apply); its actions include those answers.
    assert int(report["answers"]) >= agents * 11
    assert int(report["actions"]) >= int(report["answers"])
    return report


def test_soak_smoke_loses_and_doubles_nothing_through_a_restart() -> None:
    report = soak(agents=2, restarts=1, fault_ratio=0)
    assert report["faults"] == "0"
    assert report["bot_log_errors"] == "0"


@pytest.mark.slow
def test_soak_loses_and_doubles_nothing_through_faults_and_a_restart() -> None:
    report = soak(agents=5, restarts=1, fault_ratio=0.05)
    assert int(report["faults"]) > 0, "faults were injected"


def test_load_reports_both_bots() -> None:
    done = run_module(
        "benchmarks.load",
        *("--agents", "5", "--latency-ms", "0", "--duration", "30", "--rate-limiter", "off"),
        *("--in-progress", "8", "--in-progress-actions", "3"),
    )
    runs = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    kinds = [(run["bot"], run["agents"]) for run in runs]
    assert kinds == [("ours", 5), ("limit", 5), ("ours", 8)]
    for run in runs[:2]:
        assert run["finished"] == 5 and run["errors"] == 0
        assert run["answers"] >= 5 * 14 and run["answers_per_s"] > 0
        assert 0 < run["p50_ms"] <= run["p95_ms"] <= run["p99_ms"]
        assert run["peak_rss_mb"] > 0
        assert run["cpu_ms_per_action"] > 0 and run["startup_cpu_s"] > 0
    assert runs[0]["in_progress"] == 0 and runs[1]["in_progress"] is None
    # The memory run: every agent leaves the survey in progress after three actions.
    memory = runs[2]
    assert memory["finished"] == 0 and memory["errors"] == 0
    assert memory["in_progress"] == 8 and memory["answers"] == 8 * 3
    assert memory["peak_rss_mb"] > 0
    assert "x thr" in done.stdout
    ratio = runs[0]["cpu_ms_per_action"] / runs[1]["cpu_ms_per_action"]
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("cpu per action")]
    assert f"ratio {ratio:.2f}" in line


def test_load_profiles_the_bot_by_library(tmp_path: Path) -> None:
    profile = tmp_path / "bot.pstat"
    done = run_module(
        "benchmarks.load",
        *("--agents", "3", "--latency-ms", "0", "--duration", "30", "--rate-limiter", "off"),
        *("--in-progress", "0", "--bots", "ours", "--profile", str(profile)),
    )
    (run,) = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert run["finished"] == 3 and run["errors"] == 0
    assert profile.exists()
    printed = done.stdout
    assert f"{run['answers']} actions" in printed
    for group in ("python-telegram-bot", "ours: bot/telegram", "ours: storage", "asyncio"):
        assert f"\n  {group} " in printed, group
    assert "Intake.process" in printed, "our functions by cumulative time"
    sql = next(line for line in printed.splitlines() if line.startswith("SQLite: "))
    assert "write transactions" in sql and "/action" in sql


def test_figures_times_stats_and_exports() -> None:
    done = run_module(
        "benchmarks.figures", "--responses", "20", "--in-progress", "2", "--repeat", "1"
    )
    printed = done.stdout.splitlines()
    lines = [json.loads(raw) for raw in printed if raw.startswith("{")]
    steps = {line["step"]: line for line in lines}
    assert len(steps) == len(lines), "each step once"
    assert steps["build"]["responses"] == 20
    assert steps["build"]["in_progress"] == 2
    exports = {"export csv", "export json", "export xlsx", "report pdf"}
    assert {"figures (/stats, released)", *exports} <= steps.keys()
    assert all(steps[name]["size"] > 0 for name in exports)
    assert any(step.startswith("breakdown ") for step in steps)
    assert steps["load responses"]["size"] == 20, "the in-progress responses are not exported"
    for step in lines[1:]:
        assert step["loop_held_ms"] <= step["seconds"] * 1000 + 0.2
    # The closing table repeats every step, in order, with the same figures.
    table = printed[len(lines) + 1 :]
    assert printed[len(lines)].split()[:2] == ["step", "seconds"]
    assert len(table) == len(lines)
    for row, line in zip(table, lines, strict=True):
        assert row.startswith(f"{line['step']:28} {line['seconds']:8.3f} ")
        assert row.endswith(f"{line['rss_peak_mib']:8.1f}")


def test_figures_times_the_waves_comparison() -> None:
    done = run_module(
        "benchmarks.figures",
        *("--responses", "20", "--in-progress", "2", "--repeat", "1", "--waves"),
    )
    lines = [json.loads(raw) for raw in done.stdout.splitlines() if raw.startswith("{")]
    steps = {line["step"]: line for line in lines}
    assert steps["build wave 2"]["responses"] == 20
    for name in ("waves /stats (cold)", "waves /stats (first kept)"):
        assert steps[name]["size"] > 0, name


def test_submission_times_one_line_per_size() -> None:
    done = run_module("benchmarks.submission", "--submitted", "0", "40")
    lines = done.stdout.splitlines()
    assert [line.split()[1] for line in lines] == ["submitted_before=0", "submitted_before=40"]
    for line in lines:
        fields = dict(item.split("=") for item in line.split()[1:])
        assert 0 < float(fields["median_ms"]) <= float(fields["max_ms"])


def test_launch_reports_free_paid_and_the_closed_loop() -> None:
    done = run_module(
        "benchmarks.launch",
        *("--agents", "4", "--arrival", "0.5", "--think", "0.05", "--closed-loop", "3"),
        timeout=120,
    )
    runs = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    launch, loop = runs[:-1], runs[-1]
    assert [run["config"] for run in launch] == ["free", "paid"]
    for run in launch:
        assert run["not_finished"] == 0 and run["refused_429"] == 0
        assert 0 < run["wait_p50_s"] <= run["wait_p90_s"] <= run["wait_p99_s"]
        assert run["ack_p50_s"] is not None and run["calls_per_answer"] > 0
        assert run["paid_messages"] == 0, "four people need nothing paid"
    assert loop["agents"] == 3 and loop["not_finished"] == 0
    assert 0 < loop["wait_p50_s"] <= loop["wait_p99_s"]


def test_launch_with_two_surveys_open_costs_one_call_per_action() -> None:
    """Each agent opens its survey with the link (the copy's thanks differ, so an agent
    finishes only in the survey its link named); some people answer both."""
    done = run_module(
        "benchmarks.launch",
        *("--agents", "10", "--arrival", "0.5", "--think", "0.05", "--closed-loop", "0"),
        *("--configs", "free", "--surveys", "2", "--both", "0.5"),
        *("--reply-timeout", "5", "--deadline", "60"),
        timeout=120,
    )
    one, two = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert (one["surveys"], one["people"]) == (1, 10)
    assert two["surveys"] == 2 and 5 < two["people"] < 10, "some answer both, some one"
    for run in (one, two):
        assert run["not_finished"] == 0 and run["agents"] == 10
        assert run["calls_per_action"] == 1.0, run
    assert "free round-robin: 2 surveys / 1 survey: wait p50 " in done.stdout


def test_spam_reports_what_strangers_flooding_the_bot_cost() -> None:
    done = run_module(
        "benchmarks.spam", *("--accounts", "3", "--rate", "10", "--seconds", "1"), timeout=60
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["spam_sent"] == 30
    assert 0 < report["spam_replies"] <= 30
    assert report["paid_messages"] == report["paid_to_strangers"] == 0
    assert report["stars"] == 0
