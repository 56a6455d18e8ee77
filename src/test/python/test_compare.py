import json
import os
import random
import unittest
from unittest import mock

import support

import gillab
from gillab import _compare


class CompareTest(unittest.TestCase):
    def setUp(self):
        self.calls = []
        self.variants = {name: (lambda name=name: self.calls.append(name)) for name in "abcd"}
        # A seeded order makes "the rounds differ" a fact of this test, not a likelihood.
        patcher = mock.patch.object(_compare, "_rng", random.Random(7))
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_every_variant_is_warmed_up_then_timed_once_per_round_in_a_new_order(self):
        with support.recording() as records:
            times = gillab.compare(self.variants, repeat=6, warmup=2)
            reps = support.of_type(records(), "rep")
        warmup, timed = self.calls[:8], self.calls[8:]
        self.assertEqual(warmup, list("abcd") * 2)
        rounds = [timed[i:i + 4] for i in range(0, len(timed), 4)]
        self.assertEqual(len(rounds), 6)
        for order in rounds:
            self.assertEqual(sorted(order), list("abcd"))
        self.assertGreater(len({tuple(order) for order in rounds}), 1)
        self.assertEqual([r["variant"] for r in reps], timed)
        for name in "abcd":
            mine = [r for r in reps if r["variant"] == name]
            self.assertEqual([r["index"] for r in mine], list(range(6)))
            self.assertEqual([r["value"] for r in mine], times[name])
            self.assertEqual({r["unit"] for r in mine}, {"s"})

    def test_the_declared_order_of_variants_is_recorded_before_timing(self):
        with support.recording() as records:
            gillab.compare(self.variants, repeat=2, warmup=0)
            written = records()
        self.assertEqual(written[0]["t"], "variants")
        self.assertEqual(written[0]["names"], list("abcd"))

    def test_progress_climbs_to_one(self):
        with support.recording() as records:
            gillab.compare(self.variants, repeat=2)
            fractions = [r["fraction"] for r in support.of_type(records(), "progress")]
        self.assertEqual(len(fractions), 12)
        self.assertEqual(fractions, sorted(fractions))
        self.assertEqual(fractions[-1], 1.0)

    def test_the_default_repeat_is_the_configured_repetitions(self):
        with mock.patch.dict(os.environ, {"GILLAB_CONFIG": json.dumps({"repetitions": 4})}):
            times = gillab.compare({"only": lambda: None}, warmup=0)
        self.assertEqual(len(times["only"]), 4)

    def test_a_variant_that_is_not_callable_is_refused_before_anything_runs(self):
        with self.assertRaisesRegex(TypeError, "'b'"):
            gillab.compare({"a": self.variants["a"], "b": 42})
        self.assertEqual(self.calls, [])


class RecordTest(unittest.TestCase):
    def test_metrics_points_series_progress_and_summary_are_recorded_as_documented(self):
        with support.recording() as records:
            gillab.metric("speedup", 1.93, "×")
            gillab.metric("broken", float("nan"))
            gillab.point("CPU-bound", 2, 1.1, x_label="workers", y_label="speedup", ideal=True)
            gillab.series("I/O-bound", [1, 2], [1.0, 1.9])
            gillab.progress(1.5, "almost")
            gillab.summary("Two workers were 1.9× as fast.")
            got = records()
        self.assertEqual(got, [
            {"t": "metric", "name": "speedup", "value": 1.93, "unit": "×"},
            {"t": "metric", "name": "broken", "value": None, "unit": ""},
            {"t": "point", "series": "CPU-bound", "x": 2.0, "y": 1.1, "xLabel": "workers", "yLabel": "speedup",
             "ideal": True},
            {"t": "series", "name": "I/O-bound", "xs": [1.0, 2.0], "ys": [1.0, 1.9], "xLabel": None, "yLabel": None,
             "ideal": False},
            {"t": "progress", "fraction": 1.0, "message": "almost"},
            {"t": "summary", "text": "Two workers were 1.9× as fast."},
        ])

    def test_a_series_needs_as_many_ys_as_xs(self):
        with self.assertRaises(ValueError):
            gillab.series("s", [1, 2], [1])

    def test_now_counts_from_the_run_start(self):
        with mock.patch("gillab._channel.time.monotonic_ns", return_value=int(os.environ["GILLAB_T0_NS"]) + 1_500_000_000):
            self.assertEqual(gillab.now(), 1.5)


class ChannelTest(unittest.TestCase):
    def test_lines_from_threads_and_forked_children_never_interleave(self):
        result = support.run_script("""
            import os
            import threading
            import gillab as lab

            def chatter(who):
                for i in range(200):
                    lab.summary(who + "x" * 2000)

            threads = [threading.Thread(target=chatter, args=("t%d" % n,)) for n in range(3)]
            for t in threads:
                t.start()
            pid = os.fork()
            if pid == 0:
                chatter("child")
                os._exit(0)
            chatter("main")
            for t in threads:
                t.join()
            os.waitpid(pid, 0)
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        texts = [r["text"] for r in support.of_type(result.records, "summary")]
        self.assertEqual(len(texts), 5 * 200)
        for text in texts:
            self.assertTrue(text.endswith("x" * 2000))


if __name__ == "__main__":
    unittest.main()
