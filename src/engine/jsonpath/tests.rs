//! Table-driven tests: one line a case.

use super::*;
use crate::engine::json;
use std::rc::Rc;

const STORE: &str = r#"{
  "store": {
    "book": [
      {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
      {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
      {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
      {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
    ],
    "bicycle": {"color": "red", "price": 19.95}
  },
  "expensive": 10
}"#;

fn doc(text: &str) -> Value {
    json::parse(text).unwrap_or_else(|e| panic!("bad test JSON {text}: {e}"))
}

/// Reads `path` from `json`, as compact JSON.
fn read(path: &str, json: &str) -> Result<Option<String>, String> {
    let p = parse(path).map_err(|e| format!("{} @{}..{}", e.message, e.span.start, e.span.end))?;
    Ok(p.read(&doc(json)).map(|v| v.to_json()))
}

/// Runs a table of `(path, json, expected)`; reports every failing line at once.
fn run(cases: &[(&str, &str, Option<&str>)]) {
    let mut failures = Vec::new();
    for &(path, json, want) in cases {
        let json = if json == "STORE" { STORE } else { json };
        let got = read(path, json);
        if got.as_ref().map(|g| g.as_deref()) != Ok(want) {
            failures.push(format!("{path:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
#[rustfmt::skip]
fn names_and_the_prepend_rule() {
    run(&[
        ("$", r#"{"a":1}"#, Some(r#"{"a":1}"#)),
        ("$.a", r#"{"a":1}"#, Some("1")),
        ("$.a.b", r#"{"a":{"b":"x"}}"#, Some(r#""x""#)),
        ("$.a", r#"{"a":null}"#, Some("null")),
        ("$.a", r#"{"b":1}"#, None),
        ("$.a.b", r#"{"a":1}"#, None),
        ("$.a.b", r#"{"a":[1]}"#, None),
        ("$.a", "[1]", None),
        ("$.a", "\"a\"", None),
        ("a.b", r#"{"a":{"b":2}}"#, Some("2")),
        ("a", r#"{"a":1}"#, Some("1")),
        ("  $.a \n", r#"{"a":1}"#, Some("1")),
        ("[0]", "[5,6]", Some("5")),
        ("*", r#"{"a":1,"b":2}"#, Some("[1,2]")),
        // `$.` + `.a` is `$..a`
        (".a", r#"{"a":1,"b":{"a":2}}"#, Some("[1,2]")),
        ("@.a", r#"{"a":1}"#, Some("1")),
        ("@", "[1]", Some("[1]")),
        ("$.a-b", r#"{"a-b":1}"#, Some("1")),
        ("$.1a", r#"{"1a":2}"#, Some("2")),
        ("$.0", r#"{"0":"zero"}"#, Some(r#""zero""#)),
        ("$.a]'*", r#"{"a]'*":1}"#, Some("1")),
        ("$.$a", r#"{"$a":1}"#, Some("1")),
        ("$['a']", r#"{"a":1}"#, Some("1")),
        (r#"$["a"]"#, r#"{"a":1}"#, Some("1")),
        ("$[ 'a' ]", r#"{"a":1}"#, Some("1")),
        ("$.['a']", r#"{"a":1}"#, Some("1")),
        ("$['a b']", r#"{"a b":1}"#, Some("1")),
        ("$['a.b']", r#"{"a.b":1,"a":{"b":2}}"#, Some("1")),
        ("$['']", r#"{"":1}"#, Some("1")),
        (r"$['it\'s']", r#"{"it's":1}"#, Some("1")),
        (r#"$["say \"hi\""]"#, r#"{"say \"hi\"":1}"#, Some("1")),
        (r"$['a\\b']", r#"{"a\\b":1}"#, Some("1")),
        (r"$['tab\there']", r#"{"tab\there":1}"#, Some("1")),
        (r"$['\u00e9']", r#"{"é":1}"#, Some("1")),
        (r"$['\ud83d\ude00']", r#"{"😀":1}"#, Some("1")),
        ("$['a'].b['c']", r#"{"a":{"b":{"c":3}}}"#, Some("3")),
    ]);
}

#[test]
#[rustfmt::skip]
fn unicode_names() {
    run(&[
        ("$.ключ", r#"{"ключ":"значение"}"#, Some(r#""значение""#)),
        ("$.日本.語", r#"{"日本":{"語":1}}"#, Some("1")),
        ("$['😀']", r#"{"😀":1}"#, Some("1")),
        ("$..ü", r#"{"a":{"ü":1},"ü":2}"#, Some("[2,1]")),
        ("é", r#"{"é":true}"#, Some("true")),
    ]);
}

#[test]
#[rustfmt::skip]
fn multi_property() {
    run(&[
        // merged into one map, in the order of the path
        ("$['a','b']", r#"{"b":2,"a":1,"c":3}"#, Some(r#"{"a":1,"b":2}"#)),
        ("$['a', \"b\"]", r#"{"b":2,"a":1}"#, Some(r#"{"a":1,"b":2}"#)),
        ("$['a','z']", r#"{"a":1}"#, Some(r#"{"a":1}"#)),
        ("$['y','z']", r#"{"a":1}"#, Some("{}")),
        ("$['a','b']", "[1]", None),
        ("$.x['a','b']", "{}", None),
        ("$[*]['a','b']", r#"[{"a":1,"b":2},{"a":3},5]"#, Some(r#"[{"a":1,"b":2},{"a":3}]"#)),
        // not last: each name in turn
        ("$['a','b'].c", r#"{"a":{"c":1},"b":{"c":2}}"#, Some("[1,2]")),
        ("$['b','a'][*]", r#"{"a":[1],"b":[2,3]}"#, Some("[2,3,1]")),
        ("$['a','x'].c", r#"{"a":{"c":1}}"#, Some("[1]")),
    ]);
}

#[test]
#[rustfmt::skip]
fn indexes() {
    run(&[
        ("$[0]", "[1,2,3]", Some("1")),
        ("$[2]", "[1,2,3]", Some("3")),
        ("$[3]", "[1,2,3]", None),
        ("$[-1]", "[1,2,3]", Some("3")),
        ("$[-3]", "[1,2,3]", Some("1")),
        ("$[-4]", "[1,2,3]", None),
        ("$[0]", "[]", None),
        ("$[0]", r#"{"0":1}"#, None),
        ("$[0]", "7", None),
        ("$[0,2]", "[1,2,3]", Some("[1,3]")),
        ("$[2,0,5,-1]", "[1,2,3]", Some("[3,1,3]")),
        ("$[ 0 , 1 ]", "[1,2,3]", Some("[1,2]")),
        ("$[0,1]", "{}", Some("[]")),
        ("$.a[1].b", r#"{"a":[{"b":1},{"b":2}]}"#, Some("2")),
        ("$[0][1]", "[[1,2]]", Some("2")),
    ]);
}

#[test]
#[rustfmt::skip]
fn slices_as_jayway_computes_them() {
    const L: &str = "[0,1,2,3,4]";
    run(&[
        ("$[1:3]", L, Some("[1,2]")),
        ("$[:2]", L, Some("[0,1]")),
        ("$[-2:]", L, Some("[3,4]")),
        ("$[1:]", L, Some("[1,2,3,4]")),
        ("$[ 1 : 3 ]", L, Some("[1,2]")),
        ("$[3:10]", L, Some("[3,4]")),
        ("$[7:]", L, Some("[]")),
        ("$[-10:]", L, Some("[0,1,2,3,4]")),
        ("$[:10]", L, Some("[0,1,2,3,4]")),
        ("$[:-2]", L, Some("[0,1,2]")),
        ("$[:-10]", L, Some("[]")),
        ("$[3:1]", L, Some("[]")),
        ("$[2:2]", L, Some("[]")),
        ("$[-3:-1]", L, Some("[2,3]")),
        // Jayway does not normalize the bounds of `[a:b]`
        ("$[1:-1]", L, Some("[]")),
        ("$[-2:2]", L, Some("[3,4,0,1]")),
        ("$[-100:1]", L, Some("[0,1,2,3,4,0]")),
        ("$[0:2]", "[]", Some("[]")),
        ("$[1:2]", r#"{"a":1}"#, Some("[]")),
        ("$[:1]", "\"str\"", Some("[]")),
    ]);
}

#[test]
#[rustfmt::skip]
fn wildcards() {
    run(&[
        ("$[*]", r#"[1,[2],{"a":3}]"#, Some(r#"[1,[2],{"a":3}]"#)),
        // key order is kept
        ("$.*", r#"{"b":1,"a":2,"c":3}"#, Some("[1,2,3]")),
        ("$[*]", r#"{"b":1,"a":2}"#, Some("[1,2]")),
        ("$.a[*]", r#"{"a":[]}"#, Some("[]")),
        ("$.a[*]", "{}", Some("[]")),
        ("$.a.*", r#"{"a":5}"#, Some("[]")),
        ("$.*", "\"str\"", Some("[]")),
        ("$.*.b", r#"{"x":{"b":1},"y":{"c":2},"z":{"b":3}}"#, Some("[1,3]")),
        ("$[*].a", r#"[{"a":1},{"a":null},{}]"#, Some("[1,null]")),
        ("$.a[*][*]", r#"{"a":[[1,2],[3],4]}"#, Some("[1,2,3]")),
        ("$.*[0]", r#"{"a":[1],"b":{"0":2},"c":[3,4]}"#, Some("[1,3]")),
    ]);
}

#[test]
#[rustfmt::skip]
fn deep_scan_in_jayway_order() {
    run(&[
        ("$..a", r#"{"a":1,"b":{"a":2,"c":{"a":3}},"d":[{"a":4}]}"#, Some("[1,2,3,4]")),
        ("$..['a']", r#"{"a":1,"b":{"a":2,"c":{"a":3}},"d":[{"a":4}]}"#, Some("[1,2,3,4]")),
        // each map or list before its children
        ("$..x", r#"{"x":{"x":1}}"#, Some(r#"[{"x":1},1]"#)),
        ("$..*", r#"{"a":{"b":1},"c":[2]}"#, Some(r#"[{"b":1},[2],1,2]"#)),
        ("$..[*]", r#"{"a":{"b":1},"c":[2]}"#, Some(r#"[{"b":1},[2],1,2]"#)),
        ("$..*", "[1,[2,[3]]]", Some("[1,[2,[3]],2,[3],3]")),
        ("$..[0]", r#"{"a":[1,[2,3]],"b":{"c":[4]}}"#, Some("[1,2,4]")),
        ("$..[-1]", "[1,[2,3]]", Some("[[2,3],3]")),
        ("$..[1:]", "[1,[2,3]]", Some("[[2,3],3]")),
        ("$..a.b", r#"{"a":{"b":1},"x":{"a":{"b":2}},"y":[{"a":{"c":3}}]}"#, Some("[1,2]")),
        ("$..a[*]", r#"{"a":[1,2],"b":{"a":[3]}}"#, Some("[1,2,3]")),
        ("$..a", r#"{"a":null,"b":[{"a":false}]}"#, Some("[null,false]")),
        ("$..a", "[1,2]", Some("[]")),
        ("$..a", "5", Some("[]")),
        ("$.b..a", r#"{"a":1,"b":{"a":2}}"#, Some("[2]")),
        // a trailing multi-property matches maps with all the names
        ("$..['a','b']", r#"{"a":1,"b":2,"c":{"a":3},"d":{"a":4,"b":5}}"#, Some(r#"[{"a":1,"b":2},{"a":4,"b":5}]"#)),
        ("$..['a','b'].c", r#"{"a":{"c":1},"x":{"b":{"c":2}}}"#, Some("[1,2]")),
        // Jayway's walkArray: an index that is not last hands every item on
        ("$..[0].a", r#"{"l":[{"a":1},{"a":2}]}"#, Some("[1,2]")),
        // a filter is tried on every map and list, the document first
        ("$..[?(@.a)]", r#"{"a":1,"b":{"a":2}}"#, Some(r#"[{"a":1,"b":{"a":2}},{"a":2}]"#)),
        ("$..[?(@.p > 1)]", r#"{"x":[{"p":1},{"p":2}],"y":{"p":3}}"#, Some(r#"[{"p":2},{"p":3}]"#)),
        ("$..[?(@.p > 1)].q", r#"{"x":[{"p":2,"q":"a"}],"y":{"p":3,"q":"b"}}"#, Some(r#"["a","b"]"#)),
    ]);
}

#[test]
#[rustfmt::skip]
fn filters_with_each_operator() {
    const N: &str = r#"[{"a":1},{"a":2},{"a":1.0},{"a":"1"},{}]"#;
    const S: &str = r#"[{"s":"a"},{"s":"c"},{"s":"bb"},{"s":5}]"#;
    const T: &str = r#"[{"t":["a","b"]},{"t":["a","d"]},{"t":[]},{"t":"a"}]"#;
    run(&[
        ("$[?(@.a == 1)]", N, Some(r#"[{"a":1},{"a":1.0}]"#)),
        ("$[?(@.a==1)]", N, Some(r#"[{"a":1},{"a":1.0}]"#)),
        ("$[?(1 == @.a)]", N, Some(r#"[{"a":1},{"a":1.0}]"#)),
        ("$[?(@.a == '1')]", N, Some(r#"[{"a":"1"}]"#)),
        ("$[?(@.a != 1)]", N, Some(r#"[{"a":2},{"a":"1"},{}]"#)),
        ("$[?(@.a < 2)]", N, Some(r#"[{"a":1},{"a":1.0}]"#)),
        ("$[?(@.a <= 2)]", N, Some(r#"[{"a":1},{"a":2},{"a":1.0}]"#)),
        ("$[?(@.a > 1)]", N, Some(r#"[{"a":2}]"#)),
        ("$[?(@.a >= 1)]", N, Some(r#"[{"a":1},{"a":2},{"a":1.0}]"#)),
        ("$[?(@.a > 1.5)]", N, Some(r#"[{"a":2}]"#)),
        ("$[?(@.a > -1.5e0)]", N, Some(r#"[{"a":1},{"a":2},{"a":1.0}]"#)),
        ("$[?(@.s > 'b')]", S, Some(r#"[{"s":"c"},{"s":"bb"}]"#)),
        ("$[?(@.s <= \"bb\")]", S, Some(r#"[{"s":"a"},{"s":"bb"}]"#)),
        ("$[?(@.s < '5')]", S, Some("[]")),
        ("$[?(@.b == true)]", r#"[{"b":true},{"b":false},{"b":"true"}]"#, Some(r#"[{"b":true}]"#)),
        ("$[?(@.b == false)]", r#"[{"b":true},{"b":false}]"#, Some(r#"[{"b":false}]"#)),
        ("$[?(@.n == null)]", r#"[{"n":null},{},{"n":0}]"#, Some(r#"[{"n":null}]"#)),
        ("$[?(@.n > 1)]", r#"[{"n":123456789012345678901234567890},{"n":0}]"#, Some(r#"[{"n":123456789012345678901234567890}]"#)),
        ("$[?(@.s =~ /a.*/)]", r#"[{"s":"abc"},{"s":"xab"},{"s":"A"},{"s":1}]"#, Some(r#"[{"s":"abc"}]"#)),
        ("$[?(@.s =~ /a.*/i)]", r#"[{"s":"abc"},{"s":"xab"},{"s":"A"}]"#, Some(r#"[{"s":"abc"},{"s":"A"}]"#)),
        ("$[?(@.s =~ /b/)]", r#"[{"s":"abc"},{"s":"b"}]"#, Some(r#"[{"s":"b"}]"#)),
        ("$[?(@.n =~ /\\d+/)]", r#"[{"n":12},{"n":"3"},{"n":"x"},{"n":1.5},{}]"#, Some(r#"[{"n":12},{"n":"3"}]"#)),
        ("$[?(@.n =~ /1\\.5|true/)]", r#"[{"n":1.5},{"n":true},{"n":null}]"#, Some(r#"[{"n":1.5},{"n":true}]"#)),
        ("$[?(@.t =~ /b/)]", T, Some(r#"[{"t":["a","b"]}]"#)),
        ("$[?(@.u =~ /a\\/b/)]", r#"[{"u":"a/b"},{"u":"ab"}]"#, Some(r#"[{"u":"a/b"}]"#)),
        ("$[?(@.u =~ /é+/)]", r#"[{"u":"éé"},{"u":"e"}]"#, Some(r#"[{"u":"éé"}]"#)),
        ("$[?(/a/ =~ @.u)]", r#"[{"u":"a"},{"u":"b"}]"#, Some(r#"[{"u":"a"}]"#)),
        ("$[?(@.c in ['a','b'])]", r#"[{"c":"a"},{"c":"c"},{}]"#, Some(r#"[{"c":"a"}]"#)),
        ("$[?(@.c nin ['a','b'])]", r#"[{"c":"a"},{"c":"c"},{}]"#, Some(r#"[{"c":"c"},{}]"#)),
        ("$[?(@.c IN ['a'])]", r#"[{"c":"a"}]"#, Some(r#"[{"c":"a"}]"#)),
        ("$[?(@.n in [1, 2.0, \"x\"])]", r#"[{"n":2},{"n":3},{"n":"x"}]"#, Some(r#"[{"n":2},{"n":"x"}]"#)),
        ("$[?(@.c in 'abc')]", r#"[{"c":"a"}]"#, Some("[]")),
        ("$[?(@.c nin $.nope)]", r#"[{"c":"a"}]"#, Some("[]")),
        ("$.items[?(@.c in $.allowed)]", r#"{"allowed":["x"],"items":[{"c":"x"},{"c":"y"}]}"#, Some(r#"[{"c":"x"}]"#)),
        ("$[?(@.t subsetof ['a','b','c'])]", T, Some(r#"[{"t":["a","b"]},{"t":[]}]"#)),
        ("$[?(@.t anyof ['a','x'])]", T, Some(r#"[{"t":["a","b"]},{"t":["a","d"]}]"#)),
        ("$[?(@.t noneof ['a'])]", T, Some(r#"[{"t":[]}]"#)),
        ("$[?(@.t size 2)]", T, Some(r#"[{"t":["a","b"]},{"t":["a","d"]}]"#)),
        ("$[?(@.s size 2)]", S, Some(r#"[{"s":"bb"}]"#)),
        ("$[?(@.m size 1)]", r#"[{"m":{"k":1}},{"m":{}}]"#, Some(r#"[{"m":{"k":1}}]"#)),
        ("$[?(@.t empty true)]", T, Some(r#"[{"t":[]}]"#)),
        ("$[?(@.t empty false)]", T, Some(r#"[{"t":["a","b"]},{"t":["a","d"]},{"t":"a"}]"#)),
        ("$[?(@.t contains 'a')]", T, Some(r#"[{"t":["a","b"]},{"t":["a","d"]},{"t":"a"}]"#)),
        ("$[?(@.t == ['a','b'])]", T, Some(r#"[{"t":["a","b"]}]"#)),
        ("$[?(@.o == {'k': 1, \"j\": [2]})]", r#"[{"o":{"j":[2.0],"k":1}},{"o":{"k":1}}]"#, Some(r#"[{"o":{"j":[2.0],"k":1}}]"#)),
    ]);
}

#[test]
#[rustfmt::skip]
fn filter_conditions_and_paths() {
    const X: &str = r#"[{"a":1},{"b":1},{"b":1,"c":1},{"c":1},{"a":null}]"#;
    run(&[
        ("$[?(@.a)]", X, Some(r#"[{"a":1},{"a":null}]"#)),
        ("$[?(!@.a)]", X, Some(r#"[{"b":1},{"b":1,"c":1},{"c":1}]"#)),
        ("$[?(@.b && @.c)]", X, Some(r#"[{"b":1,"c":1}]"#)),
        ("$[?(@.a || @.c)]", X, Some(r#"[{"a":1},{"b":1,"c":1},{"c":1},{"a":null}]"#)),
        ("$[?(!(@.b == 1))]", X, Some(r#"[{"a":1},{"c":1},{"a":null}]"#)),
        ("$[?(!!@.b)]", X, Some(r#"[{"b":1},{"b":1,"c":1}]"#)),
        // `&&` binds tighter than `||`
        ("$[?(@.a == 1 || @.b == 1 && @.c == 1)]", X, Some(r#"[{"a":1},{"b":1,"c":1}]"#)),
        ("$[?((@.a == 1 || @.b == 1) && @.c == 1)]", X, Some(r#"[{"b":1,"c":1}]"#)),
        ("$[ ?( @.a == 1 ) ]", X, Some(r#"[{"a":1}]"#)),
        ("$[?(@)]", "[1,null]", Some("[1,null]")),
        ("$[?(@ > 1)]", "[1,2,3]", Some("[2,3]")),
        ("$[?(@ == 'b')]", r#"["a","b"]"#, Some(r#"["b"]"#)),
        // on a map: the map itself
        ("$.a[?(@.b == 1)]", r#"{"a":{"b":1}}"#, Some(r#"[{"b":1}]"#)),
        ("$.a[?(@.b == 2)]", r#"{"a":{"b":1}}"#, Some("[]")),
        ("$.a[?(@.b)]", r#"{"a":5}"#, Some("[]")),
        ("$[?(@['a b'] == 1)]", r#"[{"a b":1},{"a b":2}]"#, Some(r#"[{"a b":1}]"#)),
        ("$[?(@.a.b[0] == 1)]", r#"[{"a":{"b":[1]}},{"a":{"b":[2]}},{"a":1}]"#, Some(r#"[{"a":{"b":[1]}}]"#)),
        ("$[?(@.a[*])]", r#"[{"a":[1]},{"a":[]},{}]"#, Some(r#"[{"a":[1]}]"#)),
        ("$.items[?(@.p <= $.max)].n", r#"{"max":10,"items":[{"p":5,"n":"a"},{"p":15,"n":"b"}]}"#, Some(r#"["a"]"#)),
        ("$.items[?(@.p == $.items[1].p)].n", r#"{"items":[{"p":5,"n":"a"},{"p":15,"n":"b"}]}"#, Some(r#"["b"]"#)),
        ("$[?(@.items[?(@.x == 1)])]", r#"[{"items":[{"x":1}]},{"items":[{"x":2}]}]"#, Some(r#"[{"items":[{"x":1}]}]"#)),
        ("$[?(@.t.length() > 1)]", r#"[{"t":[1,2]},{"t":[1]},{"t":"abc"}]"#, Some(r#"[{"t":[1,2]},{"t":"abc"}]"#)),
        ("$[?(@.a == @.b)]", r#"[{"a":1,"b":1},{"a":1,"b":2},{}]"#, Some(r#"[{"a":1,"b":1}]"#)),
        ("$[?(@.a.b)]", r#"[{"a":{"b":0}},{"a":5}]"#, Some(r#"[{"a":{"b":0}}]"#)),
        ("$[?(@.a == 1)].a", r#"[{"a":1},{"a":2}]"#, Some("[1]")),
        ("$[?(@.a == 1)][?(@.b)]", r#"[{"a":1,"b":2},{"a":1}]"#, Some(r#"[{"a":1,"b":2}]"#)),
    ]);
}

#[test]
#[rustfmt::skip]
fn functions() {
    const D: &str = r#"{"nums":[1,2,3],"f":[2,4,4,4,5,5,7,9],"mix":["a",1,true,2.5],"e":[],"m":{"b":1,"a":2},"s":"héllo","emoji":"😀","n":5}"#;
    run(&[
        ("$.nums.length()", D, Some("3")),
        ("$.nums.size()", D, Some("3")),
        ("$.m.length()", D, Some("2")),
        ("$.s.length()", D, Some("5")),
        ("$.emoji.length()", D, Some("2")),
        ("$.e.length()", D, Some("0")),
        ("$.n.length()", D, Some("null")),
        ("$.x.length()", D, None),
        ("$.length()", D, Some("8")),
        ("$.nums.sum()", D, Some("6.0")),
        ("$.nums.avg()", D, Some("2.0")),
        ("$.nums.min()", D, Some("1.0")),
        ("$.nums.max()", D, Some("3.0")),
        ("$.f.stddev()", D, Some("2.0")),
        ("$.mix.sum()", D, Some("3.5")),
        ("$.e.sum()", D, None),
        ("$.n.sum()", D, None),
        ("$.m.keys()", D, Some(r#"["b","a"]"#)),
        ("$.n.keys()", D, Some("null")),
        ("$.nums.first()", D, Some("1")),
        ("$.nums.last()", D, Some("3")),
        ("$.e.first()", D, None),
        // after an indefinite path: each value that reaches it
        ("$[*].length()", r#"[[1,2],"ab",{"a":1},5]"#, Some("[2,2,1,null]")),
        ("$.*.max()", r#"{"a":[1,5],"b":[2]}"#, Some("[5.0,2.0]")),
        // Jayway fails the whole read when one aggregation fails
        ("$.*.max()", r#"{"a":[1,5],"b":[]}"#, Some("[]")),
        ("$['a','b'].length()", r#"{"a":[1],"b":"xy"}"#, Some("[1,2]")),
        // after a leading `..`: all the matches together (`$..x.fn()` is `fn($..x)`)
        ("$..n.sum()", r#"{"a":{"n":1},"b":[{"n":2.5}],"n":"x"}"#, Some("3.5")),
        ("$..n.max()", r#"{"a":{"n":1},"b":[{"n":2.5}]}"#, Some("2.5")),
        ("$..n.sum()", r#"[10,{"n":1}]"#, Some("11.0")),
        ("$..n.sum()", r#"{"a":1}"#, None),
        ("$..a.length()", r#"{"a":[1,2],"b":{"a":{"x":1}}}"#, Some("3")),
        ("$..a.length()", r#"{"a":1}"#, Some("0")),
        ("$..a.first()", r#"{"a":1,"b":{"a":2}}"#, Some("1")),
        ("$..a.last()", r#"{"a":1,"b":{"a":2}}"#, Some("2")),
    ]);
}

#[test]
#[rustfmt::skip]
fn goessner_store() {
    let sum = Value::Float(8.95 + 12.99 + 8.99 + 22.99 + 19.95).to_json();
    run(&[
        ("$.store.book[?(@.price < 10)].title", "STORE", Some(r#"["Sayings of the Century","Moby Dick"]"#)),
        ("$..author", "STORE", Some(r#"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#)),
        ("$.store.book[*].author", "STORE", Some(r#"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#)),
        ("$..book[-1:].title", "STORE", Some(r#"["The Lord of the Rings"]"#)),
        ("$..book[-1:]", "STORE", Some( r#"[{"category":"fiction","author":"J. R. R. Tolkien","title":"The Lord of the Rings","isbn":"0-395-19395-8","price":22.99}]"#),
        ),
        ("$..book.length()", "STORE", Some("4")),
        ("$.store.book.length()", "STORE", Some("4")),
        ("$.store..price", "STORE", Some("[8.95,12.99,8.99,22.99,19.95]")),
        ("$.store.*.color", "STORE", Some(r#"["red"]"#)),
        ("$..book[2].title", "STORE", Some(r#"["Moby Dick"]"#)),
        ("$..book[-2].title", "STORE", Some(r#"["Moby Dick"]"#)),
        ("$..book[0,1].title", "STORE", Some(r#"["Sayings of the Century","Sword of Honour"]"#)),
        ("$..book[:2].price", "STORE", Some("[8.95,12.99]")),
        ("$..book[1:2].price", "STORE", Some("[12.99]")),
        ("$..book[2:].price", "STORE", Some("[8.99,22.99]")),
        ("$..book[?(@.isbn)].title", "STORE", Some(r#"["Moby Dick","The Lord of the Rings"]"#)),
        ("$..book[?(@.price <= $['expensive'])].title", "STORE", Some(r#"["Sayings of the Century","Moby Dick"]"#)),
        ("$..book[?(@.author =~ /.*REES/i)].title", "STORE", Some(r#"["Sayings of the Century"]"#)),
        ("$..book[?(@.category == 'fiction' && @.price > 20)].author", "STORE", Some(r#"["J. R. R. Tolkien"]"#)),
        ("$.store.book[0]['author','price']", "STORE", Some(r#"{"author":"Nigel Rees","price":8.95}"#)),
        ("$..price.min()", "STORE", Some("8.95")),
        ("$..price.max()", "STORE", Some("22.99")),
        ("$..price.sum()", "STORE", Some(&sum)),
        ("$.store.book[*].price.sum()", "STORE", Some("[]")),
        ("$.store.book[0].price.sum()", "STORE", None),
        ("$.expensive", "STORE", Some("10")),
        ("$.store.bicycle", "STORE", Some(r#"{"color":"red","price":19.95}"#)),
    ]);
}

#[test]
#[rustfmt::skip]
fn definite_or_not() {
    let mut failures = Vec::new();
    for (path, want) in [
        ("$", true),
        ("$.a.b", true),
        ("a.b", true),
        ("@.a", true),
        ("$['a']", true),
        ("$[0]", true),
        ("$[-1].a", true),
        ("$.a.length()", true),
        ("$['a','b']", true),
        ("$..a.length()", true),
        ("$..a", false),
        ("$.*", false),
        ("$[*]", false),
        ("$[0,1]", false),
        ("$[1:2]", false),
        ("$[:2]", false),
        ("$[?(@.a)]", false),
        ("$['a','b'].c", false),
        ("$['a','b'].length()", false),
        ("$[*].length()", false),
        ("$.a..b.length()", false),
    ] {
        let got = parse(path).map(|p| p.is_definite());
        if got != Ok(want) {
            failures.push(format!("{path:?}: got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[rustfmt::skip]
fn errors_point_at_the_problem() {
    let nest_ok = format!("$[?({}@.a{})]", "(".repeat(63), ")".repeat(63));
    let nest_deep = format!("$[?({}@.a{})]", "(".repeat(64), ")".repeat(64));
    let filters_deep = format!("${}{}", "[?(@".repeat(65), ")]".repeat(65));
    assert!(parse(&nest_ok).is_ok());
    assert!(parse(&format!("${}{}", "[?(@".repeat(64), ")]".repeat(64))).is_ok());
    let over = "filters nest deeper than 64 levels";
    let mut failures = Vec::new();
    for (path, message, start, end) in [
        ("", "empty path", 0, 0),
        ("  \t", "empty path", 0, 3),
        ("$.a[", "`[` must be followed by an index, a quoted name, `*`, a slice or a filter", 3, 4),
        ("$[]", "`[` must be followed by an index, a quoted name, `*`, a slice or a filter", 1, 2),
        ("$[x]", "`[` must be followed by an index, a quoted name, `*`, a slice or a filter", 1, 2),
        ("$.a[0", "expected `]` to close the bracket started here", 3, 4),
        ("$[*", "expected `]` to close the bracket started here", 1, 2),
        ("$['a'", "expected `]` to close the bracket started here", 1, 2),
        ("$['a' 'b']", "expected `]` to close the bracket started here", 1, 2),
        ("$['a", "unterminated string in path", 2, 4),
        ("$['a\\'", "unterminated string in path", 2, 6),
        ("$['a',]", "unexpected `]`, expected a quoted name after `,`", 6, 7),
        (r"$['\u12']", "`\\u` must be followed by four hex digits", 3, 5),
        ("$.foo()", "unknown function `foo()`", 2, 7),
        ("  $.a.foo()", "unknown function `foo()`", 6, 11),
        ("$.concat()", "function `concat()` is not supported", 2, 10),
        ("$.sum(1)", "function arguments are not supported", 5, 8),
        ("$.sum(", "expected `)` to close the function call", 5, 6),
        ("$.length().a", "a function must come last in the path", 10, 11),
        ("$.length()[0]", "a function must come last in the path", 10, 11),
        ("$..length()", "a function cannot follow `..`", 3, 11),
        ("$.", "path must not end with `.`", 1, 2),
        ("$.a.", "path must not end with `.`", 3, 4),
        ("$..", "path must not end with `..`", 1, 3),
        ("..", "unexpected `.` after `..`", 1, 2),
        ("$...a", "unexpected `.` after `..`", 3, 4),
        ("$a", "unexpected `a`, expected `.` or `[`", 1, 2),
        ("$['a']b", "unexpected `b`, expected `.` or `[`", 6, 7),
        ("$.*a", "unexpected `a`, expected `.` or `[`", 3, 4),
        ("$é", "unexpected `é`, expected `.` or `[`", 1, 3),
        ("$.a b", "a name cannot contain spaces: use `['a b']`", 3, 4),
        ("$.(", "unexpected `(`, expected a name, `*` or `[` after `.`", 2, 3),
        ("$[1:2:3]", "slice steps are not supported", 5, 6),
        ("$[:]", "a slice needs a start or an end", 1, 3),
        ("$[-]", "unexpected `]`, expected an index", 3, 4),
        ("$[0,]", "unexpected `]`, expected an index", 4, 5),
        ("$[99999999999]", "index `99999999999` is out of range", 2, 13),
        ("$[?@.a]", "unexpected `@`, expected `(` after `?`", 3, 4),
        ("$[?(@.a]", "expected `)` to close the filter started here", 3, 4),
        ("$[?((@.a)]", "expected `)` to close the filter started here", 3, 4),
        ("$[?((@.a]", "expected `)` to close the parenthesis started here", 4, 5),
        ("$[?(@.a)", "expected `]` to close the bracket started here", 1, 2),
        ("$[?()]", "unexpected `)`, expected a value", 4, 5),
        ("$[?(@.a == )]", "unexpected `)`, expected a value", 11, 12),
        ("$[?(@.a = 1)]", "use `==` to compare", 8, 9),
        ("$[?(@.a foo 1)]", "unknown operator `foo`", 8, 11),
        ("$[?(@.a 1)]", "unexpected `1`, expected a comparison operator", 8, 9),
        ("$[?(@.a & @.b)]", "use `&&` for and", 8, 9),
        ("$[?(@.a | @.b)]", "use `||` for or", 8, 9),
        ("$[?(@.a == abc)]", "unexpected `abc`, expected a value (strings need quotes)", 11, 14),
        ("$[?(@.a == 'x)]", "unterminated string in path", 11, 15),
        ("$[?(@.a == -x)]", "unexpected `x`, expected a digit", 12, 13),
        ("$[?(1)]", "only a path can stand alone as a condition", 4, 5),
        ("$[?('a' && @.b)]", "only a path can stand alone as a condition", 4, 7),
        ("$[?(@.a =~ 'x')]", "`=~` needs a /regex/ on one side", 8, 10),
        ("$[?(@.a == /x/)]", "a /regex/ can only be used with `=~`", 11, 14),
        ("$[?(@.a =~ /(/)]", "invalid regex: Unclosed group", 11, 14),
        ("$[?(@.a =~ /a)|(b/)]", "invalid regex: Unmatched closing ')'", 11, 18),
        ("$[?(@.a =~ /x)]", "unterminated regex", 11, 15),
        ("$[?(@.a =~ /x/g)]", "unsupported regex flag `g`", 14, 15),
        ("$[?(@.a == [1,2)]", "unexpected `)`, expected `,` or `]`", 15, 16),
        ("$[?(@.a in [1,2", "unterminated list literal", 11, 15),
        ("$[?(@.a == {'k' 1})]", "unexpected `1`, expected `:` after the key", 16, 17),
        ("$[?(@.a.nope() > 1)]", "unknown function `nope()`", 8, 14),
        (&nest_deep, over, 67, 68),
        (&filters_deep, over, 4 * 64 + 3, 4 * 64 + 4),
    ] {
        let got = parse(path).map(|_| ());
        let want = Err(PathError {
            message: message.to_string(),
            span: Span::new(start, end),
        });
        if got != want {
            failures.push(format!("{path:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn results_share_the_input_nodes() {
    let root = doc(r#"{"a":{"b":[1,2]},"l":[{"x":1},{"x":2}]}"#);
    let Some(Value::Map(a)) = parse("$.a").unwrap().read(&root) else {
        panic!("a")
    };
    let Value::Map(orig) = &root else {
        panic!("root")
    };
    let Some(Value::Map(orig_a)) = orig.borrow().get("a").cloned() else {
        panic!("orig a")
    };
    assert!(Rc::ptr_eq(&a, &orig_a));

    let Some(Value::List(found, ListKind::Json)) = parse("$..[?(@.x)]").unwrap().read(&root) else {
        panic!("list")
    };
    let Some(Value::List(l, _)) = orig.borrow().get("l").cloned() else {
        panic!("l")
    };
    for (f, o) in found.borrow().iter().zip(l.borrow().iter()) {
        let (Value::Map(f), Value::Map(o)) = (f, o) else {
            panic!("maps")
        };
        assert!(Rc::ptr_eq(f, o));
    }
    // a parsed path is reusable
    let p = parse("$.l[*].x").unwrap();
    assert_eq!(p.text(), "$.l[*].x");
    for _ in 0..3 {
        assert_eq!(p.read(&root).map(|v| v.to_json()).as_deref(), Some("[1,2]"));
    }
}

#[test]
fn deep_scan_of_a_large_document_is_linear() {
    let n = 50_000;
    let mut s = String::from("[");
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(r#"{{"a":{i},"b":[{{"c":{i}}}]}}"#));
    }
    s.push(']');
    let root = doc(&s);
    let start = std::time::Instant::now();
    let Some(Value::List(found, _)) = parse("$..c").unwrap().read(&root) else {
        panic!()
    };
    assert_eq!(found.borrow().len(), n);
    let Some(Value::List(all, _)) = parse("$..*").unwrap().read(&root) else {
        panic!()
    };
    assert_eq!(all.borrow().len(), n * 5);
    let Some(Value::List(f, _)) = parse("$..[?(@.a >= 49990)].a").unwrap().read(&root) else {
        panic!()
    };
    assert_eq!(f.borrow().len(), 10);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

#[test]
fn shared_and_cyclic_values_do_not_run_away() {
    // a list that contains itself
    let l = Value::list(vec![Value::Int(1)], ListKind::Java);
    if let Value::List(items, _) = &l {
        items.borrow_mut().push(l.clone());
    }
    let Some(Value::List(found, _)) = parse("$..*").unwrap().read(&l) else {
        panic!()
    };
    assert_eq!(found.borrow().len(), 2);
    drop(found);
    assert!(parse("$[?(@ == $)]").unwrap().read(&l).is_some());
    if let Value::List(items, _) = &l {
        items.borrow_mut().clear();
    }

    // 2^40 paths through 41 shared lists: the budget stops it
    let mut v = Value::list(vec![Value::Int(1)], ListKind::Java);
    for _ in 0..40 {
        v = Value::list(vec![v.clone(), v], ListKind::Java);
    }
    let start = std::time::Instant::now();
    let Some(Value::List(found, _)) = parse("$..*").unwrap().read(&v) else {
        panic!()
    };
    assert!(found.borrow().is_empty());
    assert!(parse("$[0][0][1][0][1][0][0]").unwrap().read(&v).is_some());
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

#[test]
fn long_paths_do_not_overflow_the_stack() {
    let root = doc(r#"{"a":{"a":{"a":1}}}"#);
    let long = format!("${}", ".a".repeat(100_000));
    assert!(parse(&long).unwrap().read(&root).is_none());
    let wild = format!("${}", "[*]".repeat(100_000));
    assert_eq!(
        parse(&wild)
            .unwrap()
            .read(&root)
            .map(|v| v.to_json())
            .as_deref(),
        Some("[]")
    );
    let ors = format!("$[?({})]", vec!["@.a"; 20_000].join(" || "));
    assert_eq!(
        parse(&ors)
            .unwrap()
            .read(&doc(r#"[{"a":1}]"#))
            .map(|v| v.to_json())
            .as_deref(),
        Some(r#"[{"a":1}]"#)
    );
    let nots = format!("$[?({}@.a)]", "!".repeat(100_001));
    assert_eq!(
        parse(&nots)
            .unwrap()
            .read(&doc(r#"[{"a":1},{}]"#))
            .map(|v| v.to_json())
            .as_deref(),
        Some("[{}]")
    );
}

#[test]
fn no_prefix_of_a_path_panics() {
    let root = doc(STORE);
    let paths = [
        r#"$..book[?(@.price <= $['expensive'] && @.author =~ /.*REES/i || !@.isbn)].title"#,
        r#"$['a','b\'c', "d\u00e9"][0,-1][1:-2][?(@.t subsetof ['a',"b"] && @.n in [1,2.5e3,-3])]"#,
        r"$.store.book[*].price.sum()",
        r#"  a.b..c[*].ключ[?(@.x == {'k': [1, "]"]})].length() "#,
        "$[?((@.a > 1) && (@.b size 2 || @.c empty true))]..*",
    ];
    for path in paths {
        for (i, _) in path.char_indices().chain([(path.len(), ' ')]) {
            for text in [&path[..i], &path[i..]] {
                if let Ok(p) = parse(text) {
                    let _ = p.read(&root);
                }
            }
        }
    }
}
