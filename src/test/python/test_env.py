import os
import tempfile
import unittest

import support  # noqa: F401  (puts the harness on the path)

from gillab import _env, _run


class FingerprintTest(unittest.TestCase):
    def test_the_env_record_has_every_documented_field(self):
        env = _env.fingerprint()
        self.assertEqual(env["t"], "env")
        self.assertEqual(env["implementation"], "CPython")
        self.assertIsInstance(env["gilEnabled"], bool)
        self.assertIsInstance(env["freeThreadedBuild"], bool)
        self.assertGreaterEqual(env["usableCores"], 1)
        self.assertLessEqual(env["usableCores"], env["cpuCount"])
        self.assertEqual(env["pid"], os.getpid())
        for key in ("version", "executable", "switchInterval", "loadAverage"):
            self.assertIn(key, env)


class StartMethodTest(unittest.TestCase):
    def test_the_start_method_is_the_one_a_started_process_used_and_absent_before(self):
        import multiprocessing
        from multiprocessing import process

        self.addCleanup(setattr, process.BaseProcess, "start", process.BaseProcess.start)
        self.addCleanup(_env._start_methods.clear)
        self.assertNotIn("startMethod", _env.fingerprint())
        seen = []
        _env.watch_start_methods(lambda: seen.append(_env.fingerprint()["startMethod"]))
        for _ in range(2):
            child = multiprocessing.get_context("spawn").Process(target=os.getpid)
            child.start()
            child.join()
        self.assertEqual(seen, ["spawn"])


class CgroupQuotaTest(unittest.TestCase):
    def cgroup_tree(self, proc_cgroup, files):
        scratch = tempfile.TemporaryDirectory(prefix="gillab-cgroup-")
        self.addCleanup(scratch.cleanup)
        root = scratch.name
        for path, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
            with open(os.path.join(root, path), "w") as f:
                f.write(text)
        with open(os.path.join(root, "self-cgroup"), "w") as f:
            f.write(proc_cgroup)
        return _env.cgroup_cpu_quota(root=root, proc_cgroup=os.path.join(root, "self-cgroup"))

    def test_cgroup_v2_takes_the_tightest_of_the_group_and_its_ancestors(self):
        quota = self.cgroup_tree("0::/runs/one\n", {
            "runs/one/cpu.max": "max 100000\n",
            "runs/cpu.max": "150000 100000\n",
            "cpu.max": "max 100000\n",
        })
        self.assertEqual(quota, 1.5)

    def test_cgroup_v1_reads_the_cfs_quota(self):
        quota = self.cgroup_tree("4:memory:/x\n2:cpu,cpuacct:/box\n", {
            "cpu,cpuacct/box/cpu.cfs_quota_us": "50000\n",
            "cpu,cpuacct/box/cpu.cfs_period_us": "100000\n",
        })
        self.assertEqual(quota, 0.5)

    def test_no_quota_means_none(self):
        self.assertIsNone(self.cgroup_tree("0::/\n", {"cpu.max": "max 100000\n"}))
        self.assertIsNone(self.cgroup_tree("1:cpu:/\n", {"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}))


class DigestTest(unittest.TestCase):
    def test_the_digest_lists_values_without_computing_statistics(self):
        text = _run.digest([
            {"t": "rep", "variant": "1 thread", "index": 0, "value": 0.41, "unit": "s"},
            {"t": "rep", "variant": "1 thread", "index": 1, "value": 0.4, "unit": "s"},
            {"t": "span", "lane": "A"}, {"t": "span", "lane": "B"},
        ])
        self.assertEqual(text, "gillab: 1 thread: 0.41 0.4 s\ngillab: 2 spans in 2 lanes: A, B\n")


if __name__ == "__main__":
    unittest.main()
