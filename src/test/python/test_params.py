import json
import os
import unittest
from unittest import mock

import support

import gillab
from gillab import _params

HEADER = """\
# id: cpu-threads
# title: A loop on threads
# chart: bar
# repetitions: 5
# param: threads = 4 in 1..16 -- Threads
# param: work = 3_000_000 in 100_000..30_000_000 -- Loop iterations in total
# param: interval = 0.005 in 0.0001..0.1 -- Switch interval (s)
# param: method = fork in fork|spawn|forkserver -- Start method
# param: use_lock = false -- Guard the counter with a Lock
# param: title = hello world
import gillab as lab
# param: late = 1 in 0..2
"""


class HeaderTest(unittest.TestCase):
    def test_defaults_take_their_type_from_how_they_are_written(self):
        self.assertEqual(
            _params.header_params(HEADER),
            {"threads": 4, "work": 3_000_000, "interval": 0.005, "method": "fork",
             "use_lock": False, "title": "hello world"},
        )
        self.assertIs(type(_params.header_params(HEADER)["threads"]), int)

    def test_the_header_ends_at_the_first_line_that_is_not_a_header_comment(self):
        self.assertNotIn("late", _params.header_params(HEADER))
        self.assertEqual(_params.header_keys(HEADER)["repetitions"], "5")

    def test_values_parse_as_the_authoring_guide_says(self):
        self.assertEqual(_params.parse_value("-3"), -3)
        self.assertEqual(_params.parse_value("1e-3"), 0.001)
        self.assertEqual(_params.parse_value("true"), True)
        self.assertEqual(_params.parse_value("inf"), "inf")
        self.assertEqual(_params.parse_value("1.2.3"), "1.2.3")


class ConfigTest(unittest.TestCase):
    def config(self, config):
        return mock.patch.dict(os.environ, {"GILLAB_CONFIG": json.dumps(config)})

    def test_config_values_are_returned_with_attribute_and_item_access(self):
        with self.config({"params": {"threads": 8, "method": "spawn", "use_lock": True}, "repetitions": 7}):
            p = gillab.params()
            self.assertEqual((p.threads, p["method"], p.use_lock), (8, "spawn", True))
            self.assertEqual(gillab.repetitions(), 7)

    def test_an_unknown_name_says_which_parameters_exist(self):
        with self.config({"params": {"threads": 8}}):
            with self.assertRaisesRegex(AttributeError, "threads"):
                gillab.params().thraeds

    def test_config_values_are_coerced_to_the_type_the_header_declares(self):
        header = _params.header_params(HEADER)
        self.assertIs(_params.coerce(4.0, type(header["threads"])), 4)
        self.assertEqual(_params.coerce("2_000", type(header["work"])), 2000)
        self.assertEqual(_params.coerce(1, type(header["interval"])), 1.0)
        self.assertIs(_params.coerce("true", type(header["use_lock"])), True)
        self.assertEqual(_params.coerce("many", type(header["threads"])), "many")

    def test_without_config_or_header_there_are_no_params_and_three_repetitions(self):
        with mock.patch.dict(os.environ, clear=False):
            os.environ.pop("GILLAB_CONFIG", None)
            self.assertEqual(gillab.repetitions(), _params.DEFAULT_REPETITIONS)


class ScriptParamsTest(unittest.TestCase):
    SCRIPT = HEADER + "import json\nprint(json.dumps([lab.params(), lab.repetitions()]))\n"

    def test_the_server_config_overrides_header_defaults_and_keeps_their_types(self):
        result = support.run_script(self.SCRIPT, config={"params": {"threads": "2", "work": 1000.0}, "repetitions": 2})
        params, repetitions = json.loads(result.stdout)
        self.assertEqual(params["threads"], 2)
        self.assertIs(type(params["work"]), int)
        self.assertEqual(params["method"], "fork")
        self.assertEqual(repetitions, 2)

    def test_a_block_run_by_hand_reads_its_header_and_prints_a_digest(self):
        code = self.SCRIPT + "lab.metric('speedup', 1.5, 'x')\nlab.summary('It was fast.')\n"
        result = support.run_script(code, channel=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        params, repetitions = json.loads(result.stdout)
        self.assertEqual(params["work"], 3_000_000)
        self.assertEqual(repetitions, 5)
        self.assertIn("gillab: speedup = 1.5 x", result.stderr)
        self.assertIn("gillab: It was fast.", result.stderr)


if __name__ == "__main__":
    unittest.main()
