"""The side channel: one clock for every process of a run, and records appended as JSON lines.

Every record is one line written with a single os.write on an O_APPEND descriptor, so lines from
threads, forked and spawned children never interleave, and nothing sits in a buffer that fork could
copy. Each process opens the file itself on its first record.
"""
import json
import math
import os
import threading
import time

CHANNEL = "GILLAB_CHANNEL"
CONFIG = "GILLAB_CONFIG"
T0_NS = "GILLAB_T0_NS"

_t0_ns = None
_fd = None
_open_lock = threading.Lock()
_before_record = None  # (pid, callback): see before_each_record


def set_t0(t0_ns):
    """Start the run clock at t0_ns (a time.monotonic_ns() value) and export it to children."""
    global _t0_ns
    _t0_ns = int(t0_ns)
    os.environ[T0_NS] = str(_t0_ns)


def load_t0():
    """Adopt the run clock from the environment; True when it was already set there."""
    value = os.environ.get(T0_NS)
    if value is None:
        set_t0(time.monotonic_ns())
        return False
    set_t0(value)
    return True


def t0_ns():
    """The run's clock zero, a time.monotonic_ns() value (None before the run started)."""
    return _t0_ns


def seconds(monotonic_ns):
    """A time.monotonic_ns() value as float seconds since the run started."""
    return (monotonic_ns - _t0_ns) / 1e9


def now():
    return seconds(time.monotonic_ns())


def number(value):
    """A JSON-safe number: floats as they are, NaN and infinities as null (JSON has neither)."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def before_each_record(callback):
    """Call callback() before every later record of this process, except "env" records (not in its children)."""
    global _before_record
    _before_record = (os.getpid(), callback)


def emit(record):
    """Append one record to the channel; without a channel the record is dropped."""
    fd = _channel_fd()
    if fd is None:
        return
    hook = _before_record
    if hook is not None and record.get("t") != "env" and hook[0] == os.getpid():
        hook[1]()
    data = (json.dumps(record, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")
    written = os.write(fd, data)
    # A regular file takes the whole line at once; finishing a short write (disk full, signal)
    # keeps the line whole, even if no longer atomic.
    while written < len(data):
        written += os.write(fd, data[written:])


def reopen():
    """Forget the open channel so the next record opens GILLAB_CHANNEL anew."""
    global _fd, _open_lock
    if _fd is not None:
        try:
            os.close(_fd)
        except OSError:
            pass
    _fd = None
    _open_lock = threading.Lock()


def _channel_fd():
    global _fd
    if _fd is None:
        with _open_lock:
            path = os.environ.get(CHANNEL)
            if _fd is None and path:
                _fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
    return _fd


# The child gets a copy of the descriptor and possibly of a held lock: start clean instead.
os.register_at_fork(after_in_child=reopen)
