"""GIL Lab's experiment harness: `import gillab as lab`.

Records what an experiment measured (timings, metrics, series, timeline spans, progress) on a side
channel that print() cannot reach, from every thread and process, on one clock shared by all of
them. docs/authoring.md describes the calls; docs/harness-protocol.md the records.
"""
from . import _channel, _run
from ._compare import compare
from ._params import Params, params, repetitions
from ._timeline import asleep, sleep, span, spin

__all__ = [
    "Params", "asleep", "compare", "metric", "now", "params", "point", "progress", "repetitions",
    "series", "sleep", "span", "spin", "summary",
]


def now():
    """Seconds since the run started, on the clock every process of the run shares."""
    return _channel.now()


def metric(name, value, unit=""):
    """One named number for the result table."""
    _channel.emit({"t": "metric", "name": str(name), "value": _channel.number(value), "unit": str(unit)})


def point(series, x, y, x_label=None, y_label=None, ideal=False):
    """One point of a line; points of the same series join up."""
    _channel.emit({
        "t": "point", "series": str(series), "x": _channel.number(x), "y": _channel.number(y),
        "xLabel": x_label, "yLabel": y_label, "ideal": bool(ideal),
    })


def series(name, xs, ys, x_label=None, y_label=None, ideal=False):
    """A whole line at once."""
    xs, ys = list(xs), list(ys)
    if len(xs) != len(ys):
        raise ValueError("series %r has %d xs but %d ys" % (name, len(xs), len(ys)))
    _channel.emit({
        "t": "series", "name": str(name),
        "xs": [_channel.number(x) for x in xs], "ys": [_channel.number(y) for y in ys],
        "xLabel": x_label, "yLabel": y_label, "ideal": bool(ideal),
    })


def progress(fraction, message=""):
    """Move the progress bar (0 to 1)."""
    fraction = min(1.0, max(0.0, float(fraction)))
    _channel.emit({"t": "progress", "fraction": fraction, "message": str(message)})


def summary(text):
    """The one-line reading of the chart."""
    _channel.emit({"t": "summary", "text": str(text)})


_run.autostart()
