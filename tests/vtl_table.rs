//! Table tests of the VTL engine, one line a case: directives, whitespace, references, operators,
//! the Java methods, `$input`, `$util`, `$context`, errors with their line:column, and limits.
//! Cases named `err_*` expect an error; `warn_*` expect a warning beside the output.

use apigw_playground::engine::diag::{Kind, Severity};
use apigw_playground::engine::json;
use apigw_playground::engine::limits::Limits;
use apigw_playground::engine::span::Encoding;
use apigw_playground::engine::vtl::{Env, Rendered, Template};

const BODY: &str = r#"{"name":"Ada","n":3,"f":1.0,"big":1e7,"list":[1,2,3],"obj":{"a":"x","b":[true,null]},"s":"it's \"q\""}"#;

fn env(body: &str) -> Env {
    let mut e = Env::new(body);
    e.params.path.insert("id".into(), "p-1".into());
    e.params.querystring.insert("q".into(), "search".into());
    e.params.header.insert("X-Trace".into(), "t-9".into());
    e.stage_variables = json::parse(r#"{"table":"Sessions","env":"dev"}"#).unwrap();
    e
}

fn render_with(tpl: &str, body: &str, limits: &Limits) -> (Template, Rendered) {
    let t = Template::parse_with(tpl, limits).unwrap_or_else(|d| panic!("parse error: {d}"));
    let r = t.render_with(&env(body), limits);
    (t, r)
}

fn out(tpl: &str, body: &str) -> String {
    let (_, r) = render_with(tpl, body, &Limits::default());
    if let Some(e) = r.error {
        panic!("render error: {e}");
    }
    r.output
}

/// The first error, parse or render, as "line:column message" (columns in characters).
fn error(tpl: &str, body: &str, limits: &Limits) -> String {
    let d = match Template::parse_with(tpl, limits) {
        Err(d) => d,
        Ok(t) => t
            .render_with(&env(body), limits)
            .error
            .expect("expected an error, got none"),
    };
    assert_eq!(d.severity, Severity::Error);
    let pos = d
        .position(tpl, Encoding::Chars)
        .expect("an error has a position");
    format!("{}:{} {}", pos.line, pos.column, d.message)
}

macro_rules! ok {
    ($name:ident, $tpl:expr, $want:expr) => {
        ok!($name, $tpl, BODY, $want);
    };
    ($name:ident, $tpl:expr, $body:expr, $want:expr) => {
        #[test]
        fn $name() {
            assert_eq!(out($tpl, $body), $want);
        }
    };
}

macro_rules! err {
    ($name:ident, $tpl:expr, $want_pos:expr, $want_msg:expr) => {
        #[test]
        fn $name() {
            let e = error($tpl, BODY, &Limits::default());
            let (pos, msg) = e.split_once(' ').unwrap();
            assert_eq!(pos, $want_pos, "position of: {e}");
            assert!(
                msg.contains($want_msg),
                "message {msg:?} should contain {:?}",
                $want_msg
            );
        }
    };
}

macro_rules! warn {
    ($name:ident, $tpl:expr, $want:expr, $kind:expr, $msg:expr) => {
        #[test]
        fn $name() {
            let (_, r) = render_with($tpl, BODY, &Limits::default());
            assert!(r.error.is_none(), "unexpected error {:?}", r.error);
            assert_eq!(r.output, $want);
            assert!(
                r.diagnostics
                    .iter()
                    .any(|d| d.kind == $kind && d.message.contains($msg)),
                "no {:?} warning containing {:?} in {:#?}",
                $kind,
                $msg,
                r.diagnostics
            );
        }
    };
}

// ----- text, references, escapes -----
ok!(plain_text, "hello, world", "hello, world");
ok!(empty_template, "", "");
ok!(simple_ref, "#set($a = 'x')$a", "x");
ok!(formal_ref, "#set($a = 'x')${a}y", "xy");
ok!(quiet_ref, "[$!nothing][$nothing][${nothing}]", "[][][]");
ok!(
    dollar_not_a_ref,
    "cost: $5 and $ and $. and ${",
    "cost: $5 and $ and $. and ${"
);
ok!(hash_not_a_directive, "#foo #1 # #{x", "#foo #1 # #{x");
ok!(property_chain, "$input.path('$.obj').a", "x");
ok!(
    dot_then_non_letter_ends_ref,
    "#set($a = 'x')$a.1 $a. end",
    "x.1 x. end"
);
ok!(index_list, "$input.path('$.list')[1]", "2");
ok!(index_map, "$input.path('$.obj')[\"a\"]", "x");
ok!(escaped_defined_ref, "#set($a = 'x')\\$a", "$a");
ok!(escaped_undefined_ref, "\\$a", "\\$a");
ok!(double_backslash_ref, "#set($a = 'x')\\\\$a", "\\x");
ok!(triple_backslash_ref, "#set($a = 'x')\\\\\\$a", "\\$a");
ok!(backslash_alone, "a\\b\\", "a\\b\\");
ok!(escaped_directive, "\\#if(true)", "#if(true)");
ok!(
    escaped_directive_ref_inside_is_live,
    "#set($a = 'x')\\#if($a)",
    "#if(x)"
);
ok!(double_escaped_directive, "\\\\#if(true)y#end", "\\y");
ok!(
    escaped_unknown_directive_keeps_backslash,
    "\\#foo",
    "\\#foo"
);
ok!(unparsed_block, "#[[ $a #if( ]]#!", " $a #if( !");
ok!(line_comment_eats_newline, "a## note\nb", "ab");
ok!(block_comment, "a#* $x\n #if *#b", "ab");
ok!(hyphen_is_part_of_a_name, "#set($a = 1)[$a-1]", "[]");
ok!(unicode_text, "é😀 $input.path('$.name') ✓", "é😀 Ada ✓");

// ----- #set and whitespace -----
ok!(set_gobbles_newline, "#set($a = 1)\n$a", "1");
ok!(set_gobbles_leading_spaces, "x\n   #set($a = 1)\n$a", "x\n1");
ok!(set_keeps_text_after_on_same_line, "#set($a = 1) $a", " 1");
ok!(set_with_spaces_inside, "#set(  $a   =   'v'  )$a", "v");
ok!(set_property, "#set($m = {})#set($m.k = 'v')$m", "{k=v}");
ok!(set_index_map, "#set($m = {})#set($m['k'] = 1)$m.k", "1");
ok!(
    set_index_list,
    "#set($l = [1,2])#set($l[0] = 9)$l",
    "[9, 2]"
);
ok!(
    set_context_override,
    "#set($context.requestOverride = 'r')$context.requestOverride",
    "r"
);
ok!(set_null_unsets, "#set($a = 1)#set($a = $nothing)[$a]", "[]");
ok!(
    if_gobbles_newlines,
    "#if(true)\nyes\n#end\nafter",
    "yes\nafter"
);
ok!(if_same_line_keeps_spaces, "#if(true) yes #end!", " yes !");
ok!(
    indentation_before_directives_is_kept,
    "  #if(true)\n  x\n  #end\n",
    "    x\n  "
);
ok!(
    else_gobbles_newline,
    "#if(false)\na\n#else\nb\n#end\n",
    "b\n"
);
ok!(bracketed_else, "#if(false)a#{else}b#{end}c", "bc");
ok!(
    foreach_lines,
    "#foreach($i in [1..3])\n$i\n#end\n",
    "1\n2\n3\n"
);
ok!(
    trailing_spaces_then_newline_gobbled,
    "#if(true)   \nx#end",
    "x"
);
ok!(crlf_gobbled, "#set($a = 1)\r\n$a", "1");

// ----- #if -----
ok!(
    if_elseif_else,
    "#foreach($i in [1..3])#if($i == 1)a#elseif($i == 2)b#else c#end#end",
    "ab c"
);
ok!(if_undefined_is_false, "#if($nothing)y#else n#end", " n");
ok!(if_empty_string_is_true, "#if('')y#end", "y");
ok!(if_empty_list_is_true, "#if([])y#end", "y");
ok!(
    null_equals_empty_string,
    "#if($nothing == '')a#end#if($nothing == $null)b#end#if('' == $nothing)c#end",
    "abc"
);
ok!(
    null_not_equal_to_zero,
    "#if($nothing == 0)a#else b#end",
    " b"
);
ok!(
    number_equals_string_by_tostring,
    "#if(1 == '1')y#end#if(true == 'true')z#end",
    "yz"
);
ok!(int_equals_float, "#if(2 == 2.0)y#end", "y");
ok!(
    word_operators,
    "#if(1 lt 2 and not false or false)y#end#if(2 ge 2 && 3 gt 1 && 1 le 1 && 1 eq 1 && 1 ne 2)z#end",
    "yz"
);
ok!(
    logic_short_circuits,
    "#if(false && $x.foo())y#else n#end",
    " n"
);
ok!(not_operator, "#if(!$nothing)y#end#if(!true)n#end", "y");
ok!(parenthesised, "#if((1 + 2) * 3 == 9)y#end", "y");

// ----- #foreach -----
ok!(
    foreach_list,
    "#foreach($x in $input.path('$.list'))$x,#end",
    "1,2,3,"
);
ok!(
    foreach_map_iterates_values,
    "#foreach($v in {'a': 1, 'b': 2})$v#end",
    "12"
);
ok!(
    foreach_null_runs_zero_times,
    "#foreach($v in $nothing)x#end.",
    "."
);
ok!(
    foreach_range_descending,
    "#foreach($i in [3..1])$i#end",
    "321"
);
ok!(
    foreach_range_with_refs,
    "#set($n = 2)#foreach($i in [0..$n])$i#end",
    "012"
);
ok!(
    foreach_vars,
    "#foreach($x in ['a','b','c'])$foreach.index$foreach.count$velocityCount$foreach.hasNext$foreach.first$foreach.last;#end",
    "011truetruefalse;122truefalsefalse;233falsefalsetrue;"
);
ok!(
    velocity_count_read_in_a_string,
    "#foreach($x in ['a','b'])#set($s = \"$x$velocityCount\")$s;#end",
    "a1;b2;"
);
ok!(
    velocity_count_read_through_evaluate,
    "#foreach($x in ['a','b'])#evaluate('$velocityCount');#end",
    "1;2;"
);
ok!(
    velocity_count_outside_a_loop_keeps_its_value,
    "#set($velocityCount = 7)#foreach($x in [1,2])#end$velocityCount",
    "7"
);
ok!(
    foreach_kept_in_a_variable_is_not_reused_by_the_next_loop,
    "#foreach($x in [1,2])#set($f = $foreach)#end#foreach($y in [7,8,9])$foreach.index#end $f.index $f.hasNext $f.count",
    "012 1 false 2"
);
ok!(
    foreach_of_nested_loops_run_one_after_another,
    "#foreach($a in [1,2])#foreach($b in ['x','y'])$foreach.count$foreach.parent.count#end;#end",
    "1121;1222;"
);
ok!(
    foreach_has_next_commas,
    "[#foreach($x in [1,2,3])$x#if($foreach.hasNext),#end#end]",
    "[1,2,3]"
);
ok!(
    foreach_nested_parent,
    "#foreach($a in [1,2])#foreach($b in [1,2])$foreach.parent.count$foreach.count #end#end",
    "11 12 21 22 "
);
// Velocity's `ForeachScope` is one object a loop, moved on as the loop goes: a `$foreach` kept
// in a variable shows where the loop is, not where it was kept
ok!(
    foreach_kept_in_a_variable_moves_on_with_its_loop,
    "#foreach($x in [1,2,3])#if($foreach.first)#set($f = $foreach)#end#end$f.index $f.hasNext",
    "2 false"
);
ok!(
    foreach_restores_variable,
    "#set($x = 'before')#foreach($x in [1])#end$x",
    "before"
);
ok!(
    foreach_break,
    "#foreach($i in [1..5])#if($i == 3)#break#end$i#end.",
    "12."
);
ok!(
    foreach_over_json_objects,
    "#foreach($o in $input.path('$.list'))#set($d = $o * 2)$d #end",
    "2 4 6 "
);

// ----- #stop, #define, #macro, #evaluate -----
ok!(stop, "a#stop b", "a");
ok!(stop_inside_loop, "#foreach($i in [1..3])$i#stop#end!", "1");
ok!(
    define_block,
    "#set($x = 'X')#define($d)hello $x#end#set($x = 'Y')$d",
    "hello Y"
);
ok!(
    macro_call,
    "#macro(greet $n)Hi $n!#end#greet('Ada')",
    "Hi Ada!"
);
ok!(
    macro_two_args_spaces,
    "#macro(pair $a $b)$a=$b#end#pair('k' 1)",
    "k=1"
);
ok!(
    macro_args_commas,
    "#macro(pair $a, $b)$a=$b#end#pair('k', [1])",
    "k=[1]"
);
ok!(
    macro_forward_reference,
    "#greet('x')#macro(greet $n)<$n>#end",
    "<x>"
);
ok!(evaluate, "#evaluate('#set($q = 5)$q')", "5");
ok!(
    evaluate_sees_variables,
    "#set($v = 7)#evaluate(\"$v$v\")",
    "77"
);

// ----- literals and operators -----
ok!(
    string_interpolation,
    "#set($x = 'b')#set($s = \"a${x}c $x\")$s",
    "abc b"
);
ok!(
    single_quotes_do_not_interpolate,
    "#set($s = 'a$x')$s",
    "a$x"
);
ok!(
    backslashes_stay_in_strings,
    "#set($s = \"a\\nb\\\\c\")$s",
    "a\\nb\\\\c"
);
ok!(
    unicode_escape_in_string,
    "#set($s = \"\\u00e9\\ud83d\\ude00\")$s",
    "é😀"
);
// a sign is not a hex digit: `\u+041` is not an escape and stays as it is
ok!(
    unicode_escape_needs_four_hex_digits,
    "#set($s = \"\\u0041|\\u+041|\\u-041\")$s",
    "A|\\u+041|\\u-041"
);
ok!(
    integer_arithmetic,
    "#set($a = 7 / 2)#set($b = 7 % 3)#set($c = -4 * 2 - 1)$a $b $c",
    "3 1 -9"
);
ok!(
    float_arithmetic,
    "#set($a = 1.5 + 1)#set($b = 10 / 4.0)#set($c = 0.1 + 0.2)$a $b $c",
    "2.5 2.5 0.30000000000000004"
);
ok!(
    string_concatenation,
    "#set($a = 'x' + 1)#set($b = 2 + 'y')$a$b",
    "x12y"
);
ok!(
    context_arithmetic,
    "#set($t = $context.requestTimeEpoch + 86400)$t",
    "1764072086523"
);
ok!(
    overflow_widens,
    "#set($a = 9223372036854775807 + 1)$a",
    "9223372036854775808"
);
ok!(
    list_literal_prints_java_style,
    "#set($l = [1, 'a', true, 2.5])$l",
    "[1, a, true, 2.5]"
);
ok!(
    map_literal_prints_java_style,
    "#set($m = {'a': 1, 'b': [1, 2], 'c': {'d': 'e'}})$m",
    "{a=1, b=[1, 2], c={d=e}}"
);
ok!(empty_collections, "#set($l = [])#set($m = {})$l$m", "[]{}");
ok!(negative_literal, "#set($a = -3)$a", "-3");

// ----- number and value printing -----
ok!(
    json_float_prints_like_java,
    "$input.path('$.f') $input.path('$.big')",
    "1.0 1.0E7"
);
ok!(
    json_object_prints_as_map,
    "$input.path('$.obj')",
    "{a=x, b=[true,null]}"
);
ok!(json_list_prints_as_json, "$input.path('$.list')", "[1,2,3]");
ok!(json_string_unquoted, "$input.path('$.s')", "it's \"q\"");
ok!(
    big_integer,
    "$input.path('$.x')",
    r#"{"x":123456789012345678901234567890}"#,
    "123456789012345678901234567890"
);

// ----- String methods -----
ok!(string_length_utf16, "#set($s = 'é😀')$s.length()", "3");
ok!(
    string_substring,
    "#set($s = 'hello')$s.substring(1) $s.substring(1, 3)",
    "ello el"
);
ok!(
    string_substring_unicode,
    "#set($s = 'aé😀b')$s.substring(1, 4)",
    "é😀"
);
ok!(
    string_index_of,
    "#set($s = 'banana')$s.indexOf('an') $s.indexOf('an', 2) $s.lastIndexOf('an') $s.indexOf('x')",
    "1 3 3 -1"
);
ok!(
    string_case_trim,
    "#set($s = '  MiXed ')[$s.trim()][$s.toUpperCase()][$s.toLowerCase()]",
    "[MiXed][  MIXED ][  mixed ]"
);
ok!(
    string_predicates,
    "#set($s = 'hello')$s.startsWith('he') $s.endsWith('lo') $s.contains('ll') $s.isEmpty() $s.equals('hello') $s.equalsIgnoreCase('HELLO')",
    "true true true false true true"
);
ok!(
    string_replace,
    "#set($s = 'a.b.c')$s.replace('.', '/')",
    "a/b/c"
);
ok!(
    string_replace_all_regex,
    "#set($s = 'a1b22c333')$s.replaceAll('[0-9]+', '#')",
    "a#b#c#"
);
ok!(
    string_replace_first,
    "#set($s = 'aaa')$s.replaceFirst('a', 'b')",
    "baa"
);
ok!(
    string_matches_full,
    "#set($s = '404')$s.matches('4\\d\\d') $s.matches('0')",
    "true false"
);
ok!(
    string_split,
    "#set($s = 'a,b,,c,,')#set($p = $s.split(','))$p.size() $p[3]",
    "4 c"
);
ok!(string_char_at, "#set($s = 'abc')$s.charAt(1)", "b");
ok!(
    string_concat_compare,
    "#set($s = 'b')$s.concat('c') $s.compareTo('a') $s.compareTo('b')",
    "bc 1 0"
);
ok!(string_to_string, "#set($n = 42)$n.toString().length()", "2");
ok!(
    escape_javascript_then_replace,
    "$util.escapeJavaScript(\"it's\").replaceAll(\"\\\\'\",\"'\")",
    "it's"
);

// ----- List and Map methods -----
ok!(
    list_methods,
    "#set($l = [1, 2])$l.size() $l.get(0) $l.contains(2) $l.isEmpty() $l.indexOf(2)",
    "2 1 true false 1"
);
ok!(
    list_add_prints_true,
    "#set($l = [])$l.add('x') $l",
    "true [x]"
);
ok!(
    list_add_silently,
    "#set($l = [])#set($ignored = $l.add('x'))$l",
    "[x]"
);
ok!(
    list_remove_index,
    "#set($l = ['a', 'b', 'c'])#set($r = $l.remove(1))$r $l",
    "b [a, c]"
);
ok!(
    list_sublist,
    "#set($l = [1, 2, 3, 4])$l.subList(1, 3)",
    "[2, 3]"
);
ok!(
    json_list_add_prints_json,
    "#set($l = $input.path('$.list'))#set($d = $l.add('x'))$l",
    "[1,2,3,\"x\"]"
);
ok!(
    map_methods,
    "#set($m = {'a': 1})$m.put('b', 2)$m.size() $m.get('a') $m.containsKey('b') $m.keySet() $m.values()",
    "2 1 true [a, b] [1, 2]"
);
ok!(
    map_put_returns_previous,
    "#set($m = {'a': 1})$m.put('a', 2)$m.a",
    "12"
);
ok!(
    map_entry_set,
    "#foreach($e in $input.path('$.obj').entrySet())$e.key;#end",
    "a;b;"
);
ok!(map_size_of_json, "$input.path('$.obj').size()", "2");
ok!(
    map_remove,
    "#set($m = {'a': 1, 'b': 2})#set($x = $m.remove('a'))$m",
    "{b=2}"
);

// ----- $input -----
ok!(
    input_body_raw,
    "$input.body",
    "some raw text",
    "some raw text"
);
ok!(input_body_empty_is_braces, "$input.body", "", "{}");
ok!(input_json_string_quoted, "$input.json('$.name')", "\"Ada\"");
ok!(
    input_json_object_compact,
    "$input.json('$.obj')",
    r#"{"a":"x","b":[true,null]}"#
);
ok!(
    input_json_root,
    "$input.json('$')",
    r#"{"a": [1, 2]}"#,
    r#"{"a":[1,2]}"#
);
ok!(
    input_json_missing_is_two_quotes,
    "$input.json('$.nope')",
    "\"\""
);
ok!(input_path_size, "$input.path('$.list').size()", "3");
ok!(
    input_path_with_interpolated_index,
    "#set($i = 2)$input.path(\"$.list[${i}]\")",
    "3"
);
ok!(
    input_params_all,
    "$input.params()",
    "{path={id=p-1}, querystring={q=search}, header={X-Trace=t-9}}"
);
ok!(
    input_params_by_name,
    "$input.params('id') $input.params('q') $input.params('x-trace') [$input.params('none')]",
    "p-1 search t-9 []"
);
ok!(
    input_params_get,
    "$input.params().get('header').get('X-Trace') $input.params().querystring",
    "t-9 {q=search}"
);

// ----- $util -----
ok!(
    util_escape_javascript,
    "$util.escapeJavaScript('say \"hi\"')",
    "say \\\"hi\\\""
);
ok!(
    util_parse_json,
    "#set($o = $util.parseJson('{\"k\":[1,{\"z\":2}]}'))$o.k[1].z $o",
    "2 {k=[1,{\"z\":2}]}"
);
ok!(util_url_encode, "$util.urlEncode('a b&c=d')", "a+b%26c%3Dd");
ok!(
    util_null_gives_nothing,
    "[$util.urlEncode($nothing)][$util.escapeJavaScript($nothing)]",
    "[][]"
);

// ----- $context and $stageVariables -----
ok!(
    context_defaults,
    "$context.connectionId $context.eventType $context.stage $context.identity.sourceIp",
    "Qyi07eCbtjMCJKw= MESSAGE production 203.0.113.7"
);
ok!(
    context_identity_nulls,
    "[$context.identity.userAgent]",
    "[]"
);
ok!(
    stage_variables,
    "$stageVariables.table $stageVariables['env'] ${stageVariables['table']}",
    "Sessions dev Sessions"
);

// ----- warnings: the output is what AWS gives, and the playground says why -----
warn!(
    warn_unknown_util_method,
    "[$util.toJson($input.path('$.obj'))]",
    "[]",
    Kind::UnknownMethod,
    "`$util` has no method `toJson`"
);
warn!(
    warn_property_of_string,
    "[$input.body.name]",
    "[]",
    Kind::UnknownMethod,
    "a String has no property `name`"
);
warn!(
    warn_unknown_string_method,
    "#set($s = 'x')[$s.size()]",
    "[]",
    Kind::UnknownMethod,
    "has no method `size()`"
);
warn!(
    warn_set_without_parenthesis_is_text,
    "#set $a = 1[$a]",
    "#set  = 1[]",
    Kind::Syntax,
    "`#set` without `(` is text"
);
warn!(
    warn_set_without_parenthesis_inside_a_string,
    "#set($s = \"x#set $b\")[$s]",
    "[x#set ]",
    Kind::Syntax,
    "`#set` without `(` is text"
);
warn!(
    warn_hyphen_name,
    "#set($a = 1)[$a-1]",
    "[]",
    Kind::Runtime,
    "read as one name"
);
warn!(
    warn_division_by_zero,
    "#set($a = 1 / 0)[$a]",
    "[]",
    Kind::Runtime,
    "division by zero"
);
warn!(
    warn_null_arithmetic,
    "#set($a = $nothing + 1)[$a]",
    "[]",
    Kind::Runtime,
    "needs numbers"
);
warn!(
    warn_compare_non_numbers,
    "#if('a' < 'b')y#end.",
    ".",
    Kind::Runtime,
    "compares numbers"
);
warn!(
    warn_foreach_over_string,
    "#foreach($c in 'abc')x#end.",
    ".",
    Kind::Runtime,
    "cannot iterate over a String"
);
warn!(
    warn_unknown_macro_is_text,
    "#nope($x)!",
    "#nope($x)!",
    Kind::UnknownMethod,
    "not a directive or a macro"
);
warn!(
    warn_foreach_cap,
    "#foreach($i in [1..1001])#end$velocityCount.",
    ".",
    Kind::Limit,
    "API Gateway caps a loop at 1000"
);

#[test]
fn warn_body_not_json_really_has_a_non_json_body() {
    let t = Template::parse("[$input.path('$.a')]").unwrap();
    let r = t.render(&env("not json"));
    assert_eq!(r.output, "[]");
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.message.contains("the body is not JSON"))
    );
}

#[test]
fn foreach_cap_stops_at_1000() {
    assert_eq!(
        out("#foreach($i in [1..1500])#set($last = $i)#end$last", BODY),
        "1000"
    );
}

// ----- errors, with line:column -----
err!(
    err_if_never_closed,
    "a\n#if(true)\nb",
    "2:1",
    "`#if` is never closed"
);
err!(
    err_foreach_never_closed,
    "#foreach($i in [1])x",
    "1:1",
    "`#foreach` is never closed"
);
err!(err_stray_end, "x\n  #end", "2:3", "unexpected `#end`");
err!(err_stray_else, "#else", "1:1", "`#else` without `#if`");
err!(
    err_else_twice,
    "#if(true)#else#else#end",
    "1:15",
    "a second `#else`"
);
err!(
    err_missing_expression,
    "#set($a = )",
    "1:11",
    "expected an expression"
);
err!(err_set_without_equals, "#set($a 1)", "1:9", "expected `=`");
err!(
    err_set_needs_reference,
    "#set(a = 1)",
    "1:6",
    "needs a reference"
);
err!(
    err_if_needs_parens,
    "#if true #end",
    "1:1",
    "`#if` needs parentheses"
);
err!(err_unclosed_paren, "#if($a == 1\nx", "2:1", "expected `)`");
err!(
    err_unclosed_string,
    "#set($a = 'abc)",
    "1:11",
    "never closed"
);
err!(err_unclosed_comment, "a #* b", "1:3", "never closed");
err!(
    err_unclosed_formal,
    "${a b",
    "1:1",
    "missing its closing `}`"
);
err!(
    err_unclosed_method_call,
    "$a.b(1, 2",
    "1:5",
    "missing its `)`"
);
err!(
    err_bare_word,
    "#if(foo)#end",
    "1:5",
    "expected an expression"
);
err!(
    err_foreach_without_in,
    "#foreach($i of [1])#end",
    "1:13",
    "expected `in`"
);
err!(
    err_parse_directive,
    "#parse('x.vm')",
    "1:1",
    "`#parse` loads another template"
);
err!(
    err_substring_out_of_range,
    "#set($s = 'abc')\n$s.substring(5)",
    "2:3",
    "begin 5, end 3, length 3"
);
err!(
    err_list_index_out_of_bounds,
    "$input.path('$.list')[7]",
    "1:22",
    "index 7 is out of bounds"
);
err!(
    err_list_get_out_of_bounds,
    "#set($l = [])$l.get(0)",
    "1:16",
    "index 0 is out of bounds"
);
err!(
    err_parse_json_invalid,
    "$util.parseJson('{\"a\":')",
    "1:6",
    "`$util.parseJson` failed"
);
err!(
    err_url_decode_invalid,
    "$util.urlDecode('%zz')",
    "1:6",
    "urlDecode"
);
err!(err_non_ascii_column, "é😀 #end", "1:4", "unexpected `#end`");
err!(
    err_int_literal_too_big,
    "#set($a = 99999999999999999999)",
    "1:11",
    "too large"
);
err!(
    err_evaluate_bad_text,
    "#evaluate('#if(')",
    "1:1",
    "in the text given to `#evaluate`"
);

#[test]
fn error_columns_in_utf16_for_the_browser() {
    let tpl = "é😀 #end";
    let d = Template::parse(tpl).unwrap_err();
    let p = d.position(tpl, Encoding::Utf16).unwrap();
    assert_eq!((p.line, p.column), (1, 5));
}

#[test]
fn an_error_keeps_the_output_so_far() {
    let t = Template::parse("before $input.path('$.list')[9] after").unwrap();
    let r = t.render(&env(BODY));
    assert_eq!(r.output, "before ");
    assert!(r.error.is_some());
}

// ----- limits -----
#[test]
fn limit_output_size() {
    let limits = Limits {
        output_bytes: 100,
        ..Limits::default()
    };
    let e = error("#foreach($i in [1..100])xxxxxxxxxx#end", BODY, &limits);
    assert!(e.contains("over 100 bytes (limit: output size)"), "{e}");
}

#[test]
fn limit_total_iterations() {
    let limits = Limits {
        total_iterations: 50,
        ..Limits::default()
    };
    let e = error(
        "#foreach($i in [1..10])#foreach($j in [1..10])#end#end",
        BODY,
        &limits,
    );
    assert!(
        e.contains("more than 50 iterations in all (limit: total iterations)"),
        "{e}"
    );
}

#[test]
fn limit_range_size() {
    let e = error(
        "#foreach($i in [1..10000000])#end",
        BODY,
        &Limits::default(),
    );
    assert!(e.contains("limit: total iterations"), "{e}");
}

#[test]
fn limit_recursion_depth() {
    let e = error("#macro(r $n)#r($n)#end#r(1)", BODY, &Limits::default());
    assert!(e.contains("(limit: depth)"), "{e}");
}

#[test]
fn limit_parse_nesting() {
    let tpl = "#if(true)".repeat(100) + &"#end".repeat(100);
    let e = error(&tpl, BODY, &Limits::default());
    assert!(e.contains("(limit: depth)"), "{e}");
}

#[test]
fn limit_expression_nesting() {
    let tpl = format!("#set($a = {}1{})", "(".repeat(5000), ")".repeat(5000));
    let e = error(&tpl, BODY, &Limits::default());
    assert!(e.contains("(limit: depth)"), "{e}");
}

#[test]
fn limit_template_size() {
    let tpl = "x".repeat(300 * 1024 + 1);
    let e = error(&tpl, BODY, &Limits::default());
    assert!(
        e.contains("mapping template quota of 307200 bytes (limit: template size)"),
        "{e}"
    );
}

#[test]
fn limit_steps() {
    let limits = Limits {
        steps: 1000,
        ..Limits::default()
    };
    let e = error("#foreach($i in [1..900])$i $i#end", BODY, &limits);
    assert!(e.contains("(limit: steps)"), "{e}");
}

#[test]
fn evaluate_recursion_is_bounded() {
    let e = error(
        "#set($s = '#evaluate($s)')#evaluate($s)",
        BODY,
        &Limits::default(),
    );
    assert!(e.contains("(limit: depth)"), "{e}");
}

#[test]
fn self_containing_list_prints() {
    let r = out("#set($l = [])#set($x = $l.add($l))$l.size()", BODY);
    assert_eq!(r, "1");
}

// ----- the rest of $util, and each remaining error kind -----
ok!(
    util_url_decode,
    "$util.urlDecode('a+b%26c%3Dd%C3%A9')",
    "a b&c=dé"
);
ok!(
    util_base64_round_trip,
    "$util.base64Encode('héllo') $util.base64Decode($util.base64Encode('héllo'))",
    "aMOpbGxv héllo"
);
ok!(
    util_escape_javascript_slash_and_unicode,
    "$util.escapeJavaScript('a/b é\t')",
    "a\\/b \\u00E9\\t"
);
err!(
    err_base64_decode_invalid,
    "$util.base64Decode('@@@')",
    "1:6",
    "base64Decode"
);

fn error_kind(tpl: &str) -> (Kind, String) {
    let t = Template::parse(tpl).expect("parses");
    let e = t.render(&env(BODY)).error.expect("an error");
    let pos = e.position(tpl, Encoding::Chars).expect("a position");
    (e.kind, format!("{}:{} {}", pos.line, pos.column, e.message))
}

#[test]
fn err_jsonpath_kind_and_position() {
    let (kind, e) = error_kind("ok\n  $input.path('$.a[')");
    assert_eq!(kind, Kind::JsonPath);
    assert!(e.starts_with("2:9 JSONPath `$.a[`"), "{e}");
}

#[test]
fn err_regex_kind_and_position() {
    let (kind, e) = error_kind("#set($s = 'x')$s.replaceAll('(', 'y')");
    assert_eq!(kind, Kind::Regex);
    assert!(e.starts_with("1:17 regular expression"), "{e}");
}

#[test]
fn err_regex_unsupported_names_the_feature() {
    let (kind, e) = error_kind("#set($s = 'x')$s.matches('(?<=a)b')");
    assert_eq!(kind, Kind::RegexUnsupported);
    assert!(e.contains("lookbehind"), "{e}");
}

#[test]
fn err_runtime_kind_for_a_method_that_throws() {
    let (kind, _) = error_kind("#set($s = 'x')$s.charAt(3)");
    assert_eq!(kind, Kind::Runtime);
}

#[test]
fn warn_unknown_property_position_in_utf16_and_chars() {
    // the warning points at `.nope` after non-ASCII text
    let tpl = "é😀$input.body.nope";
    let t = Template::parse(tpl).unwrap();
    let r = t.render(&env(BODY));
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("no property `nope`"))
        .expect("a warning");
    assert_eq!(d.position(tpl, Encoding::Chars).unwrap().column, 14);
    assert_eq!(d.position(tpl, Encoding::Utf16).unwrap().column, 15);
}

#[test]
fn set_as_a_word_in_text_is_not_warned_about() {
    for tpl in ["#set is a directive", "#settings", "#set"] {
        let (_, r) = render_with(tpl, BODY, &Limits::default());
        assert_eq!(r.output, tpl);
        assert!(r.diagnostics.is_empty(), "{tpl:?}: {:?}", r.diagnostics);
    }
}

/// Property chains are read in place through maps (`in_place`), and each property
/// remembers where the last map had its key (`KeyHint`): both must give what `Map.get` gives,
/// which takes the general path. Objects of different shapes in one array (so the remembered
/// place holds another key, or is past the end), keys alike in length and first letter, nulls
/// and missing keys on the way, and chains that leave the maps (a list, a string, `$foreach`).
#[test]
fn property_chains_read_in_place_agree_with_map_get() {
    let body = r#"{"items":[
        {"ab":1,"ac":{"x":"deep","y":null},"ad":[1,2]},
        {"ac":{"y":"why","x":"ex"},"ab":2},
        {"zz":0},
        {"ab":null,"ac":"a string","ad":{"k":"v"}},
        {"ac":{"x":{"x":{"x":"xxx"}}},"ab":"last"}
    ]}"#;
    let chains = [
        ("$it.ab", "$it.get('ab')"),
        ("$it.ac.x", "$it.get('ac').get('x')"),
        ("$it.ac.y", "$it.get('ac').get('y')"),
        ("$it.ac.x.x.x", "$it.get('ac').get('x').get('x').get('x')"),
        ("$it.ad.k", "$it.get('ad').get('k')"),
        ("$it.missing.x", "$it.get('missing').get('x')"),
        ("$it.ad.size()", "$it.get('ad').size()"),
    ];
    for (fast, general) in chains {
        let tpl = |r: &str| {
            format!(
                "#set($items = $input.path('$.items'))#foreach($it in $items)[{r}]#end|#foreach($it in $items)[{r}]#end"
            )
        };
        assert_eq!(out(&tpl(fast), body), out(&tpl(general), body), "{fast}");
    }
    // `$foreach` and `$input` are not maps: their chains take the general path
    assert_eq!(
        out(
            "#foreach($i in [1,2])$foreach.count$foreach.hasNext #end",
            BODY
        ),
        "1true 2false "
    );
    assert_eq!(out("$input.params().path.id", BODY), "p-1");
}

/// A string with `$` inside is printed apart from the output; a limit met on the way into it
/// keeps the output so far (it was lost when the output had already been set aside).
#[test]
fn a_limit_at_an_interpolated_string_keeps_the_output_so_far() {
    let limits = Limits {
        depth: 1,
        ..Limits::default()
    };
    let t = Template::parse("before #if(true)#set($x = \"a$x\")#end after").unwrap();
    let r = t.render_with(&env(BODY), &limits);
    assert_eq!(r.output, "before ");
    assert!(
        r.error
            .is_some_and(|e| e.message.contains("(limit: depth)"))
    );
}

// A collection that holds itself prints as Java's `AbstractCollection.toString` and
// `AbstractMap.toString` print it (one visit, not a walk to the print budget).
ok!(
    a_list_holding_itself_prints_this_collection,
    "#set($l = [1])#set($x = $l.add($l))$l",
    "[1, (this Collection)]"
);
ok!(
    a_map_holding_itself_prints_this_map,
    "#set($m = {'a': 1})#set($x = $m.put('me', $m))$m",
    "{a=1, me=(this Map)}"
);
ok!(
    a_list_holding_itself_twice_prints_it_twice,
    "#set($l = [])#set($x = $l.add($l))#set($x = $l.add($l))$l.toString() $l.size()",
    "[(this Collection), (this Collection)] 2"
);
