import unittest

import support


class ThreadNamesTest(unittest.TestCase):
    """Every thread says its native id and name, so the server can name what it samples from outside."""

    def test_threads_of_a_script_without_the_harness_are_named_with_their_native_ids(self):
        result = support.run_boot("""
            import os
            import threading

            ids = {}

            def work():
                ids[threading.current_thread().name] = threading.get_native_id()

            threads = [threading.Thread(target=work, name="worker-%d" % k) for k in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            ids["MainThread"] = threading.get_native_id()
            print(sorted((name, tid) for name, tid in ids.items()), os.getpid())
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        named = {(r["pid"], r["tid"]): r["name"] for r in support.of_type(result.records, "thread")}
        printed, pid = result.stdout.rsplit(" ", 1)
        expected = {(int(pid), tid): name for name, tid in eval(printed)}
        self.assertEqual(named, expected)

    def test_a_child_process_is_named_as_multiprocessing_names_it(self):
        # A spawned child is a new interpreter: it names itself when the script imports the harness.
        result = support.run_boot("""
            import multiprocessing as mp
            import threading
            import gillab

            def child():
                t = threading.Thread(target=lambda: None, name="helper")
                t.start()
                t.join()

            if __name__ == "__main__":
                for method in ("fork", "spawn"):
                    p = mp.get_context(method).Process(target=child, name=method + "-child")
                    p.start()
                    p.join()
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        names = [r["name"] for r in support.of_type(result.records, "thread")]
        for method in ("fork", "spawn"):
            self.assertIn(method + "-child", names)
            self.assertIn(method + "-child/helper", names)
        forked = [r for r in support.of_type(result.records, "thread") if r["name"].startswith("fork-child")]
        self.assertTrue(all(r["pid"] == forked[0]["pid"] for r in forked), forked)

    def test_the_env_record_carries_the_clock_zero_of_the_run(self):
        result = support.run_boot("import gillab as lab\nprint(lab._channel.t0_ns())")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(support.of_type(result.records, "env")[0]["t0Ns"], int(result.stdout))


if __name__ == "__main__":
    unittest.main()
