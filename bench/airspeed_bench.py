"""airspeed-ext (LocalStack's fork of airspeed, the VTL engine LocalStack's API Gateway uses) over
the render cases, with API Gateway's variables written in Python the way bench/vtl-env.mjs
writes them for velocityjs (jsonpath-ng for paths).

    bench/.venv/bin/python bench/airspeed_bench.py CASES.json OUT_RESULTS OUT_OUTPUTS [--seconds S]

Same timing method as the other harnesses: parse once, a warm-up of seconds/2, then 5 batches of
at least `seconds` (and 3 rounds) each; the median batch is reported.
"""

import base64
import json
import re
import sys
import time
import urllib.parse
from importlib import metadata

import airspeed
import jsonpath_ng

INDEFINITE = re.compile(r"\.\.|\*|\[\?|\[\(|,|:")
_paths = {}


def read(root, path):
    """Jayway-style: a definite path gives its value (or None), an indefinite one a list."""
    if root is None:
        return None
    compiled = _paths.get(path)
    if compiled is None:
        compiled = _paths[path] = jsonpath_ng.parse(path)
    found = [m.value for m in compiled.find(root)]
    if not INDEFINITE.search(path):
        return found[0] if found else None
    return found


_SHORT = {"'": "\\'", '"': '\\"', "\\": "\\\\", "/": "\\/", "\n": "\\n", "\t": "\\t",
          "\b": "\\b", "\f": "\\f", "\r": "\\r"}
_ESC = re.compile("['\"\\\\/\\x00-\\x1f\\u0080-\\U0010ffff]")


def _escape_one(m):
    c = m.group()
    s = _SHORT.get(c)
    if s:
        return s
    o = ord(c)
    if o > 0xFFFF:  # Java escapes UTF-16 units: a surrogate pair
        o -= 0x10000
        return "\\u%04X\\u%04X" % (0xD800 + (o >> 10), 0xDC00 + (o & 0x3FF))
    return "\\u%04X" % o


def _str(v):
    return "" if v is None else v if isinstance(v, str) else str(v)


class Util:
    def escapeJavaScript(self, v):
        return _ESC.sub(_escape_one, _str(v))

    def parseJson(self, v):
        return json.loads(_str(v))

    def urlEncode(self, v):
        return urllib.parse.quote_plus(_str(v), safe="*").replace("~", "%7E")

    def urlDecode(self, v):
        return urllib.parse.unquote_plus(_str(v))

    def base64Encode(self, v):
        return base64.b64encode(_str(v).encode()).decode()

    def base64Decode(self, v):
        return base64.b64decode(_str(v)).decode()


UTIL = Util()


class Input:
    def __init__(self, body, params):
        self.body = body or "{}"
        self._params = params
        self._parsed = False
        self._root = None

    def _root_value(self):
        if not self._parsed:
            self._parsed = True
            try:
                self._root = json.loads(self.body)
            except ValueError:
                self._root = None
        return self._root

    def json(self, path):
        v = read(self._root_value(), path)
        return '""' if v is None else json.dumps(v, separators=(",", ":"), ensure_ascii=False)

    def path(self, path):
        return read(self._root_value(), path)

    def params(self, name=None):
        p = self._params
        if name is None:
            return p
        if name in p["path"]:
            return p["path"][name]
        if name in p["querystring"]:
            return p["querystring"][name]
        lower = name.lower()
        for k, v in p["header"].items():
            if k.lower() == lower:
                return v
        return None


def main():
    cases_file, out_results, out_outputs = sys.argv[1:4]
    seconds = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 0.4
    with open(cases_file, encoding="utf-8") as f:
        doc = json.load(f)
    ctx = doc["context"]

    def render(t, it):
        ns = {"input": Input(it["body"], it["params"]), "util": UTIL,
              "context": json.loads(json.dumps(ctx)), "stageVariables": {}}
        return t.merge(ns)

    results, outputs = [], {}
    for case in doc["cases"]:
        items = []
        outputs[case["id"]] = []
        for it in case["items"]:
            try:
                t = airspeed.Template(it["template"])
                t.ensure_compiled()
            except Exception as e:  # noqa: BLE001 - report any engine failure
                outputs[case["id"]].append({"name": it["name"], "error": f"parse: {e}".split("\n")[0]})
                continue
            try:
                outputs[case["id"]].append({"name": it["name"], "output": render(t, it)})
                items.append((t, it))
            except Exception as e:  # noqa: BLE001
                outputs[case["id"]].append({"name": it["name"], "error": f"{type(e).__name__}: {e}".split("\n")[0]})
        if not items:
            results.append({"id": case["id"], "items": 0, "renders_per_s": None, "error": "no item renders"})
            continue

        def round_():
            for t, it in items:
                render(t, it)

        warm = time.perf_counter()
        while time.perf_counter() - warm < seconds / 2:
            round_()
        rates = []
        for _ in range(5):
            t0 = time.perf_counter()
            rounds = 0
            while rounds < 3 or time.perf_counter() - t0 < seconds:
                round_()
                rounds += 1
            rates.append(rounds * len(items) / (time.perf_counter() - t0))
        rates.sort()
        m = rates[len(rates) // 2]
        print(f"bench: airspeed {case['id']:<16} {m:>12.0f} renders/s  {1e6 / m:>10.2f} µs/render", file=sys.stderr)
        results.append({"id": case["id"], "items": len(items), "of": len(case["items"]), "renders_per_s": m,
                        "us_per_render": 1e6 / m, "min_renders_per_s": rates[0], "max_renders_per_s": rates[-1]})

    version = (f"airspeed-ext {metadata.version('airspeed-ext')}, jsonpath-ng {metadata.version('jsonpath-ng')}, "
               f"CPython {sys.version.split()[0]}")
    with open(out_results, "w", encoding="utf-8") as f:
        json.dump({"engine": "airspeed", "version": version, "results": results}, f, indent=1)
    with open(out_outputs, "w", encoding="utf-8") as f:
        json.dump(outputs, f)


if __name__ == "__main__":
    main()
