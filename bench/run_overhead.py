"""Measures what a run costs on top of the experiment itself (issue 3), driven by bench/run-overhead.

In one loop, in a new shuffled order every iteration, it times:
  poll   POST /api/runs, then GET /api/runs/{id} every POLL_MS until the run has finished
  sse    POST /api/runs, then GET /api/runs/{id}/events until the `end` event (what the lesson page does)
  -I -S  /usr/bin/python3 -I -S -c pass   (a bare cold start of the interpreter the server uses)
  -I     /usr/bin/python3 -I -c pass
  main   /usr/bin/python3 main.py          (the same trivial experiment, run by hand with the harness)
For each server run it also reads the run back and cuts the client's interval at the run's own timestamps
(client and server share this machine's clock): request → created, queue, the server's work around the
experiment, the experiment's wall time as the sandbox measured it, and finished → the client knows.

The parallelism probe (a ≈1 s calibration the server repeats at most once a minute, before a run) shows as a
large server overhead: such runs are reported apart, never mixed into the steady state.

Stdlib only; prints a Markdown report and writes the raw samples as JSON next to it.
"""
import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime

PYTHON = "/usr/bin/python3"
PROBE_THRESHOLD_S = 0.4  # server overhead above this means the run waited for the parallelism probe
FINISHED = {"done", "failed", "timeout", "killed", "interrupted"}


def iso_seconds(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class Server:
    def __init__(self, port, lesson, experiment, poll_ms):
        self.port = port
        self.lesson = lesson
        self.experiment = experiment
        self.poll_s = poll_ms / 1000
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = None

    def request(self, method, path, body=None):
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if self.cookie:
            headers["Cookie"] = self.cookie
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        if self.cookie is None:
            cookies = [v.split(";", 1)[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
            self.cookie = "; ".join(cookies) or None
        if response.status >= 400:
            raise RuntimeError(f"{method} {path} answered {response.status}: {data[:300]!r}")
        return json.loads(data)

    def submit(self):
        body = json.dumps({"lesson": self.lesson, "experiment": self.experiment})
        return self.request("POST", "/api/runs", body)["id"]

    def run_polling(self):
        sent, start = time.time(), time.perf_counter()
        run_id = self.submit()
        while True:
            run = self.request("GET", f"/api/runs/{run_id}")
            if run["status"] in FINISHED:
                return time.perf_counter() - start, split(run, sent, time.time())
            time.sleep(self.poll_s)

    def run_sse(self):
        sent, start = time.time(), time.perf_counter()
        run_id = self.submit()
        events = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            events.request("GET", f"/api/runs/{run_id}/events",
                           headers={"Accept": "text/event-stream", "Cookie": self.cookie or ""})
            response = events.getresponse()
            while True:
                line = response.readline()
                if not line:
                    raise RuntimeError(f"the event stream of run {run_id} ended without an end event")
                if line.strip() == b"event: end":
                    break
            elapsed, seen = time.perf_counter() - start, time.time()
        finally:
            events.close()
        return elapsed, split(self.request("GET", f"/api/runs/{run_id}"), sent, seen)


def cold_start(argv, cwd, env):
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, env=env, check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def split(run, sent, seen):
    """Where one round trip went, in seconds. Client and server share this machine's wall clock, so the run's own
    timestamps cut the client's interval into: request → run created (HTTP in, lookup, insert), created → started
    (queue), the server's work around the experiment, the experiment's wall time as the sandbox measured it
    (result.wallSeconds), and finished → the client knows (DB update, SSE event or the next poll)."""
    if run["status"] != "done":
        raise RuntimeError(f"run {run['id']} ended {run['status']}: {run.get('error')}")
    created, started, finished = (iso_seconds(run[k]) for k in ("createdAt", "startedAt", "finishedAt"))
    wall = run["result"]["wallSeconds"]
    return {"request": created - sent, "queue": started - created, "overhead": finished - started - wall,
            "wall": wall, "notify": seen - finished}


def stats(values):
    ordered = sorted(values)
    n = len(ordered)
    p90 = ordered[min(n - 1, round(0.9 * (n - 1)))]
    return {"n": n, "median": statistics.median(ordered), "p90": p90, "min": ordered[0], "max": ordered[-1],
            "q1": ordered[n // 4], "q3": ordered[(3 * n) // 4]}


def ms(value):
    return f"{value * 1000:.1f}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--lesson", required=True)
    parser.add_argument("--experiment", required=True)
    parser.add_argument("--script-dir", required=True, help="folder holding main.py, the same trivial experiment")
    parser.add_argument("--harness", required=True, help="folder holding the gillab package")
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--poll-ms", type=float, default=5)
    parser.add_argument("--pause-ms", type=float, default=300,
                        help="idle time between measurements, as between a student's clicks")
    parser.add_argument("--raw", required=True)
    args = parser.parse_args()

    server = Server(args.port, args.lesson, args.experiment, args.poll_ms)
    script_env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONPATH": args.harness}
    bare_env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    variants = {
        "poll": server.run_polling,
        "sse": server.run_sse,
        "python3 -I -S -c pass": lambda: cold_start([PYTHON, "-I", "-S", "-c", "pass"], args.script_dir, bare_env),
        "python3 -I -c pass": lambda: cold_start([PYTHON, "-I", "-c", "pass"], args.script_dir, bare_env),
        "python3 main.py": lambda: cold_start([PYTHON, "main.py"], args.script_dir, script_env),
    }

    # The very first run pays for the parallelism probe and a cold JVM path: measured once, reported apart.
    first_total, first_parts = server.run_sse()
    first = {"total": first_total, **first_parts}

    samples = {name: [] for name in variants}
    parts = {name: [] for name in ("poll", "sse")}
    loads = []
    for i in range(args.warmup + args.n):
        order = list(variants)
        random.shuffle(order)
        for name in order:
            time.sleep(args.pause_ms / 1000)
            result = variants[name]()
            if i < args.warmup:
                continue
            if name in parts:
                total, run_parts = result
                samples[name].append(total)
                parts[name].append({"total": total, **run_parts})
            else:
                samples[name].append(result)
        loads.append(os.getloadavg()[0])
        print(f"iteration {i + 1}/{args.warmup + args.n} done, load {loads[-1]:.1f}", file=sys.stderr)

    with open(args.raw, "w", encoding="utf-8") as f:
        json.dump({"first": first, "samples": samples, "parts": parts, "loads": loads}, f, indent=1)

    # Runs that met the probe again (it expires after a minute) are counted apart from the steady state.
    probed = {name: [p for p in parts[name] if p["overhead"] > PROBE_THRESHOLD_S] for name in parts}
    steady = {name: [p for p in parts[name] if p["overhead"] <= PROBE_THRESHOLD_S] for name in parts}
    bare = stats(samples["python3 -I -S -c pass"])["median"]

    print(f"{args.n} measured iterations after {args.warmup} warm-up ones, each variant once per iteration in "
          f"shuffled order, {args.pause_ms:.0f} ms apart; polling every {args.poll_ms:g} ms.")
    print(f"1-minute load average during the loop: median {statistics.median(loads):.1f} "
          f"(min {min(loads):.1f}, max {max(loads):.1f})")
    print()
    print("| what | n | median ms | p90 ms | q1–q3 ms | min–max ms | median / bare start |")
    print("|---|---|---|---|---|---|---|")
    rows = [(f"round trip, {name} (steady state)", [p["total"] for p in steady[name]]) for name in ("sse", "poll")]
    rows += [(f"round trip, {name} (all, probe included)", samples[name]) for name in ("sse", "poll")]
    rows += [(name, samples[name]) for name in ("python3 -I -S -c pass", "python3 -I -c pass", "python3 main.py")]
    for label, values in rows:
        if not values:
            continue
        s = stats(values)
        print(f"| {label} | {s['n']} | {ms(s['median'])} | {ms(s['p90'])} | {ms(s['q1'])}–{ms(s['q3'])} "
              f"| {ms(s['min'])}–{ms(s['max'])} | {s['median'] / bare:.2f}× |")
    print()
    print("Where a steady-state round trip goes (medians, ms; cut by each run's own timestamps on the shared clock):")
    print()
    keys = ("request", "queue", "overhead", "wall", "notify")
    print("| client | round trip | request → created | queue | server work around the experiment "
          "| experiment wall (sandbox) | finished → client knows |")
    print("|---|---|---|---|---|---|---|")
    for name in ("sse", "poll"):
        if steady[name]:
            med = {k: statistics.median(p[k] for p in steady[name]) for k in ("total",) + keys}
            print(f"| {name} | " + " | ".join(ms(med[k]) for k in ("total",) + keys) + " |")
    print()
    print(f"First run after start-up (pays the parallelism probe): round trip {ms(first['total'])} ms, "
          f"server overhead {ms(first['overhead'])} ms, experiment wall {ms(first['wall'])} ms.")
    for name in ("sse", "poll"):
        if probed[name]:
            print(f"Later {name} runs that waited for the probe again (it expires after a minute): "
                  f"{len(probed[name])}, median round trip {ms(statistics.median(p['total'] for p in probed[name]))} ms, "
                  f"median server overhead {ms(statistics.median(p['overhead'] for p in probed[name]))} ms.")
    print()
    sse = stats([p["total"] for p in steady["sse"]])["median"] if steady["sse"] else float("nan")
    verdict = "meets" if sse <= bare else "misses"
    print(f"Verdict: the steady-state median round trip (SSE, as the page does) is {ms(sse)} ms, "
          f"{sse / bare:.2f}× a bare cold start ({ms(bare)} ms): it {verdict} the goal (≤ 1×).")


if __name__ == "__main__":
    main()
