"""Time `cheber seed_demo --scale national` on a fresh SQLite file and a fresh PostgreSQL base.

    .venv/bin/python bench/seed_demo.py [--db sqlite|postgres|both] [--scale national] [--seed 1]

Each step (migrate, load_reference, seed_demo, stats --json) runs in its own child process; its
wall time and peak resident memory (the child's own rusage, from os.wait4) are reported.
PostgreSQL: a database `cheber_bench` is dropped and created on postgres://postgres@127.0.0.1:5432
(trust auth); skipped when the server is not reachable.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "cheber_bench"


@dataclass(frozen=True)
class Step:
    database: str
    name: str
    seconds: float
    peak_mb: float
    exit_code: int
    output: str


def run_step(database: str, name: str, args: list[str], env: dict[str, str]) -> Step:
    """Run `cheber <args>` as a child; its own peak RSS comes from wait4's rusage."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "cheber", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    # ru_maxrss is in kilobytes on Linux
    return Step(database, name, seconds, usage.ru_maxrss / 1024, child.returncode, output)


def sqlite_env(var_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {"CHEBER_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "config.settings"}


def postgres_env(var_dir: str) -> dict[str, str] | None:
    """A fresh, empty `cheber_bench` database; None if PostgreSQL is not reachable."""
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as db:
            db.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            db.execute(f"CREATE DATABASE {PG_DATABASE}")
    except Exception as error:  # any failure means: no PostgreSQL here
        print(f"PostgreSQL skipped: {error}", file=sys.stderr)
        return None
    return sqlite_env(var_dir) | {"DATABASE_URL": f"{PG_SERVER}/{PG_DATABASE}"}


def has_stats_command(env: dict[str, str]) -> bool:
    result = subprocess.run(
        [sys.executable, "-m", "cheber", "help", "stats"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return result.returncode == 0


def bench(database: str, env: dict[str, str], scale: str, seed: int) -> list[Step]:
    steps = [
        ("migrate", ["migrate", "--noinput", "-v", "0"]),
        ("load_reference", ["load_reference"]),
        ("seed_demo", ["seed_demo", "--scale", scale, "--seed", str(seed)]),
    ]
    if has_stats_command(env):
        steps.append(("stats --json", ["stats", "--json"]))
    done = []
    for name, args in steps:
        step = run_step(database, name, args, env)
        done.append(step)
        print(f"{database:<9} {name:<15} {step.seconds:8.1f} s {step.peak_mb:8.0f} MB", flush=True)
        if step.exit_code:
            print(step.output, file=sys.stderr)
            break
    return done


def print_report(steps: list[Step]) -> None:
    print("\n| database | step | wall seconds | peak RSS (MB) | exit |")
    print("|---|---|---:|---:|---:|")
    for s in steps:
        print(f"| {s.database} | {s.name} | {s.seconds:.1f} | {s.peak_mb:.0f} | {s.exit_code} |")
    for s in steps:
        if s.name == "seed_demo":
            print(f"\n{s.database}: seed_demo output\n{s.output}")
        if s.name == "stats --json" and s.exit_code == 0:
            figures = json.loads(s.output.strip().splitlines()[-1])
            print(f"{s.database}: cheber stats --json\n{json.dumps(figures, indent=2)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--scale", default="national")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    steps: list[Step] = []
    with tempfile.TemporaryDirectory(prefix="cheber-bench-") as var_dir:
        print(f"{os.cpu_count()} CPUs; var dir {var_dir}\n")
        if options.db in ("sqlite", "both"):
            steps += bench("sqlite", sqlite_env(var_dir + "/sqlite"), options.scale, options.seed)
        if options.db in ("postgres", "both"):
            env = postgres_env(var_dir + "/postgres")
            if env is not None:
                steps += bench("postgres", env, options.scale, options.seed)
    print_report(steps)


if __name__ == "__main__":
    main()
