"""A pre-started interpreter for one experiment run (see docs/harness-protocol.md).

The server starts `python3 -I -u gillab_boot.py` ahead of time, so the interpreter start-up and the
imports experiments use are paid before a student asks. The process then waits for one job line
on stdin, runs that script as __main__, and exits the way the script would have.

`gillab_boot.py --calibrate [N]` instead prints how much faster N processes finish a fixed
pure-Python loop than one process does, measured now, once its stdin is closed.
"""
import os
import sys

# -I keeps PYTHONPATH out, so the harness beside this file goes on the path by hand.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ["GILLAB_BOOT"] = "1"

import atexit  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import runpy  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

import gillab  # noqa: E402,F401
from gillab import _env, _run  # noqa: E402

CALIBRATION_LOOP = 2_000_000
CALIBRATION_ROUNDS = 3


def warm_up():
    """Import what experiments use, so their first import costs nothing."""
    import asyncio  # noqa: F401
    import concurrent.futures  # noqa: F401
    import hashlib  # noqa: F401
    import multiprocessing.pool  # noqa: F401
    import multiprocessing.popen_fork  # noqa: F401
    import multiprocessing.popen_forkserver  # noqa: F401
    import multiprocessing.popen_spawn_posix  # noqa: F401
    import multiprocessing.queues  # noqa: F401
    import multiprocessing.synchronize  # noqa: F401
    import random  # noqa: F401
    import statistics  # noqa: F401
    import threading  # noqa: F401
    import zlib  # noqa: F401


def serve():
    line = sys.stdin.readline()
    if not line.strip():
        return 0  # the server closed the pool without a job
    job = json.loads(line)
    t0_ns = time.monotonic_ns()
    # The student's input() should see end of file, not wait on the server's pipe.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    script = os.path.abspath(job["script"])
    if "code" in job:
        # The server sends the code rather than writing it: the run's work folder may be its own tmpfs.
        fd = os.open(script, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with open(fd, "w", encoding="utf-8") as f:
            f.write(job["code"])
    os.chdir(job.get("cwd") or os.path.dirname(script))
    sys.argv = [script]
    sys.path.insert(0, os.path.dirname(script))  # as `python3 script.py` would
    _run.begin(job["channel"], job.get("config") or {}, t0_ns)
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit:
        raise  # the script's own exit code, as if it ran on its own
    except BaseException as e:
        print_student_traceback(e)
        return 1
    return 0


def print_student_traceback(error):
    """The traceback from the student's first frame on: this file and runpy are noise to them."""
    hidden = (globals(), vars(runpy))
    tb = error.__traceback__
    while tb is not None and any(tb.tb_frame.f_globals is g for g in hidden):
        tb = tb.tb_next
    traceback.print_exception(type(error), error, tb)
    sys.stderr.flush()


def calibrate(workers):
    """Median time of the loop in one process and in `workers` processes at once, interleaved."""
    single, parallel = [], []
    for round_index in range(CALIBRATION_ROUNDS):
        runs = [(single, 1), (parallel, workers)]
        if round_index % 2:  # alternate which goes first, so neither always meets a cold clock
            runs.reverse()
        for times, count in runs:
            times.append(_time_processes(count))
    single_s, parallel_s = sorted(single)[len(single) // 2], sorted(parallel)[len(parallel) // 2]
    return {
        "workers": workers,
        "single": single_s,
        "parallel": parallel_s,
        "effectiveParallelism": workers * single_s / parallel_s,
    }


def _time_processes(count):
    """Wall time for `count` forked processes that each run the calibration loop once."""
    start = time.perf_counter()
    pids = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            try:
                _loop(CALIBRATION_LOOP)
            finally:
                os._exit(0)
        pids.append(pid)
    for pid in pids:
        os.waitpid(pid, 0)
    return time.perf_counter() - start


def _loop(n):
    while n:
        n -= 1


def main(argv):
    if argv[:1] == ["--calibrate"]:
        # The server closes stdin once it has moved this process to the cores it measures for (a slot's cpuset).
        sys.stdin.read()
        workers = int(argv[1]) if len(argv) > 1 else _env.usable_cores()
        print(json.dumps(calibrate(max(1, workers))))
        return 0
    warm_up()
    if hasattr(gc, "freeze"):
        gc.freeze()  # what the boot loaded is never garbage: keep the collector off it during the run
    return serve()


def exit_status(code):
    """The exit status `sys.exit(code)` would give, printing a non-integer code as Python does."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def finish(status):
    """End the run as the interpreter would, minus its teardown.

    Python's own exit waits for non-daemon threads and runs the atexit handlers (which join
    multiprocessing children and thread pools), then spends 100 ms or more freeing every module
    and object. The process is about to vanish, so the freeing is skipped.
    """
    shutdown = getattr(threading, "_shutdown", None)
    if shutdown is not None:
        shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


if __name__ == "__main__":
    try:
        status = exit_status(main(sys.argv[1:]))
    except SystemExit as e:
        status = exit_status(e.code)
    finish(status)
