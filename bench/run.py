"""make bench: build a fresh database, serve it with gunicorn under production settings,
load every scenario with wrk, print a table and write bench/results/latest.json.

Exits 0 even when a target is missed (the bench reports, it is not a test); 1 when the
server fails or a URL answers with an unexpected status; 2 when wrk is missing.
"""

import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

import loadtest
import report
import server
from scenarios import SCENARIOS, TRIVIAL_NAME

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_VAR = BASE_DIR / "var" / "bench"
DB_PATH = BENCH_VAR / "db.sqlite3"
MEDIA_ROOT = BENCH_VAR / "media"
PRIVATE_MEDIA_ROOT = BENCH_VAR / "private"
STATIC_ROOT = BENCH_VAR / "static"
SERVER_LOG = BENCH_VAR / "gunicorn.log"
RESULTS_PATH = Path(__file__).resolve().parent / "results" / "latest.json"
SETTINGS_MODULE = "config.settings.production"
WARMUP_SECONDS = 2
LOG_TAIL_LINES = 30


def bench_seconds():
    value = int(os.environ.get("BENCH_SECONDS", "10"))
    if value < 1:
        raise ValueError("BENCH_SECONDS must be a positive number of seconds")
    return value


def use_bench_environment():
    """Point this process, and every process it starts, at the bench database."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": server.HOST,
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{DB_PATH}",
            "STATIC_ROOT": str(STATIC_ROOT),
            "MEDIA_ROOT": str(MEDIA_ROOT),
            "PRIVATE_MEDIA_ROOT": str(PRIVATE_MEDIA_ROOT),
        }
    )


def manage(*args):
    print(f"$ manage.py {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, check=True)


def build_database():
    """Delete the previous bench database and media, then migrate and load the demo."""
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(PRIVATE_MEDIA_ROOT, ignore_errors=True)
    manage("migrate", "--noinput", "--verbosity=0")
    # The demo's known passwords are acceptable here: a throwaway database on 127.0.0.1.
    manage("load_demo", "--allow-production")
    # What the demo queued for the worker (reference index, search index, the collection's PDF).
    manage("db_worker", "--batch", "--no-reload", "--verbosity=0")
    manage("collectstatic", "--noinput", "--verbosity=0")


def setup_django():
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def prepare_scenarios():
    """Run each scenario's preparation, then find its URL: None when it is skipped."""
    from django.db import connections

    for scenario in SCENARIOS:
        if scenario.prepare:
            scenario.prepare()
    paths = []
    for scenario in SCENARIOS:
        path = scenario.path() if callable(scenario.path) else scenario.path
        paths.append(quote(path, safe="/?=&%:+") if path else None)
    connections.close_all()
    return paths


def effective_settings(seconds):
    from django.conf import settings

    return {
        "django_settings_module": SETTINGS_MODULE,
        "database": "sqlite",
        "cache_backend": settings.CACHES["default"]["BACKEND"],
        "public_page_cache_seconds": settings.PUBLIC_PAGE_CACHE_SECONDS,
        "search_backend": settings.PORTAL_SEARCH_BACKEND,
        "gunicorn_workers": server.WORKERS,
        "wrk_connections": loadtest.CONNECTIONS,
        "wrk_threads": loadtest.THREADS,
        "seconds_per_scenario": seconds,
        "warmup_seconds": WARMUP_SECONDS,
    }


def cpu_target(scenario, trivial_cpu_ms):
    """The scenario's CPU-ms target: its own, or a multiple of the trivial view's."""
    if scenario.target_cpu_ms is not None:
        return scenario.target_cpu_ms
    if scenario.target_cpu_trivial is not None and trivial_cpu_ms:
        return round(scenario.target_cpu_trivial * trivial_cpu_ms, 2)
    return None


def verdict(scenario, figures, target_cpu_ms=None):
    if figures["unexpected_status"] or figures["socket_errors"]:
        return "FAIL"
    met = []
    if scenario.target_p95_ms is not None:
        met.append(figures["p95_ms"] < scenario.target_p95_ms)
    if target_cpu_ms is not None and figures.get("cpu_ms") is not None:
        met.append(figures["cpu_ms"] <= target_cpu_ms)
    if not met:
        return "-"
    return "OK" if all(met) else "FAIL"


def notes(scenario, figures):
    found = ["page cache bypassed"] if scenario.unique_query else []
    found += [f"{name}={value}" for name, value in scenario.environment.items()]
    if figures["unexpected_status"]:
        found.append(f"{figures['unexpected_status']} responses not {scenario.expected_status}")
    if figures["socket_errors"]:
        found.append(f"{figures['socket_errors']} socket errors")
    return found


def measure(scenario, path, port, process, seconds):
    """Warm the URL up, load it, and return the scenario's result."""
    result = {
        "name": scenario.name,
        "path": path,
        "expected_status": scenario.expected_status,
        "target_p95_ms": scenario.target_p95_ms,
        "unique_query": scenario.unique_query,
    }
    if path is None:
        return {**result, "figures": None, "verdict": "SKIP", "notes": [scenario.skip_note]}
    print(f"measuring {scenario.name}: {path}", flush=True)
    url = f"http://{server.HOST}:{port}{path}"
    loadtest.run_wrk(url, WARMUP_SECONDS, scenario)
    workers = server.worker_pids(process)
    cpu_before = server.cpu_seconds(workers)
    figures = loadtest.run_wrk(url, seconds, scenario)
    server.ensure_running(process)
    # The workers' CPU time over wrk's requests: what a request costs the server, whatever
    # the queueing in wrk's latencies. A worker restarted meanwhile leaves it unknown.
    cpu_ms = None
    if server.worker_pids(process) == workers and figures["requests"]:
        cpu_ms = (server.cpu_seconds(workers) - cpu_before) * 1000 / figures["requests"]
    figures["cpu_ms"] = None if cpu_ms is None else round(cpu_ms, 2)
    return {**result, "figures": figures, "notes": notes(scenario, figures)}


def judge(results):
    """Each result's CPU target (the cached pages' from the trivial view's figure) and verdict."""
    trivial = next((r for r in results if r["name"] == TRIVIAL_NAME and r["figures"]), None)
    trivial_cpu_ms = trivial["figures"]["cpu_ms"] if trivial else None
    for scenario, result in zip(SCENARIOS, results, strict=True):
        if result["figures"] is None:
            continue
        target = cpu_target(scenario, trivial_cpu_ms)
        result["target_cpu_ms"] = target
        result["verdict"] = verdict(scenario, result["figures"], target)
    return results


def serve_and_measure(paths, seconds):
    """Measure the scenarios, grouped by environment: each group gets a server of its own,
    started with that environment. The results come in the scenarios' order."""
    numbered = list(enumerate(zip(SCENARIOS, paths, strict=True)))
    by_environment = sorted(numbered, key=lambda item: environment_order(item[1][0].environment))
    results = {}
    for _key, group in groupby(
        by_environment, key=lambda item: environment_order(item[1][0].environment)
    ):
        group = list(group)
        environment = {**os.environ, **group[0][1][0].environment}
        measured = _serve_and_measure([pair for _number, pair in group], environment, seconds)
        results.update(zip((number for number, _pair in group), measured, strict=True))
    return judge([results[number] for number in range(len(numbered))])


def environment_order(environment):
    """The default settings first, then each environment by its variables."""
    return (bool(environment), sorted(environment.items()))


def _serve_and_measure(scenarios, environment, seconds):
    port = server.free_port()
    process = server.start(BASE_DIR, port, environment, SERVER_LOG)
    try:
        server.wait_until_ready(process, port)
        for scenario, path in scenarios:
            if path is not None:
                server.check_status(port, path, scenario.expected_status)
        return [measure(scenario, path, port, process, seconds) for scenario, path in scenarios]
    finally:
        server.stop(process)


def git_state():
    def git(*args):
        completed = subprocess.run(
            ["git", *args], cwd=BASE_DIR, capture_output=True, text=True, check=True
        )
        return completed.stdout.strip()

    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "dirty": None}


def print_server_log():
    if SERVER_LOG.exists():
        tail = SERVER_LOG.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:]
        print(f"--- last lines of {SERVER_LOG} ---", *tail, sep="\n", file=sys.stderr)


def run():
    if not loadtest.wrk_available():
        print(loadtest.INSTALL_HINT, file=sys.stderr)
        return 2
    seconds = bench_seconds()
    use_bench_environment()
    build_database()
    setup_django()
    paths = prepare_scenarios()
    started = datetime.now(UTC)
    load_average = os.getloadavg()
    try:
        results = serve_and_measure(paths, seconds)
    except server.ServerError as error:
        print(f"bench failed: {error}", file=sys.stderr)
        print_server_log()
        return 1
    print(f"load average at start: {load_average[0]:.1f} on {os.cpu_count()} cores")
    report.print_table(results)
    report.write_json(
        RESULTS_PATH,
        {
            "timestamp": started.isoformat(timespec="seconds"),
            "git": git_state(),
            "machine": {
                "cores": os.cpu_count(),
                "platform": platform.platform(),
                # Other work on the machine skews the figures: compare runs made at low load.
                "load_average_at_start": load_average,
            },
            "settings": effective_settings(seconds),
            "scenarios": results,
        },
    )
    print(f"results written to {RESULTS_PATH.relative_to(BASE_DIR)}")
    failed = any(result["figures"] and result["figures"]["unexpected_status"] for result in results)
    return 1 if failed else 0


def main():
    # A plain `kill` should stop gunicorn too: turn SIGTERM into SystemExit so `finally` runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        sys.exit(run())
    except KeyboardInterrupt:
        print("bench interrupted", file=sys.stderr)
        sys.exit(130)
    except subprocess.CalledProcessError as error:
        print(
            f"bench failed: {' '.join(map(str, error.cmd))} exited {error.returncode}",
            file=sys.stderr,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
