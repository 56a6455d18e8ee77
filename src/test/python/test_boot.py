import json
import subprocess
import unittest

import support


class BootTest(unittest.TestCase):
    def test_a_job_runs_as_main_with_its_config_and_the_env_record_first(self):
        result = support.run_boot("""
            import os
            import sys
            import gillab as lab

            p = lab.params()
            print("hello", p.threads, lab.repetitions(), os.path.basename(sys.argv[0]), __name__)
            print("cwd", os.path.basename(os.getcwd()) == os.path.basename(os.path.dirname(sys.argv[0])))
            print("stdin", repr(sys.stdin.read()))
            with lab.span("main"):
                pass
        """, config={"params": {"threads": 3}, "repetitions": 2})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "hello 3 2 main.py __main__\ncwd True\nstdin ''\n")
        self.assertEqual(result.stderr, "")
        self.assertEqual([r["t"] for r in result.records], ["env", "thread", "span"])
        self.assertEqual(result.records[0]["implementation"], "CPython")
        self.assertEqual(result.records[1]["name"], "MainThread")
        self.assertGreaterEqual(result.records[2]["start"], 0)

    def test_every_start_method_runs_a_function_defined_in_the_script(self):
        result = support.run_boot("""
            import multiprocessing as mp
            import gillab as lab

            def square(n):
                with lab.span("square"):
                    return n * n

            if __name__ == "__main__":
                for method in ("fork", "spawn", "forkserver"):
                    ctx = mp.get_context(method)
                    p = ctx.Process(target=square, args=(2,), name=method + "-child")
                    p.start()
                    p.join()
                    with ctx.Pool(2) as pool:
                        print(method, pool.map(square, [1, 2, 3]))
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.splitlines(), ["fork [1, 4, 9]", "spawn [1, 4, 9]", "forkserver [1, 4, 9]"])
        lanes = {r["lane"] for r in support.of_type(result.records, "span")}
        for method in ("fork", "spawn", "forkserver"):
            self.assertIn(method + "-child", lanes)
        self.assertEqual(len(support.of_type(result.records, "span")), 3 * 4)
        env = support.of_type(result.records, "env")
        self.assertEqual({e["pid"] for e in env}, {env[0]["pid"]}, "only the main process describes the run")
        self.assertNotIn("startMethod", env[0])
        self.assertEqual(env[-1]["startMethod"], "fork, spawn, forkserver")

    def test_asyncio_run_works_unmodified(self):
        result = support.run_boot("""
            import asyncio
            import gillab as lab

            async def main():
                await asyncio.gather(*(asyncio.create_task(lab.asleep(0.001), name="t%d" % i) for i in range(3)))

            asyncio.run(main())
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(sorted(r["lane"] for r in support.of_type(result.records, "span")), ["t0", "t1", "t2"])

    def test_an_exception_shows_the_students_lines_first_and_exits_1(self):
        result = support.run_boot("""
            print("before")

            def fail():
                raise ValueError("bad value")

            fail()
        """)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, "before\n")
        lines = result.stderr.splitlines()
        self.assertEqual(lines[0], "Traceback (most recent call last):")
        self.assertRegex(lines[1], r'^  File ".*main\.py", line 6, in <module>$')
        self.assertEqual(lines[-1], "ValueError: bad value")
        self.assertNotIn("gillab_boot", result.stderr)
        self.assertNotIn("runpy", result.stderr)

    def test_a_syntax_error_points_at_the_students_line(self):
        result = support.run_boot("x = 1\ny = (\n")
        self.assertEqual(result.returncode, 1)
        self.assertRegex(result.stderr, r'File ".*main\.py", line 2')
        self.assertNotIn("runpy", result.stderr)

    def test_the_scripts_exit_code_is_the_process_exit_code(self):
        self.assertEqual(support.run_boot("import sys\nsys.exit(3)\n").returncode, 3)

    def test_a_text_exit_code_is_printed_and_exits_1(self):
        result = support.run_boot("import sys\nsys.exit('stopping here')\n")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr, "stopping here\n")

    def test_the_quick_exit_still_waits_for_threads_and_runs_atexit_handlers(self):
        result = support.run_boot(
            "import atexit, threading, time\n"
            "atexit.register(lambda: print('atexit ran'))\n"
            "def late():\n"
            "    time.sleep(0.2)\n"
            "    print('thread finished')\n"
            "threading.Thread(target=late).start()\n"
            "print('main done')\n")
        self.assertEqual(result.returncode, 0)
        self.assertEqual(result.stdout, "main done\nthread finished\natexit ran\n")

    def test_end_of_input_before_a_job_exits_quietly(self):
        done = subprocess.run([support.PYTHON, "-I", "-u", support.BOOT], input="", capture_output=True,
                              text=True, env=support.clean_env(), timeout=60)
        self.assertEqual((done.returncode, done.stdout, done.stderr), (0, "", ""))


class CalibrateTest(unittest.TestCase):
    def test_calibrate_prints_one_json_line_about_parallelism(self):
        done = subprocess.run([support.PYTHON, support.BOOT, "--calibrate", "2"], capture_output=True, input="",
                              text=True, env=support.clean_env(), timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        lines = done.stdout.splitlines()
        self.assertEqual(len(lines), 1)
        result = json.loads(lines[0])
        self.assertEqual(sorted(result), ["effectiveParallelism", "parallel", "single", "workers"])
        self.assertEqual(result["workers"], 2)
        self.assertGreater(result["single"], 0)
        self.assertGreater(result["parallel"], 0)
        self.assertAlmostEqual(result["effectiveParallelism"], 2 * result["single"] / result["parallel"])


if __name__ == "__main__":
    unittest.main()


class GilStateTest(unittest.TestCase):
    def test_a_gil_that_changes_state_during_the_run_is_reported_again_before_the_next_record(self):
        # A free-threaded build turns the GIL back on when an unsafe extension is imported; here the
        # harness's own probe of the state is made to say so after the start, on any interpreter.
        result = support.run_boot("""
            import gillab as lab
            from gillab import _env

            lab.metric("before", 1)
            started_with = _env.gil_enabled()
            _env.gil_enabled = lambda: not started_with
            lab.metric("after", 2)
            lab.metric("again", 3)
        """)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([r["t"] for r in result.records], ["env", "thread", "metric", "env", "metric", "metric"])
        first, second = support.of_type(result.records, "env")
        self.assertNotEqual(first["gilEnabled"], second["gilEnabled"])
        self.assertNotIn("gilChangedDuringRun", first)
        self.assertTrue(second["gilChangedDuringRun"])
