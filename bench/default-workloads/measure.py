"""Runs experiments at their defaults with `gil-lab run --json` and prints one Markdown table row each:
the run's wall time, each variant's median, and the verdict (or the summary for charts without one).

usage: python3 bench/default-workloads/measure.py [--interpreter NAME] [--param LESSON/EXP:NAME=VALUE]... [LESSON/EXPERIMENT ...]
With no experiment named, runs every experiment of every lesson in lessons/.
"""
import json
import os
import re
import subprocess
import sys
import time

JAR = os.environ.get("GILLAB_JAR", "target/gil-lab.jar")


def experiments():
    found = []
    for name in sorted(os.listdir("lessons")):
        if name.endswith(".md"):
            with open(os.path.join("lessons", name), encoding="utf-8") as f:
                for line in f:
                    m = re.match(r"# id: (\S+)", line)
                    if m:
                        found.append(f"{name[:-3]}/{m.group(1)}")
    return found


def measure(target, interpreter, params):
    cmd = ["java", "-jar", JAR, "run", target, "--json"]
    if interpreter:
        cmd += ["--interpreter", interpreter]
    for p in params:
        cmd += ["--param", p]
    load = os.getloadavg()[0]
    started = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    try:
        run = json.loads(done.stdout)
    except ValueError:
        return f"| {target} | {interpreter or 'python3'} | failed (exit {done.returncode}) | | | | {load:.1f} |"
    result = run.get("result") or {}
    variants = ", ".join(f"{r['variant']} {r['median']:.2f}" for r in result.get("repetitions") or [])
    verdict = result.get("verdict")
    if verdict:
        said = f"{verdict['words']} ({verdict['low']:.2f}–{verdict['high']:.2f})"
    else:
        said = (result.get("summary") or run.get("error") or "")[:90]
    wall = result.get("wallSeconds")
    wall = f"{wall:.1f}" if isinstance(wall, (int, float)) else "?"
    return f"| {target} | {interpreter or 'python3'} | {wall} | {elapsed:.1f} | {variants} | {said} | {load:.1f} |"


def main(argv):
    interpreter, params, targets = None, {}, []
    i = 0
    while i < len(argv):
        if argv[i] == "--interpreter":
            interpreter = argv[i + 1]
            i += 2
        elif argv[i] == "--param":
            target, assignment = argv[i + 1].split(":", 1)
            params.setdefault(target, []).append(assignment)
            i += 2
        else:
            targets.append(argv[i])
            i += 1
    print("| experiment | interpreter | run wall s | command s | variant medians s | verdict or summary | load |")
    print("|---|---|---|---|---|---|---|")
    for target in targets or experiments():
        print(measure(target, interpreter, params.get(target, [])), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
