"""Running wrk against one URL and reading the figures its Lua script prints."""

import json
import os
import shutil
import subprocess
from pathlib import Path

CONNECTIONS = 8
THREADS = 2
LUA_SCRIPT = Path(__file__).resolve().parent / "report.lua"
RESULT_PREFIX = "BENCH_RESULT "
INSTALL_HINT = "wrk is not installed. Install it with: sudo apt-get install -y wrk"


def wrk_available():
    return shutil.which("wrk") is not None


def run_wrk(url, seconds, scenario):
    """Load `url` for `seconds` and return the figures as a dict (times in ms)."""
    env = {
        **os.environ,
        "BENCH_EXPECTED_STATUS": str(scenario.expected_status),
        "BENCH_UNIQUE_QUERY": "1" if scenario.unique_query else "0",
    }
    command = [
        "wrk",
        f"--connections={CONNECTIONS}",
        f"--threads={THREADS}",
        f"--duration={seconds}s",
        f"--script={LUA_SCRIPT}",
        url,
    ]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line.removeprefix(RESULT_PREFIX))
    raise RuntimeError(f"wrk printed no results:\n{completed.stdout}{completed.stderr}")
