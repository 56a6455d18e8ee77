"""Shared helpers: where the harness lives, and running scripts the way the server does."""
import atexit
import collections
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "main", "python"))
BOOT = os.path.join(PYTHON_DIR, "gillab_boot.py")
PYTHON = sys.executable

# Importing gillab in this process starts a run. Give it a channel and a clock first, so it
# records into a file instead of printing a hand-run digest when the tests exit.
_scratch = tempfile.mkdtemp(prefix="gillab-test-")
atexit.register(shutil.rmtree, _scratch, True)
os.environ.setdefault("GILLAB_CHANNEL", os.path.join(_scratch, "import.jsonl"))
os.environ.setdefault("GILLAB_T0_NS", str(time.monotonic_ns()))
if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)

Result = collections.namedtuple("Result", "records stdout stderr returncode")


def clean_env(**extra):
    """This process's environment without any run of its own, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GILLAB_")}
    env.update(extra)
    return env


def read_records(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def of_type(records, kind):
    return [r for r in records if r["t"] == kind]


def write_script(directory, code, name="main.py"):
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(textwrap.dedent(code).lstrip("\n"))
    return path


def run_script(code, config=None, python=PYTHON, channel=True):
    """Run `code` as `python main.py`, the harness on PYTHONPATH; with a channel unless told not to."""
    with tempfile.TemporaryDirectory(prefix="gillab-test-") as directory:
        script = write_script(directory, code)
        channel_path = os.path.join(directory, "channel.jsonl")
        env = clean_env(PYTHONPATH=PYTHON_DIR)
        if channel:
            env["GILLAB_CHANNEL"] = channel_path
        if config is not None:
            env["GILLAB_CONFIG"] = json.dumps(config)
        done = subprocess.run([python, script], cwd=directory, env=env, capture_output=True, text=True, timeout=60)
        return Result(read_records(channel_path), done.stdout, done.stderr, done.returncode)


def run_boot(code, config=None):
    """Start gillab_boot.py as the server does, hand it `code` as a job, and wait for it."""
    with tempfile.TemporaryDirectory(prefix="gillab-test-") as directory:
        script = write_script(directory, code)
        channel_path = os.path.join(directory, "channel.jsonl")
        job = {"script": script, "cwd": directory, "channel": channel_path, "config": config or {}}
        done = subprocess.run(
            [PYTHON, "-I", "-u", BOOT], input=json.dumps(job) + "\n", cwd=HERE,
            env=clean_env(), capture_output=True, text=True, timeout=60,
        )
        return Result(read_records(channel_path), done.stdout, done.stderr, done.returncode)


@contextlib.contextmanager
def recording():
    """Point this process's harness at a fresh channel; yields a function that reads it back."""
    from gillab import _channel

    with tempfile.TemporaryDirectory(prefix="gillab-test-") as directory:
        path = os.path.join(directory, "channel.jsonl")
        previous = os.environ["GILLAB_CHANNEL"]
        os.environ["GILLAB_CHANNEL"] = path
        _channel.reopen()
        try:
            yield lambda: read_records(path)
        finally:
            os.environ["GILLAB_CHANNEL"] = previous
            _channel.reopen()
