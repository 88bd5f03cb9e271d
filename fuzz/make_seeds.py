#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/seeds/<target>/.

The seeds come from the crate's own tests and data: the VTL table and vectors, the presets,
the JSONPath, JSON, selection and regex tests. Run from anywhere:

    python3 fuzz/make_seeds.py

Each seed is a file named by the SHA-1 of its bytes (as libFuzzer names corpus files), so
running this again is idempotent. Inputs split at NUL bytes as each target's header says.
"""

import base64
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "fuzz", "seeds")
MAX_SEED = 64 * 1024


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def unescape(body):
    """The value of a (non-raw) Rust string literal's body."""
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        i += 2
        if n == "n":
            out.append("\n")
        elif n == "t":
            out.append("\t")
        elif n == "r":
            out.append("\r")
        elif n == "0":
            out.append("\0")
        elif n in "\\\"'":
            out.append(n)
        elif n == "x":
            out.append(chr(int(body[i : i + 2], 16)))
            i += 2
        elif n == "u":
            end = body.index("}", i)
            out.append(chr(int(body[i + 1 : end], 16)))
            i = end + 1
        elif n == "\n":
            while i < len(body) and body[i] in " \t\n\r":
                i += 1
        else:
            out.append("\\" + n)
    return "".join(out)


def literals(src):
    """(start, end, value) of each string literal of Rust source `src`, skipping comments and
    char literals."""
    out = []
    i = 0
    raw = re.compile(r'r(#*)"', re.S)
    while i < len(src):
        c = src[i]
        if src.startswith("//", i):
            i = src.find("\n", i)
            if i < 0:
                break
            continue
        if src.startswith("/*", i):
            i = src.find("*/", i) + 2
            continue
        m = raw.match(src, i)
        if m and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")):
            close = '"' + m.group(1)
            end = src.index(close, m.end())
            out.append((i, end + len(close), src[m.end() : end]))
            i = end + len(close)
            continue
        if c == "b" and src.startswith('b"', i):
            i += 1
            c = '"'
        if c == '"':
            j = i + 1
            while src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            out.append((i, j + 1, unescape(src[i + 1 : j])))
            i = j + 1
            continue
        if c == "'":
            m = re.compile(r"'(\\u\{[0-9a-fA-F]+\}|\\x[0-9a-fA-F]{2}|\\.|[^\\'])'").match(src, i)
            if m:
                i = m.end()
                continue
        i += 1
    return out


def tuples(src, names=()):
    """Runs of literals separated only by commas and whitespace (table rows like
    `("$.a", r#"{"a":1}"#, Some("1"))`); bare identifiers in `names` count as literals."""
    lits = literals(src)
    for name, value in names:
        for m in re.finditer(r"\b%s\b" % re.escape(name), src):
            lits.append((m.start(), m.end(), value))
    lits.sort()
    rows = []
    row = []
    prev_end = None
    for start, end, value in lits:
        if row and re.fullmatch(r"\s*,\s*", src[prev_end:start]):
            row.append(value)
        else:
            if row:
                rows.append(row)
            row = [value]
        prev_end = end
    if row:
        rows.append(row)
    return rows


class Corpus:
    def __init__(self, name):
        self.dir = os.path.join(SEEDS, name)
        os.makedirs(self.dir, exist_ok=True)
        self.count = 0
        self.seen = set()

    def add(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not data or len(data) > MAX_SEED or data in self.seen:
            return
        self.seen.add(data)
        path = os.path.join(self.dir, hashlib.sha1(data).hexdigest())
        with open(path, "wb") as f:
            f.write(data)
        self.count += 1


def presets():
    d = os.path.join(ROOT, "www", "presets")
    for name in sorted(os.listdir(d)):
        if name.endswith(".json"):
            with open(os.path.join(d, name), encoding="utf-8") as f:
                text = f.read()
            yield name, text, json.loads(text)


def templates_of(scenario):
    """(template, body) pairs of a scenario: request templates against the message, response
    templates against the backend's body."""
    sample = scenario.get("sample", {})
    message = sample.get("message", "")
    backend = sample.get("backend", {}).get("body", "")
    for g in scenario.get("integrations", []):
        for t in g.get("RequestTemplates", {}).values():
            yield t, message
        for r in g.get("IntegrationResponses", []):
            for t in r.get("ResponseTemplates", {}).values():
                yield t, backend
    for case in scenario.get("tests", []):
        if "message" in case:
            for g in scenario.get("integrations", []):
                for t in g.get("RequestTemplates", {}).values():
                    yield t, case["message"]


def main():
    table = read("tests/vtl_table.rs")
    body = re.search(r'const BODY: &str = r#"(.*?)"#;', table, re.S).group(1)
    vectors = json.loads(read("tests/data/vtl-vectors.json"))
    all_presets = list(presets())

    # --- vtl: TEMPLATE \0 BODY
    vtl = Corpus("vtl")
    for _, _, value in literals(table):
        if ("$" in value or "#" in value) and value != body:
            vtl.add(value + "\0" + body)
    for case in vectors:
        vtl.add(case["template"] + "\0" + (case.get("body") or ""))
    for _, _, s in all_presets:
        for t, b in templates_of(s):
            vtl.add(t + "\0" + b)
    for extra in [
        "#macro(m $a)#if($a > 0)$a #m($a - 1)#end#end#m(5)",
        "#define($d)x$d#end$d",
        "#evaluate('#set($x = 1)$x')",
        "#foreach($i in [1..5])#foreach($j in $input.path('$.list'))$i$j $foreach.hasNext#end#end",
        "$util.escapeJavaScript($input.body).replaceAll('\\\\\"', '\"')",
        "$input.json('$..*')",
        "#set($m = {})#set($x = $m.put('self', $m))$m",
        "#set($l = [])#set($x = $l.add($l))$l.toString()",
    ]:
        vtl.add(extra + "\0" + body)

    # --- jsonpath: PATH \0 JSON
    jp = Corpus("jsonpath")
    jsrc = read("src/engine/jsonpath/tests.rs")
    store = re.search(r'const STORE: &str = r#"(.*?)"#;', jsrc, re.S).group(1)
    for row in tuples(jsrc, [("STORE", store)]):
        if len(row) >= 2 and row[0][:1] in "$@.[" or (len(row) >= 2 and row[1][:1] in "{[\""):
            jp.add(row[0] + "\0" + row[1])
        elif row:
            jp.add(row[0] + "\0" + store)
    for p in [
        "$.a[?(@.b > 1)]..c",
        "$..book[?(@.price < 10 && @.category == 'fiction')].title",
        "$..book[-2:]",
        "$.store..price.max()",
        "$..[?(@.isbn =~ /0-.*/i)]",
        "$['store']['book'][0,2]['author','title']",
        "$.a[?(@.b in [1,2] || !(@.c nin ['x']))]",
        "$..*.length()",
    ]:
        jp.add(p + "\0" + store)
    for m in re.finditer(r"\$input\.(?:path|json)\('([^']*)'\)", table):
        jp.add(m.group(1) + "\0" + body)

    # --- json: the text
    js = Corpus("json")
    for _, _, value in literals(read("src/engine/json.rs")):
        js.add(value)
    for case in vectors:
        js.add(case.get("body") or "")
    for _, text, _ in all_presets:
        js.add(text)
    js.add(store)
    js.add(body)
    for extra in [
        "{statusCode: 200, 'body': 'x'}",
        "[1e400, -0, 0.1, 1E-7, 123456789012345678901234567890, -9223372036854775808]",
        '"\\ud83d\\ude00\\ud800 \\u0000"',
        "\ufeff{\"a\":{\"a\":{\"a\":[[[[]]]]}}}",
    ]:
        js.add(extra)

    # --- selection: EXPRESSION \0 MESSAGE \0 KEY \0 KEY ...
    sel = Corpus("selection")
    msg = '{"action":"join","service":"chat","data":{"room":"room1234"},"list":["a","b"],"n":1,"t":true,"o":{"a":1}}'
    keys = ["/2\\d\\d/", "/4\\d\\d/", "$default", "/.*Invalid request.*/", "/5\\d\\d|429/"]
    exprs = set()
    for _, _, value in literals(read("src/engine/expr.rs")):
        if "$" in value:
            exprs.add(value)
    for _, _, s in all_presets:
        exprs.add(s.get("api", {}).get("RouteSelectionExpression", ""))
        for g in s.get("integrations", []):
            exprs.add(g.get("TemplateSelectionExpression", ""))
            for r in g.get("IntegrationResponses", []):
                exprs.add(r.get("TemplateSelectionExpression", ""))
                keys.append(r.get("IntegrationResponseKey", ""))
        for r in s.get("routes", []):
            exprs.add(r.get("RouteResponseSelectionExpression", ""))
    for _, _, value in literals(read("src/engine/select.rs")):
        if value.startswith("/") or value.startswith("$"):
            keys.append(value)
    keys = sorted(set(k for k in keys if k))
    for e in sorted(x for x in exprs if x):
        sel.add(e + "\0" + msg)
    for i in range(0, len(keys), 3):
        sel.add("${integration.response.statuscode}\0" + msg + "\0" + "\0".join(keys[i : i + 3]))
    for _, _, s in all_presets:
        e = s.get("api", {}).get("RouteSelectionExpression", "")
        m = s.get("sample", {}).get("message", "")
        for g in s.get("integrations", []):
            ks = [r.get("IntegrationResponseKey", "") for r in g.get("IntegrationResponses", [])]
            sel.add(e + "\0" + m + "\0" + "\0".join(ks))

    # --- regex_java: PATTERN \0 TEXT \0 REPLACEMENT
    rx = Corpus("regex_java")
    rsrc = read("src/engine/regex_java.rs")
    tests_at = rsrc.index("#[cfg(test)]")
    for row in tuples(rsrc[tests_at:]):
        rx.add("\0".join(row[:3]))
    call = re.compile(
        r"""\.(?:matches|replaceAll|replaceFirst|split)\(\s*(['"])(.*?)\1(?:\s*,\s*(['"])(.*?)\3)?"""
    )
    for _, _, tpl in literals(table):
        for m in call.finditer(tpl):
            rx.add("\0".join([m.group(2), "a1 b2\r\nc3$x\\y", m.group(4) or ""]))
    for k in keys:
        if k.startswith("/") and k.endswith("/") and len(k) >= 2:
            rx.add(k[1:-1] + "\0" + "404\0$0")
    for p in [
        "(?<year>\\d{4})-(?<m>\\d\\d)\0on 2024-05 and 1999-12\0${m}/${year}",
        "(?i)[a-z&&[^aeiou]]+\0Hello World\0<$0>",
        "\\p{Alpha}+|\\P{Digit}\0ab12\0\\$",
        "\\Qa.b\\E|$\0a.b\n\0x",
        "(?m)^\\s*(\\w+)$\0one\r\ntwo\n\0[$1]",
        "\\R{2}|\\h+|\\v\0a\r\n\r\nb\0-",
        "(?<=a)b|(?=c)\0abc\0x",
        "(a|b)*?c{2,5}+\0aabcc\0$1",
        "[\\x{1F600}-\\x{1F64F}\\u00e9]\0é😀\0-",
    ]:
        rx.add(p)

    # --- scenario: the JSON text (or a link)
    sc = Corpus("scenario")
    for _, text, _ in all_presets:
        sc.add(text)
    sc.add(read("tests/cli/failing-cases.json"))
    share_src = read("tests/share.rs")
    golden = re.search(r'const GOLDEN_LINK: &str = "([^"]*)";', share_src).group(1)
    sc.add(golden)
    sc.add("#theme=dark&" + golden)

    # --- share: raw bytes (a link's data) or text (a link, or a scenario's JSON)
    sh = Corpus("share")
    data = golden[len("s=1.") :]
    sh.add(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    sh.add(golden)
    sh.add("#embed=1&" + golden + "&theme=dark")
    for _, text, _ in all_presets:
        sh.add(text)
    sh.add("{}")

    # --- import: what a user pastes (the export golden files, CLI output, snippets)
    im = Corpus("import")
    iac_dir = os.path.join(ROOT, "tests", "iac")
    for name in sorted(os.listdir(iac_dir)):
        if name.endswith((".yaml", ".json")):
            im.add(read(os.path.join("tests", "iac", name)))
    for _, text, _ in all_presets:
        im.add(text)
    im.add('{"Items": [{"IntegrationResponseId": "a1", "IntegrationResponseKey": "/4\\d\\d/"}]}')
    im.add("Resources:\n  R:\n    Type: AWS::ApiGatewayV2::IntegrationResponse\n"
           "    Properties:\n      ApiId: !Ref Api\n      IntegrationId: !Ref I\n"
           "      IntegrationResponseKey: /2\\d\\d/\n")
    im.add("a: &a [*a]\nb: !Sub '${X}'\n")

    for c in [vtl, jp, js, sel, rx, sc, sh, im]:
        print(f"{os.path.relpath(c.dir, ROOT)}: {c.count} seeds", file=sys.stderr)


if __name__ == "__main__":
    main()
