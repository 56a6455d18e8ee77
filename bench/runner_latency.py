"""Progress latency to the browser, driven by bench/runner-latency.

Each run of the bench lesson's `ping` experiment writes progress records whose message is the time they were written
(time.time() in the sandboxed Python). This client follows the run's event stream on the web node, as a lesson page
does, and takes for every progress frame the time it arrived minus the time in its message: the whole way from the
harness's record to the browser (the run's side channel is read every 150 ms, so that much is in every sample).
Prints one Markdown table row; stdlib only.
"""
import argparse
import http.client
import json
import statistics
import time
import urllib.parse


def submit(host, port, n):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    body = json.dumps({"lesson": "bench", "experiment": "ping", "params": {"n": n}})
    conn.request("POST", "/api/runs", body=body, headers={"Content-Type": "application/json",
                                                           "Cookie": "gillab_student=%032x" % n})
    response = conn.getresponse()
    answer = json.loads(response.read())
    if response.status != 202:
        raise SystemExit("run refused: %s %s" % (response.status, answer))
    return answer["id"]


def follow(host, port, run_id):
    """Latencies (s) of the run's progress frames, in order, until its end."""
    conn = http.client.HTTPConnection(host, port, timeout=120)
    conn.request("GET", "/api/runs/%s/events" % run_id, headers={"Accept": "text/event-stream"})
    response = conn.getresponse()
    event, samples, seen = None, [], set()
    while True:
        line = response.fp.readline()
        if not line:
            return samples
        arrived = time.time()
        line = line.decode().rstrip("\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: ") and event == "progress":
            frame = json.loads(line[6:])
            message = frame.get("message", "")
            # The elapsed time ticks between records, repeating the last message: only its first frame counts.
            if message.startswith("t=") and message not in seen:
                seen.add(message)
                samples.append(arrived - float(message[2:]))
        elif line.startswith("data: ") and event == "end":
            return samples


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--label", required=True)
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.url)
    first, every = [], []
    for i in range(args.runs):
        samples = follow(url.hostname, url.port, submit(url.hostname, url.port, i + 1))
        if samples:
            first.append(samples[0])
            every.extend(samples)
    ms = lambda xs, q: "%.0f" % (1000 * statistics.quantiles(xs, n=20)[q]) if len(xs) >= 2 else "-"
    print("| %s | %d | %.0f | %.0f | %s | %.0f | %s | %.0f |" % (
        args.label, len(first), 1000 * statistics.median(first), 1000 * max(first), len(every),
        1000 * statistics.median(every), ms(every, 18), 1000 * max(every)))


if __name__ == "__main__":
    main()
