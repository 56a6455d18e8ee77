"""Parameters and repetitions: from GILLAB_CONFIG when the server runs the block, else from its header."""
import json
import os
import re
import sys

from . import _channel

DEFAULT_REPETITIONS = 3

_HEADER_LINE = re.compile(r"^#\s*([A-Za-z][\w-]*)\s*:\s?(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<default>.*?)"
    r"(?:\s+in\s+(?P<range>.*?))?(?:\s+--\s+(?P<label>.*))?\s*$"
)
_INT = re.compile(r"^[+-]?\d[\d_]*$")
_FLOAT = re.compile(r"^[+-]?(?:\d[\d_]*)?\.\d[\d_]*(?:[eE][+-]?\d+)?$|^[+-]?\d[\d_]*\.?(?:[eE][+-]?\d+)$")


class Params(dict):
    """The parameters, by name: `p.threads` or `p["threads"]`."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            known = ", ".join(sorted(self)) or "none"
            raise AttributeError("no parameter %r (this experiment has: %s)" % (name, known)) from None


def params():
    """The run's parameters, typed as their header declares them."""
    header = header_params(_main_source())
    values = Params(header)
    for name, value in _config().get("params", {}).items():
        values[name] = coerce(value, type(header[name])) if name in header else value
    return values


def repetitions():
    """How often compare() times each variant."""
    config = _config()
    if "repetitions" in config:
        return int(config["repetitions"])
    declared = header_keys(_main_source()).get("repetitions")
    try:
        return int(declared) if declared is not None else DEFAULT_REPETITIONS
    except ValueError:
        return DEFAULT_REPETITIONS


def header_keys(source):
    """The `# key: value` lines that open a block; `param` lines are left to header_params."""
    keys = {}
    for key, value in _header(source):
        if key != "param":
            keys[key] = value.strip()
    return keys


def header_params(source):
    """The defaults of the block's `# param: NAME = DEFAULT [in RANGE] [-- LABEL]` lines, typed."""
    defaults = {}
    for key, value in _header(source):
        match = _PARAM.match(value.strip()) if key == "param" else None
        if match:
            defaults[match.group("name")] = parse_value(match.group("default"))
    return defaults


def parse_value(text):
    """`4`, `3_000_000` → int; `0.005` → float; `true`/`false` → bool; anything else → str."""
    text = text.strip()
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def coerce(value, kind):
    """value as the type its header declares; a value that does not fit stays as it came."""
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    try:
        if kind is bool:
            if isinstance(value, str) and value.strip().lower() in ("true", "false"):
                return value.strip().lower() == "true"
            return value
        if kind is int:
            if isinstance(value, float):
                return int(value) if value.is_integer() else value
            if isinstance(value, str):
                return int(value.strip().replace("_", ""))
            return value
        if kind is float:
            return float(value.strip().replace("_", "")) if isinstance(value, str) else float(value)
        return str(value)
    except (TypeError, ValueError):
        return value


def _header(source):
    for line in source.splitlines():
        match = _HEADER_LINE.match(line.strip())
        if not match:
            break
        yield match.group(1), match.group(2)


def _config():
    text = os.environ.get(_channel.CONFIG)
    if not text:
        return {}
    try:
        config = json.loads(text)
    except ValueError as e:
        raise ValueError("%s is not valid JSON: %s" % (_channel.CONFIG, e)) from None
    return config if isinstance(config, dict) else {}


def _main_source():
    path = getattr(sys.modules.get("__main__"), "__file__", None)
    if not path:
        return ""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return ""
