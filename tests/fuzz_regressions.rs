//! Inputs found by fuzzing (`fuzz/`, see `fuzz/README.md`), or by probing the fuzz targets'
//! code paths during that work, minimised. Each test runs natively, without libFuzzer, the code
//! path of the fuzz target concerned, and checks the property that target checks. A test of a
//! bug that is not fixed yet fails until the engine is fixed.
//!
//! A stack overflow aborts the whole test process, not just one test: such a case is an
//! ignored `child_*` test, run in a child process by the test named after the bug, which fails
//! if the child does not exit cleanly. (`cargo test -- --ignored` runs the children directly.)

use apigw_playground::engine::diag::Kind;
use apigw_playground::engine::json;
use apigw_playground::engine::limits::Limits;
use apigw_playground::engine::vtl::{Env, Template};
use std::process::Command;

/// Runs the ignored test `name` of this file alone in a child process; fails with the child's
/// output if it does not exit cleanly (a panic, or a stack overflow's abort).
fn in_child(name: &str) {
    let exe = std::env::current_exe().expect("the path of this test binary");
    let out = Command::new(exe)
        .args([
            "--exact",
            name,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("the test binary runs again");
    assert!(
        out.status.success(),
        "`{name}` did not exit cleanly in a child process ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `f` on a thread with a stack of `mib` MiB, as big as a native main thread (8), so the
/// result does not depend on `RUST_MIN_STACK` or on the test harness's 2 MiB threads.
fn with_stack(mib: usize, f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(mib << 20)
        .spawn(f)
        .expect("a thread")
        .join()
        .expect("the thread does not panic");
}

/// What the `vtl` fuzz target does with a template: parse, then render against `body`.
fn render(template: &str, body: &str, limits: &Limits) -> String {
    let t = Template::parse_with(template, limits).expect("the template parses");
    let r = t.render_with(&Env::new(body), limits);
    match r.error {
        Some(e) => format!("{} | error: {}", r.output, e.message),
        None => r.output,
    }
}

/// The limits of the `vtl` fuzz target.
fn fuzz_limits() -> Limits {
    Limits {
        steps: 200_000,
        output_bytes: 64 * 1024,
        total_iterations: 10_000,
        ..Limits::default()
    }
}

// ----- json -----

/// Fuzz target `json`: whatever `json::parse_relaxed` accepts, `Value::to_json` must write
/// back as JSON that `json::parse` reads again. The relaxed parser accepts a leading zero; an
/// integer too large for i64 is kept as a `BigInt` of its text, leading zero included, which
/// `to_json` writes as it is: `09223372036854775808`, not JSON. (The fuzzer's input was
/// `056789012345678901234561`.)
#[test]
fn json_relaxed_big_integer_with_leading_zero_serialises_to_invalid_json() {
    for input in ["09223372036854775808", "[-00099999999999999999999]"] {
        let v = json::parse_relaxed(input).expect("the relaxed parser takes leading zeros");
        let out = v.to_json();
        let again = json::parse(&out)
            .unwrap_or_else(|e| panic!("to_json() of relaxed {input:?} is not JSON: {out:?}: {e}"));
        assert_eq!(again.to_json(), out, "{input:?}");
    }
}

// ----- vtl -----

/// Fuzz target `vtl`: `==` of two lists that contain each other (`$a = [$b]`, `$b = [$a]`)
/// recurses in `java_equals` until the stack overflows (`Rc::ptr_eq` only stops the
/// comparison of a list with itself). Java would throw a StackOverflowError; the engine must
/// end with an error or an answer instead.
#[test]
fn vtl_equals_of_two_lists_that_contain_each_other_overflows_the_stack() {
    in_child("child_vtl_equals_of_two_lists_that_contain_each_other");
}

#[test]
#[ignore = "a stack overflow would abort the test process: run in a child process by \
            vtl_equals_of_two_lists_that_contain_each_other_overflows_the_stack"]
fn child_vtl_equals_of_two_lists_that_contain_each_other() {
    with_stack(8, || {
        let out = render(
            "#set($a=[])#set($b=[$a])$a.add($b)#if($a==$b)#end",
            "",
            &fuzz_limits(),
        );
        assert!(out.starts_with("true"), "{out}");
    });
}

/// Fuzz target `vtl`: a template can build a list nested as deep as its loop budget allows
/// (almost 100,000 with the default limits: each level one `#foreach` iteration, here 99,000
/// levels); dropping it (at the end of the render) drops
/// each level recursively (`Rc<RefCell<Vec<Value>>>`), which overflows even an 8 MiB stack (a
/// debug build overflows a 2 MiB test thread at 10,000 levels already).
#[test]
fn vtl_dropping_a_deeply_nested_list_overflows_the_stack() {
    in_child("child_vtl_dropping_a_deeply_nested_list");
}

#[test]
#[ignore = "a stack overflow would abort the test process: run in a child process by \
            vtl_dropping_a_deeply_nested_list_overflows_the_stack"]
fn child_vtl_dropping_a_deeply_nested_list() {
    with_stack(8, || {
        let out = render(
            "#set($r=[])#set($c=$r)#foreach($j in [1..99])#foreach($i in [1..1000])\
             #set($n=[])#set($x=$c.add($n))#set($c=$n)#end#end$r.size()",
            "",
            &Limits::default(),
        );
        assert_eq!(out, "1");
    });
}

/// Fuzz target `vtl`: the parser builds a chain of binary operators (`1+1+…+1`, `a || b || …`)
/// as a left-deep tree in a loop, without counting it against the depth limit, and
/// `Renderer::expr` → `Renderer::binary` evaluate it recursively, one pair of frames per
/// operator: a template of 100,000 terms (200 KB, within the 300 KB quota) overflows an 8 MiB
/// stack (20,000 terms overflow a 2 MiB test thread in a debug build). Fixed when it renders
/// or is refused with a limit error.
#[test]
fn vtl_long_chain_of_binary_operators_overflows_the_stack() {
    in_child("child_vtl_long_chain_of_binary_operators");
}

#[test]
#[ignore = "a stack overflow would abort the test process: run in a child process by \
            vtl_long_chain_of_binary_operators_overflows_the_stack"]
fn child_vtl_long_chain_of_binary_operators() {
    with_stack(8, || {
        let limits = Limits::default();
        for op in ["+", " || ", " == "] {
            let terms = (limits.template_bytes - 20) / (op.len() + 1);
            let src = format!("#set($a = {}1)$a", format!("1{op}").repeat(terms));
            assert!(src.len() <= limits.template_bytes);
            if let Ok(t) = Template::parse_with(&src, &limits) {
                let _ = t.render_with(&Env::new(""), &limits);
            }
        }
    });
}

/// Fuzz target `vtl`: strings and lists can grow without bound. Each step is one method call or
/// operator, whatever it allocates, and only the output is limited, not the values a template
/// builds: `#set($s=$s.concat($s))` (or `$s + $s`) in a 40-iteration `#foreach` asks for a
/// string of 2^41 bytes (`memory allocation of 4294967296 bytes failed`, then an abort, under a
/// 6 GB address-space limit), and `$s.replaceAll('', $s)` squares the length on each pass (three
/// passes from 10 characters never finish). Here the growth stops far short of exhausting
/// memory, and the render must refuse it with a limit error, as it does for the output.
#[test]
fn vtl_strings_grow_without_bound() {
    let limits = fuzz_limits();
    let x1100 = "x".repeat(1100);
    for template in [
        // 2^25 bytes (32 MiB)
        "#set($s='ab')#foreach($i in [1..24])#set($s=$s.concat($s))#end$s.length()".to_string(),
        "#set($s='ab')#foreach($i in [1..24])#set($s=$s + $s)#end$s.length()".to_string(),
        // 1,101 x 1,100 characters (1.2 MB)
        format!("#set($s='{x1100}')$s.replaceAll('', $s).length()"),
    ] {
        let t = Template::parse_with(&template, &limits).expect("the template parses");
        let r = t.render_with(&Env::new(""), &limits);
        assert!(
            r.error.as_ref().is_some_and(|e| e.kind == Kind::Limit),
            "{template:.60}: a string far over the limits was built: output {:?}, error {:?}",
            r.output,
            r.error.map(|e| e.message)
        );
    }
}

/// Fuzz target `vtl`: as above, for lists: `$l.addAll($l)` doubles a list on each iteration
/// (40 iterations ask for 2^40 items). Here 20 iterations build 1,048,576 items, far over the
/// 10,000 loop iterations and 64 KiB of output of the fuzz limits; the render must refuse it
/// with a limit error.
#[test]
fn vtl_lists_grow_without_bound() {
    let limits = fuzz_limits();
    let template = "#set($l=[1])#foreach($i in [1..20])#set($x=$l.addAll($l))#end$l.size()";
    let t = Template::parse_with(template, &limits).expect("the template parses");
    let r = t.render_with(&Env::new(""), &limits);
    assert!(
        r.error.as_ref().is_some_and(|e| e.kind == Kind::Limit),
        "a list far over the limits was built: output {:?}, error {:?}",
        r.output,
        r.error.map(|e| e.message)
    );
}

/// Fuzz target `vtl` (LeakSanitizer): `$l.add($l)` makes a reference cycle that `Rc` never frees,
/// a leak on every render (on the page, every keystroke). The render empties such lists and
/// maps when it ends.
#[test]
fn vtl_reference_cycles_are_freed_when_the_render_ends() {
    let t = Template::parse("#set($l = [])#set($m = {})#set($x = $l.add($l))#set($x = $m.put('me', $m))#set($x = $l.add($m))$l.size()").unwrap();
    let r = t.render(&Env::new(""));
    assert_eq!(r.output, "2");
    // the render is over: nothing of it is still alive (checked through a weak reference
    // taken from a list the template returned into a map of the environment would be
    // impossible; instead, check the same construction at the value level)
    let l = apigw_playground::engine::value::Value::list(
        vec![],
        apigw_playground::engine::value::ListKind::Java,
    );
    let weak = match &l {
        apigw_playground::engine::value::Value::List(rc, _) => std::rc::Rc::downgrade(rc),
        _ => unreachable!(),
    };
    if let apigw_playground::engine::value::Value::List(rc, _) = &l {
        rc.borrow_mut().push(l.clone());
        rc.borrow_mut().clear();
    }
    drop(l);
    assert!(weak.upgrade().is_none(), "an emptied cycle is freed");
}

/// `import` fuzzer: a title holding a byte order mark (and other characters a YAML comment may
/// not hold) went verbatim into the export's `#` header, so the CloudFormation YAML export did
/// not import again ("a byte order mark must not appear inside a document").
#[test]
fn exports_of_a_title_with_a_bom_or_controls_import_again() {
    use apigw_playground::engine::iac::{self, Format};
    use apigw_playground::engine::model::Scenario;
    let mut s = Scenario::from_json(include_str!("../www/presets/route-selection.json")).unwrap();
    for title in [
        "Forbidd\u{FEFF}en frame",
        "a\u{15}\u{15}b\u{0}c",
        "line\u{85}next\u{2028}para\u{FFFF}",
    ] {
        s.title = title.into();
        for format in [Format::CfnYaml, Format::CfnJson] {
            let out = iac::export(&s, format).unwrap();
            let back = iac::import(&out)
                .unwrap_or_else(|e| panic!("{title:?} {format:?}: {}\n{out}", e.diagnostic));
            let keys = |s: &Scenario| -> Vec<String> {
                s.routes.iter().map(|r| r.route_key.clone()).collect()
            };
            assert_eq!(keys(&back.scenario), keys(&s), "{title:?} {format:?}");
        }
        // the title itself survives where it is data (Description), not where it is a comment
        let yaml = iac::export(&s, Format::CfnYaml).unwrap();
        let header = yaml.lines().next().unwrap();
        assert!(
            header.starts_with("# ") && !header.contains('\u{FEFF}'),
            "{header:?}"
        );
    }
}

/// vtl target (timeouts under ASan, 2026-12-07): a list or map added to itself a few times,
/// then printed, walked the self-references until the print budget (4 million values, each add
/// multiplying the walk). Java prints a direct self-reference as `(this Collection)` /
/// `(this Map)`, once.
#[test]
fn vtl_a_collection_added_to_itself_many_times_prints_once_each() {
    let adds = "#set($x = $l.add($l))".repeat(30);
    let t = Template::parse(&format!("#set($l = []){adds}$l")).unwrap();
    let r = t.render(&Env::new(""));
    assert!(r.error.is_none(), "{:?}", r.error);
    assert_eq!(
        r.output,
        format!("[{}]", vec!["(this Collection)"; 30].join(", "))
    );
    let puts = "#set($x = $m.put(\"k$foreach.count\", $m))";
    let t = Template::parse(&format!(
        "#set($m = {{}})#foreach($i in [1..3]){puts}#end$m"
    ))
    .unwrap();
    let r = t.render(&Env::new(""));
    assert_eq!(r.output, "{k1=(this Map), k2=(this Map), k3=(this Map)}");
}

/// json target (its comparison of `engine::json_doc` with serde_json, 2026-12-07): `\u+c00` was
/// read as U+0C00, because `u32::from_str_radix` takes a leading `+`. Bodies, scenarios, JSONPath
/// and template string literals now take four hex digits and nothing else, as serde_json does.
#[test]
fn json_a_unicode_escape_takes_four_hex_digits_only() {
    let text = r#""\ud83d\ude00\u+c00""#;
    assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
    assert!(apigw_playground::engine::json_doc::parse(text).is_err());
    let e = json::parse(text).expect_err("a sign is not a hex digit");
    assert_eq!(e.message, "`\\u` must be followed by four hex digits");
    assert_eq!(e.span.start, 13);
}
