"""Analysis for bench/lanes-vs-perf: lanes of GIL Lab runs against perf sched, and sampling's cost.

  lanes_vs_perf.py threads RUN.json PERF.txt   one JSON line per named thread: lanes' running time, perf's
                                              on-CPU and on-CPU-or-runnable time, lifetimes
  lanes_vs_perf.py table DIR                  the Markdown tables of bench/README.md from DIR's *.rows and
                                              overhead.jsonl
"""
import glob
import json
import os
import re
import statistics
import sys

FIELD = re.compile(r"(\w+)=(.*?)(?= \w+=| ==> |$)")
CLASSES = {"cpu": "CPU-bound threads", "hash": "hashing threads", "proc": "processes", "sleep": "sleeping thread",
           "pipe": "thread blocked on a pipe"}


def perf_threads(lines):
    """Per tid: comms seen, seconds on a CPU, seconds runnable but not on one, first and last event."""
    tasks = {}

    def task(tid):
        return tasks.setdefault(tid, {"comms": set(), "oncpu": 0.0, "runnable": 0.0, "in": None, "ready": None, "lost": 0,
                                      "first": None, "last": None})

    for line in lines:
        match = re.search(r"\s(\d+\.\d+):\s+sched:(\w+):\s(.*)$", line)
        if not match:
            continue
        t, event, rest = float(match.group(1)), match.group(2), match.group(3)
        fields = dict(FIELD.findall(rest.replace(" ==> ", " ")))
        touched = []
        if event == "sched_switch":
            prev, nxt = task(int(fields["prev_pid"])), task(int(fields["next_pid"]))
            prev["comms"].add(fields["prev_comm"])
            nxt["comms"].add(fields["next_comm"])
            if prev["in"] is not None:
                prev["oncpu"] += t - prev["in"]
            elif prev["ready"] is not None:
                # Its switch-in was lost (perf drops events when its buffers overflow): it was on a CPU or
                # runnable all along, which counts as R, but not as known time on a CPU.
                prev["runnable"] += t - prev["ready"]
                prev["lost"] += 1
            prev["in"] = None
            prev["ready"] = t if fields["prev_state"].startswith("R") else None
            if nxt["ready"] is not None:
                nxt["runnable"] += t - nxt["ready"]
            nxt["ready"] = None
            nxt["in"] = t
            touched = [prev, nxt]
        elif event in ("sched_waking", "sched_wakeup", "sched_wakeup_new"):
            woken = task(int(fields["pid"]))
            woken["comms"].add(fields["comm"])
            if woken["in"] is None and woken["ready"] is None:
                woken["ready"] = t
            touched = [woken]
        for entry in touched:
            entry["first"] = t if entry["first"] is None else entry["first"]
            entry["last"] = t
    return tasks


def lane_seconds(lane, state):
    return sum(end - start for start, end, s in lane["intervals"] if s == state)


def threads(run_path, perf_path):
    with open(run_path) as f:
        run = json.load(f)
    result = run.get("result") or {}
    with open(perf_path, errors="replace") as f:
        tasks = perf_threads(f)
    for lane in result.get("lanes", []):
        name = lane["name"]
        kind = name.split("-")[0]
        if kind not in CLASSES:
            continue
        matches = [(tid, t) for tid, t in tasks.items() if name in t["comms"]]
        if len(matches) != 1:
            print(json.dumps({"name": name, "error": "%d perf tasks named %s" % (len(matches), name)}))
            continue
        tid, t = matches[0]
        lifetime = lane["intervals"][-1][1] - lane["intervals"][0][0]
        print(json.dumps({
            "class": CLASSES[kind], "name": name, "hostTid": tid,
            "lanesRunning": lane_seconds(lane, "running"), "lanesLock": lane_seconds(lane, "lock"),
            "lanesSyscall": lane_seconds(lane, "syscall"), "lanesLife": lifetime,
            "perfOnCpu": t["oncpu"], "perfRunnable": t["runnable"], "perfLostSwitchIns": t["lost"], "perfLife": (t["last"] or 0) - (t["first"] or 0),
        }))


def agreement(rows, perf_key):
    """1 - (sum of |lanes running - perf| over threads) / (sum of thread lifetimes)."""
    life = sum(r["perfLife"] for r in rows)
    error = sum(abs(r["lanesRunning"] - perf_key(r)) for r in rows)
    return 1 - error / life if life else float("nan")


def table(directory):
    rows = []
    for path in sorted(glob.glob(os.path.join(directory, "*.rows"))):
        with open(path) as f:
            rows += [json.loads(line) for line in f if line.strip()]
    bad = [r for r in rows if "error" in r]
    rows = [r for r in rows if "error" not in r]
    print("| threads | n | thread-time (s) | lanes running (s) | perf on CPU (s) | perf on CPU or runnable (s) "
          "| agreement with on CPU | agreement with on CPU or runnable |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in CLASSES.values():
        group = [r for r in rows if r["class"] == kind]
        if not group:
            continue
        print("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.1f %% | %.1f %% |" % (
            kind, len(group), sum(r["perfLife"] for r in group), sum(r["lanesRunning"] for r in group),
            sum(r["perfOnCpu"] for r in group), sum(r["perfOnCpu"] + r["perfRunnable"] for r in group),
            100 * agreement(group, lambda r: r["perfOnCpu"]),
            100 * agreement(group, lambda r: r["perfOnCpu"] + r["perfRunnable"])))
    lost = sum(r.get("perfLostSwitchIns", 0) for r in rows)
    if lost:
        print("\nperf lost %d switch-ins of these threads (its buffers overflowed); the time around each counts as "
              "on a CPU or runnable, not as on a CPU." % lost)
    if bad:
        print("\n%d lanes could not be matched with perf: %s" % (len(bad), "; ".join(r["error"] for r in bad)))
    overhead = os.path.join(directory, "overhead.jsonl")
    if os.path.exists(overhead):
        with open(overhead) as f:
            runs = [json.loads(line) for line in f if line.strip()]
        print("\n| experiment | lanes | runs | speedup, median (min–max) | sampler CPU per second of run |")
        print("|---|---|---|---|---|")
        for experiment in sorted({r["experiment"] for r in runs}):
            for hz in sorted({r["hz"] for r in runs}, reverse=True):
                group = [r for r in runs if r["experiment"] == experiment and r["hz"] == hz and r["speedup"]]
                if not group:
                    continue
                speedups = [r["speedup"] for r in group]
                cost = [r["samplerCpu"] / r["wall"] for r in group if r.get("samplerCpu") is not None and r["wall"]]
                print("| %s | %s | %d | %.2f× (%.2f–%.2f) | %s |" % (
                    experiment, "%d/s" % hz if hz else "off", len(group), statistics.median(speedups),
                    min(speedups), max(speedups),
                    "%.1f ms (%.2f %% of a core)" % (1000 * statistics.median(cost), 100 * statistics.median(cost)) if cost else "–"))


def overhead_row(run_path, experiment, hz):
    """One JSON line: the speedup of the GIL lesson's experiment (1 thread's median / 2 threads') and the sampler's CPU."""
    with open(run_path) as f:
        run = json.load(f)
    result = run.get("result") or {}
    medians = {r["variant"]: r["median"] for r in result.get("repetitions", [])}
    one, two = medians.get("1 thread"), medians.get("2 threads")
    print(json.dumps({"experiment": experiment, "hz": hz, "status": run.get("status"),
                      "speedup": one / two if one and two else None, "wall": result.get("wallSeconds"),
                      "samplerCpu": (result.get("fingerprint") or {}).get("lanesCpuSeconds")}))


if __name__ == "__main__":
    if sys.argv[1] == "threads":
        threads(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "overhead":
        overhead_row(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        table(sys.argv[2])
