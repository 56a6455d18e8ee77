"""Starting a run: the clock, the channel and the env record, and the digest of a run by hand."""
import atexit
import json
import os
import sys
import tempfile

from . import _channel, _env, _names

BOOT = "GILLAB_BOOT"


def autostart():
    """Called on import. The process that finds no run clock starts the run."""
    if BOOT in os.environ:
        return  # a pre-started interpreter: gillab_boot calls begin() when its job arrives
    started_elsewhere = _channel.load_t0()
    if _channel.CHANNEL not in os.environ:
        _record_locally()
    if not started_elsewhere:
        _report_environment()
    _names.install()


def begin(channel, config, t0_ns):
    """Start the run of a pre-started interpreter (see gillab_boot)."""
    os.environ.pop(BOOT, None)
    os.environ[_channel.CHANNEL] = channel
    os.environ[_channel.CONFIG] = json.dumps(config)
    _channel.set_t0(t0_ns)
    _channel.reopen()
    _report_environment()
    _names.install()


def _report_environment():
    """Emit the env record, and emit it again if the GIL changes state later in the run.

    A free-threaded build turns the GIL back on when the run imports an extension module that has not
    declared itself safe without it, so the state at start-up is not necessarily the state the
    measurements ran in. The check runs before each later record of this process and once at exit;
    the last env record of a run is its fingerprint.
    """
    reported = _env.fingerprint()
    # The run's clock zero: the server puts its own measurements (thread lanes) on the same clock.
    _channel.emit(dict(reported, t0Ns=_channel.t0_ns()))
    pid = os.getpid()
    state = {"gil": reported["gilEnabled"], "last": reported}

    def new_start_method():
        # The last env record is the run's fingerprint: repeat it with the start methods used so far.
        state["last"] = dict(state["last"], startMethod=_env.fingerprint()["startMethod"])
        _channel.emit(state["last"])

    def recheck():
        if os.getpid() != pid:
            return  # a forked child: its GIL is its own, and the run's process reports the run's
        now = _env.gil_enabled()
        if now != state["gil"]:
            state["gil"] = now
            changed = _env.fingerprint()
            changed["gilChangedDuringRun"] = True
            state["last"] = changed
            _channel.emit(changed)

    _channel.before_each_record(recheck)
    _env.watch_start_methods(new_start_method)
    atexit.register(recheck)


def _record_locally():
    """Run by hand: record to a temporary channel (children inherit it) and print a digest at exit."""
    fd, path = tempfile.mkstemp(prefix="gillab-", suffix=".jsonl")
    os.close(fd)
    os.environ[_channel.CHANNEL] = path
    pid = os.getpid()

    def print_digest():
        if os.getpid() != pid:
            return  # a forked child leaving through sys.exit
        try:
            with open(path, encoding="utf-8") as f:
                records = [json.loads(line) for line in f if line.strip()]
        finally:
            os.unlink(path)
        sys.stderr.write(digest(records))

    atexit.register(print_digest)


def digest(records):
    """A few human-readable lines about what a run recorded."""
    lines = []
    by_type = {}
    for record in records:
        by_type.setdefault(record.get("t"), []).append(record)
    for env in by_type.get("env", [])[:1]:
        lines.append("%s %s, GIL %s, %s usable cores" % (
            env["implementation"], env["version"], "on" if env["gilEnabled"] else "off", env["usableCores"]))
    reps = {}
    for rep in by_type.get("rep", []):
        reps.setdefault(rep["variant"], []).append("%.4g" % rep["value"])
    for variant, values in reps.items():
        lines.append("%s: %s s" % (variant, " ".join(values)))
    for metric in by_type.get("metric", []):
        lines.append("%s = %s %s" % (metric["name"], metric["value"], metric["unit"]))
    points = {}
    for point in by_type.get("point", []):
        points.setdefault(point["series"], []).append((point["x"], point["y"]))
    for series in by_type.get("series", []):
        points.setdefault(series["name"], []).extend(zip(series["xs"], series["ys"]))
    for name, xy in points.items():
        lines.append("%s: %s" % (name, ", ".join("(%s, %s)" % p for p in xy)))
    spans = by_type.get("span", [])
    if spans:
        lanes = sorted({span["lane"] for span in spans})
        lines.append("%d spans in %d lanes: %s" % (len(spans), len(lanes), ", ".join(lanes)))
    for summary in by_type.get("summary", []):
        lines.append(summary["text"])
    if not lines:
        return "gillab: nothing recorded\n"
    return "".join("gillab: %s\n" % line for line in lines)
