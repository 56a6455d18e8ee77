"""A class pressing Run together (issue 14), driven by bench/classroom.

N students, each with their own cookie and all from one address (as behind a school's router), each start K runs
of the GIL lesson's experiments with parameters of their own within SPREAD seconds, honouring Retry-After on a
429, and follow each run's event stream until it ends, as the lesson page does. Reports time from pressing Run to
the result (p50, p95, max), the 429s, executions vs requests (identical runs share one execution), runs finished
per minute and the makespan (first press to last result).

Stdlib only; prints a Markdown report and writes the raw samples as JSON.
"""
import argparse
import http.client
import json
import random
import statistics
import threading
import time
import urllib.parse
from datetime import datetime

FINISHED = {"done", "failed", "timeout", "killed", "interrupted"}

# The GIL lesson's experiments a class runs, each with a student's own parameters (a class repeats some choices,
# so some runs coincide and share an execution, as in a real lesson).
PLANS = [
    lambda s: ("cpu-threads", {"threads": 1 + s % 8, "work": 2_000_000}),
    lambda s: ("io-threads", {"threads": 1 + s % 16, "calls": 8, "wait": 0.05}),
    lambda s: ("lost-updates", {"threads": 2 + s % 8, "increments": 100_000}),
    lambda s: ("c-threads", {"threads": 1 + s % 4, "kind": "hashlib", "blocks": 16}),
]

# A batch of CPU-bound single-thread runs (--batch cpu), each with work of its own so none share an execution: what
# two runner nodes of one core each should finish in half the time of one.
CPU_PLANS = [lambda s, k=k: ("cpu-threads", {"threads": 1, "work": 2_000_000 + 1_000 * (3 * s + k)}) for k in range(3)]


class Student:
    def __init__(self, host, port, index):
        self.host, self.port, self.index = host, port, index
        self.cookie = None

    def connect(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=300)

    def join(self, class_code):
        """A first page view gives the cookies; with a class code, the student enters it once."""
        conn = self.connect()
        conn.request("GET", "/", headers={"Accept": "text/html"})
        response = conn.getresponse()
        response.read()
        jar = dict(v.split(";", 1)[0].split("=", 1) for k, v in response.getheaders() if k.lower() == "set-cookie")
        if class_code:
            body = urllib.parse.urlencode({"_csrf": jar.get("gillab_csrf", ""), "code": class_code, "next": "/"})
            conn.request("POST", "/join", body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                              "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
            answer = conn.getresponse()
            answer.read()
            jar.update(v.split(";", 1)[0].split("=", 1) for k, v in answer.getheaders() if k.lower() == "set-cookie")
        conn.close()
        self.cookie = "; ".join(f"{k}={v}" for k, v in jar.items())

    def run(self, lesson, experiment, params, sample):
        body = json.dumps({"lesson": lesson, "experiment": experiment, "params": params})
        headers = {"Content-Type": "application/json", "Accept": "application/json", "Cookie": self.cookie}
        sample["pressed"] = time.time()
        while True:
            conn = self.connect()
            conn.request("POST", "/api/runs", body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            conn.close()
            if response.status == 429:
                sample["refused"] += 1
                time.sleep(float(response.getheader("Retry-After", "1")))
                continue
            if response.status != 202:
                sample["error"] = f"{response.status} {data[:200]!r}"
                return
            answer = json.loads(data)
            sample["answered"] = time.time()
            sample.update(id=answer["id"], shared=answer["shared"], position=answer["position"],
                          startsIn=answer.get("startsInSeconds"))
            break
        sample["status"] = self.follow(answer["id"])
        sample["result"] = time.time()
        sample["started"] = self.started_at(answer["id"])

    def started_at(self, run_id):
        """When the server started the run (same machine, same clock), to check the estimate it gave."""
        conn = self.connect()
        conn.request("GET", f"/api/runs/{run_id}", headers={"Accept": "application/json", "Cookie": self.cookie})
        run = json.loads(conn.getresponse().read())
        conn.close()
        started = run.get("startedAt")
        return datetime.fromisoformat(started.replace("Z", "+00:00")).timestamp() if started else None

    def follow(self, run_id):
        """Reads the run's event stream until its end, as the lesson page does."""
        conn = self.connect()
        conn.request("GET", f"/api/runs/{run_id}/events", headers={"Accept": "text/event-stream", "Cookie": self.cookie})
        response = conn.getresponse()
        event = None
        status = None
        for raw in response:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event == "end":
                status = json.loads(line[5:]).get("status")
                break
        conn.close()
        return status


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:7070")
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spread", type=float, default=5.0)
    parser.add_argument("--lesson", default="the-gil")
    parser.add_argument("--class-code", default="")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--batch", choices=["lesson", "cpu"], default="lesson")
    parser.add_argument("--raw")
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.url)
    rng = random.Random(args.seed)

    students = [Student(url.hostname, url.port or 80, i) for i in range(args.students)]
    for student in students:
        student.join(args.class_code)
    samples, threads = [], []
    start = time.time()
    for student in students:
        for k in range(args.runs):
            plans = CPU_PLANS if args.batch == "cpu" else PLANS
            experiment, params = plans[k % len(plans)](student.index)
            sample = {"student": student.index, "experiment": experiment, "params": params, "refused": 0}
            samples.append(sample)
            delay = rng.uniform(0, args.spread)

            def press(student=student, experiment=experiment, params=params, sample=sample, delay=delay):
                time.sleep(max(0.0, start + delay - time.time()))
                student.run(args.lesson, experiment, params, sample)

            threads.append(threading.Thread(target=press, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    ended = [s for s in samples if "result" in s]
    waits = [s["result"] - s["pressed"] for s in ended]
    makespan = max(s["result"] for s in ended) - min(s["pressed"] for s in samples)
    statuses = {}
    for s in ended:
        statuses[s["status"]] = statuses.get(s["status"], 0) + 1
    executions = sum(1 for s in ended if not s.get("shared"))
    print(f"{args.students} students × {args.runs} runs of lesson {args.lesson}, pressed within {args.spread:g} s, one address\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| requests (runs asked for) | {len(samples)} |")
    print(f"| results received | {len(ended)} ({', '.join(f'{k}: {v}' for k, v in sorted(statuses.items(), key=str))}) |")
    print(f"| answers 429 | {sum(s['refused'] for s in samples)} |")
    print(f"| executions (requests that shared none) | {executions} of {len(ended)} |")
    print(f"| time to result p50 / p95 / max | {statistics.median(waits):.1f} s / {percentile(waits, 95):.1f} s / {max(waits):.1f} s |")
    print(f"| runs finished per minute | {len(ended) / makespan * 60:.1f} |")
    misses = [abs((s["started"] - s["answered"]) - s["startsIn"]) for s in ended
              if s.get("started") and s.get("startsIn") is not None and s.get("position", 0) > 0]
    if misses:
        print(f"| estimated start: off by (median / p95) | {statistics.median(misses):.1f} s / {percentile(misses, 95):.1f} s over {len(misses)} waiting runs |")
    print(f"| makespan (first press → last result) | {makespan:.1f} s |")
    errors = [s["error"] for s in samples if "error" in s]
    if errors:
        print(f"\nRefused other than 429: {len(errors)}, e.g. {errors[0]}")
    if args.raw:
        with open(args.raw, "w") as out:
            json.dump(samples, out, indent=1)


if __name__ == "__main__":
    main()
