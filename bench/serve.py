"""`duban serve` under many clients: a real server on loopback, bounded requests.

    .venv/bin/python bench/serve.py                         # the sample and extra reports
    .venv/bin/python bench/serve.py --db /tmp/duban-scale-…/ledger.db --workers 2 --clients 1,20

Starts `duban --db LEDGER serve --workers N` on a free loopback port, then for each client
count runs that many clients at once; each client makes --requests requests (a mix of the
overview, search, ask, a fact page, a report's page and the findings), waiting --think
seconds between its requests as a person reading the answer does (0: back to back, which
measures only throughput: with C clients on K cores each request then waits for about C/K
others). Prints p50/p95/max latency per client count, the ratio of p95 to one client's, the
requests over 2 s and the errors. Every request has a 30 s timeout. Wall-clock figures: the
load average is printed; compare runs made under the same load.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DUBAN_SHARED", ROOT.parent / "shared"))
DUBAN = Path(sys.executable).with_name("duban")
SEARCHES = ["就业", "进出口", "项目 开工", "营商环境", "投资", "企业", "科技", "养老保险"]
QUESTIONS = ["上半年全市进出口总额是多少", "实际使用外资是多少", "城镇新增就业是多少", "固定资产投资增长多少"]
QUESTIONS += ["社会消费品零售总额是多少", "一般公共预算收入是多少"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def paths(rng: random.Random, report_ids: list[str]) -> str:
    kind = rng.choice(("overview", "search", "search", "ask", "ask", "facts", "report", "findings"))
    if kind == "overview":
        return "/"
    if kind == "search":
        return f"/api/search?q={quote(rng.choice(SEARCHES))}&limit=20"
    if kind == "ask":
        return f"/api/ask?q={quote(rng.choice(QUESTIONS))}"
    if kind == "facts":
        return f"/api/facts?limit=50&offset={rng.randrange(0, 500)}"
    if kind == "report":
        return f"/api/reports/{rng.choice(report_ids)}"
    return "/api/findings"


def kind_of(path: str) -> str:
    """/api/reports/ID → /api/reports/…; the path without its query otherwise."""
    path = path.split("?")[0]
    return path.rsplit("/", 1)[0] + "/…" if path.startswith("/api/reports/") else path


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def client(
    port: int,
    n: int,
    think: float,
    seed: int,
    report_ids: list[str],
    out: list[tuple[str, float]],
    errors: list[str],
) -> None:
    rng = random.Random(seed)
    for _ in range(n):
        path = paths(rng, report_ids)
        start = time.perf_counter()
        try:
            status, _ = get(port, path)
            if status != 200:
                errors.append(f"{status} {path}")
        except OSError as err:
            errors.append(f"{type(err).__name__} {path}")
        out.append((kind_of(path), time.perf_counter() - start))
        time.sleep(think * rng.uniform(0.5, 1.5))


def run(
    port: int, clients: int, n: int, think: float, report_ids: list[str]
) -> tuple[list[tuple[str, float]], list[str]]:
    times: list[tuple[str, float]] = []
    errors: list[str] = []
    threads = [
        threading.Thread(target=client, args=(port, n, think, 1000 * clients + i, report_ids, times, errors))
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors


def quantile(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[q - 1] if len(times) > 1 else times[0]


def sample_ledger(folder: Path) -> str:
    db = folder / "ledger.db"
    inputs = [SHARED / "corpus" / "qingdao-2021h1.txt", *sorted((SHARED / "corpus" / "extra").glob("*.txt"))]
    subprocess.run([DUBAN, "--db", db, "ingest", *inputs], check=True, capture_output=True)
    return str(db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="ledger to serve (default: the sample and extra reports)")
    parser.add_argument("--workers", type=int, default=2, help="0: pass none (a duban without --workers)")
    parser.add_argument("--clients", default="1,20", help="client counts, comma-separated")
    parser.add_argument("--requests", type=int, default=20, help="requests per client")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a client's requests")
    args = parser.parse_args()
    print("load: " + " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or sample_ledger(Path(tmp))
        port = free_port()
        command = [DUBAN, "--db", db, "serve", "--port", str(port)]
        command += ["--workers", str(args.workers)] if args.workers else []  # 0: a duban before --workers
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    _, body = get(port, "/api/reports")
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("duban serve did not start") from None
                    time.sleep(0.2)
            import json

            report_ids = [r["id"] for r in json.loads(body)] or ["none"]
            for _ in range(4 * max(args.workers, 1)):  # what each worker keeps per ledger, computed
                for path in ("/", "/api/findings", "/api/ask?q=" + quote(QUESTIONS[0])):  # before the figures
                    get(port, path)
            print(f"serving {db} with {args.workers} workers; {args.requests} requests per client, "
                  f"think {args.think} s")  # fmt: skip
            first_p95 = None
            for clients in (int(c) for c in args.clients.split(",")):
                timed, errors = run(port, clients, args.requests, args.think, report_ids)
                times = [t for _, t in timed]
                p95 = quantile(times, 95)
                first_p95 = first_p95 or p95
                slow = sum(t > 2 for t in times)
                print(f"{clients:3} clients: {len(times)} requests, p50 {quantile(times, 50) * 1000:.0f} ms, "
                      f"p95 {p95 * 1000:.0f} ms ({p95 / first_p95:.1f}x one client's), "
                      f"max {max(times) * 1000:.0f} ms, {slow} over 2 s, {len(errors)} errors "
                      f"{sorted(set(errors))[:3]}")  # fmt: skip
                for kind in sorted({k for k, _ in timed}):
                    mine = [t for k, t in timed if k == kind]
                    print(f"      {kind:18} {len(mine):4} requests, p50 {quantile(mine, 50) * 1000:6.0f} ms, "
                          f"p95 {quantile(mine, 95) * 1000:6.0f} ms")  # fmt: skip
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
