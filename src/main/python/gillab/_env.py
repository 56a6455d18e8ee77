"""The environment fingerprint: what a result was measured on."""
import math
import os
import sys
import sysconfig

_IMPLEMENTATIONS = {"cpython": "CPython", "pypy": "PyPy"}


# The start methods this run's process has started children with, in the order of their first use.
_start_methods = []


def fingerprint():
    """The `env` record of the current process."""
    record = {
        "t": "env",
        "implementation": _IMPLEMENTATIONS.get(sys.implementation.name, sys.implementation.name),
        "version": "%d.%d.%d" % sys.version_info[:3],
        "executable": sys.executable,
        "gilEnabled": gil_enabled(),
        "freeThreadedBuild": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "cpuCount": os.cpu_count(),
        "usableCores": usable_cores(),
        "switchInterval": sys.getswitchinterval(),
        "loadAverage": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "pid": os.getpid(),
    }
    # Only what the run really used: a platform default would be wrong for a run that asked
    # get_context("spawn"), and meaningless for a run that started no process.
    if _start_methods:
        record["startMethod"] = ", ".join(_start_methods)
    return record


def watch_start_methods(on_new):
    """Note the start method of each process this process starts through multiprocessing (a Process, a Pool,
    a ProcessPoolExecutor all come through BaseProcess.start); call on_new() when a method is used the first time."""
    from multiprocessing import process  # deferred: only the process that starts a run needs it

    original = process.BaseProcess.start
    pid = os.getpid()

    def start(self):
        original(self)
        if os.getpid() != pid:
            return  # a child starting its own children: the run's process reports the run's
        # The Popen class that started the process names its method, whatever context chose it.
        method = getattr(getattr(self, "_popen", None), "method", None)
        if method and method not in _start_methods:
            _start_methods.append(method)
            on_new()

    process.BaseProcess.start = start


def gil_enabled():
    """Whether the GIL is on right now: always before 3.13, and on a free-threaded build it can come back on."""
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    return bool(is_gil_enabled()) if is_gil_enabled else True


def usable_cores():
    """Cores this process may run on: the affinity mask, lowered by a cgroup CPU quota."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    quota = cgroup_cpu_quota()
    if quota is not None:
        # A quota of 1.5 still lets two processes run at the same moment, throttled.
        cores = min(cores, max(1, math.ceil(quota)))
    return cores


def cgroup_cpu_quota(root="/sys/fs/cgroup", proc_cgroup="/proc/self/cgroup"):
    """The tightest CPU quota (in cores) of this process's cgroup and its ancestors, or None."""
    v2_path, v1_path = _cgroup_paths(proc_cgroup)
    quotas = []
    if v2_path is not None:
        for base in (root, os.path.join(root, "unified")):
            for directory in _self_and_ancestors(base, v2_path):
                quotas.append(_read_v2(os.path.join(directory, "cpu.max")))
    if v1_path is not None:
        for mount in ("cpu", "cpu,cpuacct", "cpuacct,cpu"):
            for directory in _self_and_ancestors(os.path.join(root, mount), v1_path):
                quotas.append(_read_v1(directory))
    quotas = [q for q in quotas if q is not None]
    return min(quotas) if quotas else None


def _cgroup_paths(proc_cgroup):
    v2_path = v1_path = None
    try:
        with open(proc_cgroup) as f:
            lines = f.read().splitlines()
    except OSError:
        return None, None
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        if controllers == "":
            v2_path = path
        elif "cpu" in controllers.split(","):
            v1_path = path
    return v2_path, v1_path


def _self_and_ancestors(base, cgroup_path):
    """base/a/b, base/a, base: inside a cgroup namespace only some of them exist."""
    parts = [p for p in cgroup_path.split("/") if p]
    return [os.path.join(base, *parts[:n]) for n in range(len(parts), -1, -1)]


def _read_v2(path):
    try:
        with open(path) as f:
            quota, period = f.read().split()[:2]
    except (OSError, ValueError):
        return None
    return None if quota == "max" else int(quota) / int(period)


def _read_v1(directory):
    try:
        with open(os.path.join(directory, "cpu.cfs_quota_us")) as f:
            quota = int(f.read())
        with open(os.path.join(directory, "cpu.cfs_period_us")) as f:
            period = int(f.read())
    except (OSError, ValueError):
        return None
    return None if quota <= 0 or period <= 0 else quota / period
