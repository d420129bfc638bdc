"""The bench's outputs: a table on the terminal and bench/results/latest.json."""

import json
from urllib.parse import unquote

COLUMNS = [
    "scenario",
    "URL",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "target",
    "CPU ms",
    "CPU target",
    "result",
    "notes",
]
NUMERIC = {"req/s", "p50 ms", "p95 ms", "p99 ms", "target", "CPU ms", "CPU target"}


def _row(result):
    figures = result.get("figures") or {}
    target = result["target_p95_ms"]
    cpu_ms = figures.get("cpu_ms")
    cpu_target = result.get("target_cpu_ms")
    return {
        "scenario": result["name"],
        "URL": unquote(result["path"] or "-"),
        "req/s": f"{figures['requests_per_second']:.1f}" if figures else "-",
        "p50 ms": f"{figures['p50_ms']:.1f}" if figures else "-",
        "p95 ms": f"{figures['p95_ms']:.1f}" if figures else "-",
        "p99 ms": f"{figures['p99_ms']:.1f}" if figures else "-",
        "target": f"< {target:g}" if target is not None else "-",
        # The server's CPU time per request, from its workers' /proc counters.
        "CPU ms": f"{cpu_ms:.2f}" if cpu_ms is not None else "-",
        "CPU target": f"≤ {cpu_target:g}" if cpu_target is not None else "-",
        "result": result["verdict"],
        "notes": "; ".join(result["notes"]),
    }


def print_table(results):
    rows = [_row(result) for result in results]
    widths = {col: max(len(col), *(len(row[col]) for row in rows)) for col in COLUMNS}

    def line(cells):
        return "  ".join(
            cells[col].rjust(widths[col]) if col in NUMERIC else cells[col].ljust(widths[col])
            for col in COLUMNS
        ).rstrip()

    print(line({col: col for col in COLUMNS}))
    print(line({col: "-" * widths[col] for col in COLUMNS}))
    for row in rows:
        print(line(row))


def write_json(path, payload):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
