import os
import shutil
import unittest
from unittest import mock

import support

import gillab
from gillab import _timeline


def lanes(records):
    by_lane = {}
    for span in support.of_type(records, "span"):
        by_lane.setdefault(span["lane"], []).append(span)
    return by_lane


class SpanTest(unittest.TestCase):
    def test_threads_record_spans_in_their_own_lanes(self):
        result = support.run_script("""
            import threading
            import gillab as lab

            def work():
                with lab.span("step"):
                    sum(range(1000))

            threads = [threading.Thread(target=work, name=name) for name in ("A", "B")]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            lab.sleep(0.001, label="nap")
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        by_lane = lanes(result.records)
        self.assertEqual(sorted(by_lane), ["A", "B", "MainThread"])
        self.assertEqual([(s["label"], s["state"]) for s in by_lane["MainThread"]], [("nap", "io")])
        for span in support.of_type(result.records, "span"):
            self.assertLessEqual(span["start"], span["end"])

    def test_asyncio_tasks_get_their_own_lanes_and_the_main_task_is_the_thread(self):
        result = support.run_script("""
            import asyncio
            import gillab as lab

            async def main():
                with lab.span("gather"):
                    await asyncio.gather(
                        asyncio.create_task(lab.asleep(0.01, label="a"), name="fetch-a"),
                        asyncio.create_task(lab.asleep(0.01, label="b"), name="fetch-b"),
                    )

            asyncio.run(main())
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        by_lane = lanes(result.records)
        self.assertEqual(sorted(by_lane), ["MainThread", "fetch-a", "fetch-b"])
        self.assertEqual(by_lane["fetch-a"][0]["state"], "io")
        gather = by_lane["MainThread"][0]
        for name in ("fetch-a", "fetch-b"):
            self.assertGreaterEqual(by_lane[name][0]["start"], gather["start"])
            self.assertLessEqual(by_lane[name][0]["end"], gather["end"])

    def test_an_explicit_lane_is_kept_as_given(self):
        with support.recording() as records:
            with gillab.span("load", lane="disk", state="io"):
                pass
            self.assertEqual([(s["lane"], s["state"]) for s in records()], [("disk", "io")])

    def test_an_unknown_state_is_refused(self):
        with self.assertRaises(ValueError):
            with gillab.span("x", state="sleeping"):
                pass


CHILD_SCRIPT = """
    import multiprocessing as mp
    import threading
    import gillab as lab

    def child():
        with lab.span("child"):
            sum(range(1000))
        t = threading.Thread(target=lab.spin, kwargs={"iterations": 5000}, name="helper")
        t.start()
        t.join()

    if __name__ == "__main__":
        ctx = mp.get_context("%s")
        before = lab.now()
        p = ctx.Process(target=child, name="worker")
        p.start()
        p.join()
        lab.metric("before", before)
        lab.metric("after", lab.now())
"""


class ProcessTest(unittest.TestCase):
    def check_child_process(self, method):
        result = support.run_script(CHILD_SCRIPT % method)
        self.assertEqual(result.returncode, 0, result.stderr)
        by_lane = lanes(result.records)
        self.assertEqual(sorted(by_lane), ["worker", "worker/helper"])
        metrics = {m["name"]: m["value"] for m in support.of_type(result.records, "metric")}
        # One clock: what the child recorded lies inside the parent's bracket around it.
        for span in support.of_type(result.records, "span"):
            self.assertGreaterEqual(span["start"], metrics["before"])
            self.assertLessEqual(span["end"], metrics["after"])
        env = support.of_type(result.records, "env")
        self.assertEqual({e["pid"] for e in env}, {env[0]["pid"]}, "only the main process describes the run")
        self.assertEqual(env[-1]["startMethod"], method, "the run's last env record names the method it used")
        self.assertNotEqual(by_lane["worker"][0]["pid"], env[0]["pid"])

    def test_a_forked_child_records_on_the_parent_clock(self):
        self.check_child_process("fork")

    def test_a_spawned_child_records_on_the_parent_clock(self):
        self.check_child_process("spawn")


class SpinTest(unittest.TestCase):
    def test_two_spinning_threads_take_turns_under_the_gil(self):
        result = support.run_script("""
            import threading
            import gillab as lab

            threads = [threading.Thread(target=lab.spin, args=(0.2,), name=n) for n in ("A", "B")]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        by_lane = lanes(result.records)
        self.assertEqual(sorted(by_lane), ["A", "B"])
        for spans in by_lane.values():
            self.assertLessEqual(len(spans), _timeline.MAX_SPANS)
            # A thread that shares one GIL with a busy neighbour has to stand still at times.
            self.assertIn("waiting", {s["state"] for s in spans})
            for earlier, later in zip(spans, spans[1:]):
                self.assertEqual(earlier["end"], later["start"])
                self.assertNotEqual(earlier["state"], later["state"])

    def test_spin_by_iterations_does_exactly_that_many(self):
        with support.recording() as records:
            self.assertEqual(gillab.spin(iterations=2500, label="count"), 2500)
            spans = records()
        self.assertTrue(spans)
        self.assertEqual({(s["label"], s["lane"]) for s in spans}, {("count", "MainThread")})

    def test_a_chunk_far_longer_than_usual_becomes_a_waiting_span(self):
        us = 1000
        chunk_times = [40 * us, 40 * us, 5000 * us, 5000 * us, 40 * us, 40 * us, 6000 * us, 40 * us]
        clock = [0]
        for took in chunk_times:
            clock.append(clock[-1] + took)
        t0 = int(os.environ["GILLAB_T0_NS"])
        with support.recording() as records:
            with mock.patch("gillab._timeline.time.monotonic_ns", side_effect=[t0 + t for t in clock]):
                gillab.spin(iterations=_timeline.CHUNK * len(chunk_times))
            spans = [(round(r["start"] * 1e6), round(r["end"] * 1e6), r["state"]) for r in records()]
        self.assertEqual(spans, [
            (0, 80, "running"), (80, 10080, "waiting"), (10080, 10160, "running"),
            (10160, 16160, "waiting"), (16160, 16200, "running"),
        ])

    def test_spin_needs_a_length(self):
        with self.assertRaises(ValueError):
            gillab.spin()


class CoalesceTest(unittest.TestCase):
    def alternating(self, lengths):
        segments, t = [], 0
        for i, length in enumerate(lengths):
            segments.append([t, t + length, "running" if i % 2 == 0 else "waiting"])
            t += length
        return segments

    def test_short_runs_are_left_alone(self):
        segments = self.alternating([5, 1, 5])
        self.assertEqual(_timeline.coalesce([list(s) for s in segments], 10), segments)

    def test_merging_keeps_the_timeline_contiguous_alternating_and_under_the_cap(self):
        lengths = [(i * 7919) % 13 + 1 for i in range(1001)]
        merged = _timeline.coalesce(self.alternating(lengths), 50)
        self.assertLessEqual(len(merged), 50)
        self.assertEqual((merged[0][0], merged[-1][1]), (0, sum(lengths)))
        for earlier, later in zip(merged, merged[1:]):
            self.assertEqual(earlier[1], later[0])
            self.assertNotEqual(earlier[2], later[2])

    def test_the_longest_stretch_stays_in_one_piece(self):
        lengths = [1] * 200
        lengths[100] = 1000
        merged = _timeline.coalesce(self.alternating(lengths), 20)
        self.assertTrue(any(s <= 100 and e >= 1100 and state == "running" for s, e, state in merged), merged)

    def test_an_even_alternation_merges_evenly_over_time(self):
        merged = _timeline.coalesce(self.alternating([1] * 1000), 100)
        longest = max(e - s for s, e, _ in merged)
        self.assertLess(longest, 100, merged)


class PyPyTest(unittest.TestCase):
    def test_pypy_runs_the_harness(self):
        pypy = shutil.which("pypy3")
        if pypy is None:
            self.skipTest("pypy3 is not installed")
        result = support.run_script("""
            import asyncio
            import threading
            import gillab as lab

            t = threading.Thread(target=lab.spin, kwargs={"iterations": 20000}, name="T")
            t.start()
            t.join()
            asyncio.run(lab.asleep(0.001))
            lab.compare({"a": lambda: None}, repeat=2)
        """, python=pypy)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(support.of_type(result.records, "env")[0]["implementation"], "PyPy")
        self.assertEqual(sorted(lanes(result.records)), ["MainThread", "T"])
        self.assertEqual(len(support.of_type(result.records, "rep")), 2)


if __name__ == "__main__":
    unittest.main()
