"""Thread names for the server's thread lanes.

The server samples every thread of a run from outside (by /proc) and knows threads only by their native
ids. Each thread says its name here once, when it starts: a `thread` record with its pid, native id
and the name its spans' lane would have (`Thread-1 (work)`, `Process-1`, `Process-1/Thread-2`).
"""
import os
import threading

from . import _channel, _timeline

_installed = False


def install():
    """Hook thread and process start-up, and name the calling (main) thread. Safe to call twice."""
    global _installed
    if not _installed:
        _installed = True
        _hook_threads()
        _hook_processes()
        os.register_at_fork(after_in_child=_name_forked)
    announce(threading.main_thread().name if _timeline._process_name() is None else _timeline._process_name())


def announce(name):
    """Say the calling thread's name; the last record for a thread is the one the server uses."""
    get_native_id = getattr(threading, "get_native_id", None)
    if get_native_id is None:
        return
    try:
        _channel.emit({"t": "thread", "pid": os.getpid(), "tid": get_native_id(), "name": str(name)})
    except OSError:
        pass  # a thread must start even when its name cannot be written


def _hook_threads():
    original = getattr(threading.Thread, "_bootstrap_inner", None)
    if original is None:
        return

    def _bootstrap_inner(self):
        # Runs in the new thread, before threading has registered it: name it from the object itself.
        process = _timeline._process_name()
        announce(self.name if process is None else process + "/" + self.name)
        return original(self)

    threading.Thread._bootstrap_inner = _bootstrap_inner


def _hook_processes():
    try:
        import multiprocessing.process as mp_process
    except ImportError:
        return
    original = getattr(mp_process.BaseProcess, "_bootstrap", None)
    if original is None:
        return

    def _bootstrap(self, *args, **kwargs):
        # Runs in the child (fork, spawn or forkserver) before the process target: its main thread is the process.
        announce(self.name)
        return original(self, *args, **kwargs)

    mp_process.BaseProcess._bootstrap = _bootstrap


def _name_forked():
    # A child forked outside multiprocessing; multiprocessing renames its own children in _bootstrap.
    announce("pid %d" % os.getpid())
