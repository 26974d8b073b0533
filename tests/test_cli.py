"""The command line as a user meets it: headless runs, metrics, trajectories, validation."""

import json
import subprocess
import sys

from helpers import ROOT


def main_py(*args, check=False):
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=check,
    )


def test_simulate_writes_metrics_and_pedpy_trajectories(tmp_path):
    metrics = tmp_path / "m.json"
    traj = tmp_path / "t.txt"
    out = main_py(
        "simulate",
        "levels/test/gate_alone.toml",
        "--seconds",
        "20",
        "--metrics",
        str(metrics),
        "--trajectories",
        str(traj),
        check=True,
    )
    assert "gate gate broken" in out.stdout
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("state-hash: ") and len(last.split()[-1]) == 32
    assert "Traceback" not in out.stderr

    m = json.loads(metrics.read_text())
    assert m["series"]["time"] == list(range(1, 21))
    assert m["series"]["agents_present"][-1] == 500
    zone = m["series"]["zones"]["before_gate"]
    assert max(zone["density"]) > 1.5  # the crowd packs in front of the gate
    assert all(s is None or 0 <= s < 3 for s in zone["mean_speed"])
    assert sum(m["series"]["lines"]["gate_line"]["forward"]) > 50  # and pours through
    assert [e["gate"] for e in m["events"] if e["kind"] == "gate_broken"] == ["gate"]
    assert m["state_hash"] == last.split()[-1]

    import pedpy

    data = pedpy.load_trajectory_from_txt(trajectory_file=traj)
    assert data.frame_rate == 10
    assert data.data["frame"].max() == 200  # 20 s at 10 frames a second
    assert data.data["id"].nunique() == 500
    assert data.data["x"].between(0, 60).all()


def test_exit_times_are_recorded(tmp_path):
    metrics = tmp_path / "m.json"
    main_py(
        "simulate",
        "levels/lapangan_latihan.toml",
        "--seconds",
        "60",
        "--quiet",
        "--metrics",
        str(metrics),
        check=True,
    )
    m = json.loads(metrics.read_text())
    assert len(m["exit_times"]) > 0
    assert all(0 < t <= 60 for t in m["exit_times"].values())
    assert m["series"]["agents_present"][-1] == 80 - len(m["exit_times"])


def test_orders_file_is_applied_and_refusals_are_reported(tmp_path):
    orders = tmp_path / "o.json"
    orders.write_text(
        json.dumps(
            [
                {"type": "advance", "time": 1, "squad": "dalmas_lanjut", "metres": 2},
                {"type": "move", "time": 2, "squad": "brimobb", "to": [10, 10]},
            ]
        )
    )
    out = main_py(
        "simulate",
        "levels/test/gate_cordon.toml",
        "--seconds",
        "3",
        "--orders",
        str(orders),
        check=True,
    )
    assert "order: advance for dalmas_lanjut" in out.stdout
    assert 'order refused (move for brimobb): no squad named "brimobb"' in out.stdout


def test_a_broken_orders_file_gives_a_message_not_a_traceback(tmp_path):
    orders = tmp_path / "o.json"
    orders.write_text('[{"type": "advance", "time": 1, "squad": "x", "meters": 2}]')
    out = main_py("simulate", "levels/test/gate_cordon.toml", "--orders", str(orders))
    assert out.returncode == 2
    assert f"{orders}: order[0]: metres: required but missing" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_broken_level_gives_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text((ROOT / "levels/test/gate_alone.toml").read_text().replace("count", "cuont"))
    out = main_py("simulate", str(bad))
    assert out.returncode == 2
    assert f'{bad}: crowd "massa" (crowd[0]): cuont' in out.stderr
    assert "Traceback" not in out.stderr


def test_validate_exits_zero_only_when_all_files_are_valid(tmp_path):
    ok = main_py("validate", "levels")
    assert ok.returncode == 0, ok.stderr
    assert "ok: levels/kpu_oku_timur.toml" in ok.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\n')
    out = main_py("validate", "levels/kpu_oku_timur.toml", str(bad))
    assert out.returncode == 1
    assert str(bad) in out.stderr
    assert "1 valid, 1 invalid" in out.stderr
    missing = main_py("validate", str(tmp_path / "nope.toml"))
    assert missing.returncode == 1
    assert "nope.toml" in missing.stderr


def test_simulate_records_and_debrief_writes_a_self_contained_report(tmp_path):
    """The after-action report of a headless run: every scored item, nothing fetched."""
    orders = tmp_path / "orders.json"
    orders.write_text(
        '[{"type": "use_force", "time": 3, "squad": "dalmas_lanjut", "tool": "baton",'
        ' "at": [30, 23.5]}, {"type": "end_exercise", "time": 8}]'
    )
    rec = tmp_path / "run.jsonl"
    out = subprocess.run(
        [
            sys.executable,
            "main.py",
            "simulate",
            "levels/test/gate_cordon.toml",
            "--seconds",
            "20",
            "--orders",
            str(orders),
            "--record",
            str(rec),
            "--quiet",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "exercise over: ended_by_trainee" in out.stdout
    again = subprocess.run(
        [
            sys.executable,
            "main.py",
            "simulate",
            "levels/test/gate_cordon.toml",
            "--seconds",
            "1",
            "--record",
            str(rec),
            "--quiet",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 2 and "already exists" in again.stderr  # never overwritten
    report = subprocess.run(
        [
            sys.executable,
            "main.py",
            "debrief",
            str(rec),
            "--out",
            str(tmp_path / "r"),
            "--lang",
            "en",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert report.returncode == 0, report.stderr
    [html] = list((tmp_path / "r").glob("*.html"))
    text = html.read_text()
    scored = sum(1 for ln in rec.read_text().splitlines() if '"kind":"scored"' in ln)
    assert scored and text.count('class="score-item') == scored
    assert "http://" not in text and "https://" not in text
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "header", "format": 2, "seed": "seven"}\n')
    refused = subprocess.run(
        [sys.executable, "main.py", "debrief", str(bad), "--out", str(tmp_path / "r2")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode == 2 and "bad.jsonl: line 1: header" in refused.stderr
