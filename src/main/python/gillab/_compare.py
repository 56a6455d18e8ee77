"""compare(): time variants against each other, fairly."""
import random
import time

from . import _channel, _params

_rng = random.Random()


def compare(variants, repeat=None, warmup=1):
    """Time each variant: `warmup` untimed calls each, then `repeat` rounds in a new random order.

    Shuffling every round spreads clock ramp-up, caches and other runs' noise over all variants
    instead of favouring whichever runs second. Returns {name: [seconds, ...]}; the server
    computes the statistics.
    """
    variants = dict(variants)
    for name, fn in variants.items():
        if not callable(fn):
            raise TypeError("variant %r is not callable" % (name,))
    repeat = _params.repetitions() if repeat is None else int(repeat)
    names = list(variants)
    # The declared order, so the chart lists variants as the author wrote them, not as the shuffle ran them.
    _channel.emit({"t": "variants", "names": [str(name) for name in names]})
    total = len(names) * (warmup + repeat)
    calls = 0
    for _ in range(warmup):
        for name in names:
            variants[name]()
            calls += 1
            _progress(calls, total, "warming up %s" % name)
    times = {name: [] for name in names}
    for index in range(repeat):
        order = list(names)
        _rng.shuffle(order)
        for name in order:
            fn = variants[name]
            start = time.perf_counter()
            fn()
            elapsed = time.perf_counter() - start
            times[name].append(elapsed)
            _channel.emit({"t": "rep", "variant": str(name), "index": index, "value": elapsed, "unit": "s"})
            calls += 1
            _progress(calls, total, "%s, repetition %d of %d" % (name, index + 1, repeat))
    return times


def _progress(calls, total, message):
    _channel.emit({"t": "progress", "fraction": calls / total if total else 1.0, "message": message})
