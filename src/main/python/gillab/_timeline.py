"""Spans on the timeline: explicit ones, and the running/waiting record of a busy loop."""
import contextlib
import os
import sys
import threading
import time

from . import _channel

STATES = ("running", "waiting", "io")

# spin(): iterations between two clock reads (tens of microseconds on CPython), the shortest
# stand-still taken for a wait, how many typical chunks a stand-still must exceed, and how many
# spans one call may leave after merging the shortest.
CHUNK = 1000
MIN_GAP_NS = 500_000
GAP_FACTOR = 4
MAX_SPANS = 300

_harness_pid = os.getpid()


def current_lane():
    """The asyncio task (other than the main one), else the thread; prefixed by a child's process."""
    task = _current_task()
    name = task.get_name() if task is not None else threading.current_thread().name
    process = _process_name()
    if process is None:
        return name
    if task is None and threading.current_thread() is threading.main_thread():
        return process
    return process + "/" + name


@contextlib.contextmanager
def span(label, lane=None, state="running"):
    """Record the time spent inside the with-block as one bar on the timeline."""
    if state not in STATES:
        raise ValueError("state must be one of %s, not %r" % (", ".join(STATES), state))
    lane = lane or current_lane()
    start = time.monotonic_ns()
    try:
        yield
    finally:
        _emit_span(label, lane, start, time.monotonic_ns(), state)


def sleep(seconds, label="wait"):
    """time.sleep, recorded as an io span."""
    with span(label, state="io"):
        time.sleep(seconds)


async def asleep(seconds, label="wait"):
    """asyncio.sleep, recorded as an io span of the awaiting task."""
    import asyncio

    with span(label, state="io"):
        await asyncio.sleep(seconds)


def spin(seconds=None, iterations=None, label="work", lane=None):
    """Busy-loop in pure Python for `seconds` or `iterations` (whichever ends first).

    The loop reads the clock after every small chunk. A chunk that took far longer than usual
    means the thread stood still (waiting for the GIL, or descheduled): that stretch becomes a
    waiting span between running ones. Returns the iterations done.
    """
    if seconds is None and iterations is None:
        raise ValueError("spin() needs seconds or iterations")
    lane = lane or current_lane()
    start = time.monotonic_ns()
    deadline = start + int(seconds * 1e9) if seconds is not None else None
    left = iterations if iterations is not None else -1
    segments = []  # [start_ns, end_ns, state], contiguous, alternating
    recent = []  # durations of ordinary chunks, for the running median
    typical = 0
    run_start = last = start
    done = 0
    try:
        while left != 0 and (deadline is None or last < deadline):
            n = CHUNK if left < 0 else min(CHUNK, left)
            x = 0
            for i in range(n):
                x += i
            done += n
            left -= n if left > 0 else 0
            t = time.monotonic_ns()
            took = t - last
            if took > MIN_GAP_NS and took > GAP_FACTOR * typical:
                if last > run_start:
                    segments.append([run_start, last, "running"])
                if segments and segments[-1][2] == "waiting" and segments[-1][1] == last:
                    segments[-1][1] = t  # stood still again right after standing still
                else:
                    segments.append([last, t, "waiting"])
                run_start = t
            else:
                recent.append(took)
                if len(recent) >= 31:
                    recent.sort()
                    typical = recent[15]
                    recent = []
                elif typical == 0 and len(recent) == 5:
                    typical = sorted(recent)[2]
            last = t
    finally:
        if last > run_start:
            segments.append([run_start, last, "running"])
        for s, e, state in coalesce(segments, MAX_SPANS):
            _emit_span(label, lane, s, e, state)
    return done


def coalesce(segments, cap):
    """Absorb the shortest segments into their neighbours until at most `cap` remain.

    The two neighbours of a segment share a state, so the three become one. Each round merges
    the shortest segments first and touches a segment at most once, so merges spread over the
    whole run instead of snowballing in one place; the long stretches a reader can see stay.
    """
    cap = max(cap, 1)
    while len(segments) > cap:
        count = len(segments)
        order = sorted(range(count), key=lambda i: (segments[i][1] - segments[i][0], i))
        touched = [False] * count
        absorbed = [False] * count
        excess = count - cap
        for i in order:
            if excess <= 0:
                break
            group = [j for j in (i - 1, i, i + 1) if 0 <= j < count]
            if any(touched[j] for j in group):
                continue
            for j in group:
                touched[j] = True
            absorbed[i] = True
            excess -= len(group) - 1
        segments = _without_absorbed(segments, absorbed)
    return segments


def _without_absorbed(segments, absorbed):
    merged = []
    start = None  # where the next kept segment starts, when the first ones were absorbed
    for (s, e, state), gone in zip(segments, absorbed):
        if gone or (merged and merged[-1][2] == state):
            if merged:
                merged[-1][1] = e
            elif start is None:
                start = s
            continue
        merged.append([s if start is None else start, e, state])
        start = None
    return merged


def _emit_span(label, lane, start_ns, end_ns, state):
    _channel.emit({
        "t": "span",
        "label": str(label),
        "lane": str(lane),
        "start": _channel.seconds(start_ns),
        "end": _channel.seconds(end_ns),
        "state": state,
        "pid": os.getpid(),
    })


def _current_task():
    asyncio = sys.modules.get("asyncio")
    if asyncio is None:
        return None
    try:
        task = asyncio.current_task()
    except RuntimeError:  # no event loop running in this thread
        return None
    if task is None or _is_main_task(task):
        return None
    return task


def _is_main_task(task):
    """The task that asyncio.run (or run_until_complete) waits on: it stands for the thread itself."""
    callbacks = getattr(task, "_callbacks", None) or ()
    return any(getattr(entry[0], "__name__", "") == "_run_until_complete_cb" for entry in callbacks)


def _process_name():
    """None in the run's main process; the multiprocessing name (or pid) in a child."""
    mp_process = sys.modules.get("multiprocessing.process")
    if mp_process is not None and mp_process.parent_process() is not None:
        return mp_process.current_process().name
    if os.getpid() != _harness_pid:  # forked with os.fork, outside multiprocessing
        return "pid %d" % os.getpid()
    return None
