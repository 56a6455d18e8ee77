"""Summarises the wrk runs of bench/page-throughput into one Markdown table and a verdict.

Reads a TSV index (round, server, page, encoding, load1, server CPU seconds, file) of `wrk --latency` outputs. Servers
are GIL Lab, nginx and bare Javalin (the floor of the stack), measured one after the other in each round, so each
round's ratios compare measurements taken seconds apart on the same (noisy, shared) machine; the verdict uses the
median of those ratios. CPU time per request (the server's own processes, read from /proc)
is reported too: unlike requests per second it hardly depends on what else the machine is running.
"""
import re
import statistics
import sys
from collections import defaultdict

P99_GOAL_MS = 20.0
RATIO_GOAL = 0.5

NAMES = {"gillab": "GIL Lab", "javalin": "bare Javalin", "nginx": "nginx"}

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS_MS[unit]


def parse_wrk(path):
    out = open(path, encoding="utf-8").read()
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+(?:us|ms|s|m))\s*$", out, re.M))
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M)
    requests = re.search(r"^\s+(\d+) requests in", out, re.M)
    if rps is None or "99" not in latency:
        raise SystemExit(f"cannot read wrk output {path}:\n{out}")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    served = int(requests.group(1))
    return {
        "rps": float(rps.group(1)),
        "requests": served,
        # With no answer at all wrk prints 0 latencies; none within the run is infinitely slow, not fast.
        "p50": to_ms(latency["50"]) if served else float("inf"),
        "p99": to_ms(latency["99"]) if served else float("inf"),
        "errors": (sum(map(int, errors.groups())) if errors else 0) + (int(non2xx.group(1)) if non2xx else 0),
    }


def spread(values, fmt):
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def main(index_path):
    cells = defaultdict(list)  # (page, encoding, server) -> [measurement]
    by_round = defaultdict(dict)  # (page, encoding, round) -> {server: measurement}
    loads = []
    for line in open(index_path, encoding="utf-8"):
        round_no, server, page, encoding, load1, cpu, path = line.rstrip("\n").split("\t")
        m = parse_wrk(path)
        m["cpu_ms"] = float(cpu) * 1000 / max(1, m["requests"])
        cells[(page, encoding, server)].append(m)
        by_round[(page, encoding, round_no)][server] = m
        loads.append(float(load1))

    rps = lambda v: f"{v:,.0f}"
    ms = lambda v: f"{v:.1f}"
    cpu = lambda v: f"{v:.2f}"
    print("| page | encoding | server | req/s median (min–max) | p50 ms | p99 ms median (min–max) | server CPU ms/request "
          "| errors | req/s / nginx's | req/s / bare Javalin's |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    verdicts = []
    for page, encoding in sorted({(p, e) for p, e, _ in cells}):
        def ratios(server, other):
            return [r[server]["rps"] / r[other]["rps"] for (p, e, _), r in by_round.items()
                    if (p, e) == (page, encoding) and {server, other} <= r.keys()]
        ratio_text = lambda values: spread(values, lambda v: f"{v:.2f}") if values else ""
        for server in ("gillab", "javalin", "nginx"):
            ms_list = cells[(page, encoding, server)]
            if not ms_list:
                continue
            print(f"| `{page}` | {encoding} | {NAMES[server]} "
                  f"| {spread([m['rps'] for m in ms_list], rps)} | {ms(statistics.median(m['p50'] for m in ms_list))} "
                  f"| {spread([m['p99'] for m in ms_list], ms)} | {spread([m['cpu_ms'] for m in ms_list], cpu)} "
                  f"| {sum(m['errors'] for m in ms_list)} "
                  f"| {ratio_text(ratios(server, 'nginx')) if server != 'nginx' else ''} "
                  f"| {ratio_text(ratios(server, 'javalin')) if server == 'gillab' else ''} |")
        p99 = statistics.median(m["p99"] for m in cells[(page, encoding, "gillab")])
        ratio = statistics.median(ratios("gillab", "nginx"))
        floor = ratios("javalin", "nginx")
        verdicts.append(f"- `{page}` ({encoding}): p99 {p99:.1f} ms "
                        f"({'meets' if p99 < P99_GOAL_MS else 'misses'} the < {P99_GOAL_MS:.0f} ms goal), "
                        f"{ratio:.2f}× nginx's req/s "
                        f"({'meets' if ratio >= RATIO_GOAL else 'misses'} the ≥ {RATIO_GOAL}× goal)"
                        + (f"; bare Javalin reaches {statistics.median(floor):.2f}× nginx" if floor else ""))
    print()
    print(f"1-minute load average during the measurements: median {statistics.median(loads):.1f} "
          f"(min {min(loads):.1f}, max {max(loads):.1f})")
    print()
    print("\n".join(verdicts))


if __name__ == "__main__":
    main(sys.argv[1])
