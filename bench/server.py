"""Starting, probing and stopping the gunicorn server under test. Everything stays on 127.0.0.1."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HOST = "127.0.0.1"
WORKERS = 2
READY_TIMEOUT_SECONDS = 30
STOP_TIMEOUT_SECONDS = 10


class ServerError(RuntimeError):
    """The server did not start, died, or answered with an unexpected status."""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start(base_dir, port, env, log_path):
    """Start gunicorn in its own process group, so stopping it stops its workers too."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        # The portal's application with the bench's trivial view (bench/wsgi.py).
        "bench.wsgi:application",
        f"--workers={WORKERS}",
        f"--bind={HOST}:{port}",
        f"--chdir={base_dir}",
        "--log-level=warning",
    ]
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            command,
            cwd=base_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def worker_pids(process):
    """The gunicorn workers' process ids: the master's children (Linux)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    return [int(pid) for pid in children.read_text().split()]


def cpu_seconds(pids):
    """The CPU time (user and system) the processes have used so far, from /proc/<pid>/stat."""
    ticks = 0
    for pid in pids:
        # Fields after the command name, which may hold spaces: utime and stime are the 12th
        # and 13th of them.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def status_of(port, path):
    """The status of one GET, without following redirects."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def ensure_running(process):
    if process.poll() is not None:
        raise ServerError(f"gunicorn exited with status {process.returncode}")


def wait_until_ready(process, port):
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        ensure_running(process)
        try:
            status_of(port, "/")
            return
        except OSError:
            time.sleep(0.2)
    raise ServerError(f"gunicorn did not answer within {READY_TIMEOUT_SECONDS} s")


def check_status(port, path, expected):
    try:
        status = status_of(port, path)
    except OSError as error:
        raise ServerError(f"GET {path} failed: {error}") from error
    if status != expected:
        raise ServerError(f"GET {path} returned {status}, expected {expected}")
