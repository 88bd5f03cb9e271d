//! The engine's benchmarks (`scripts/bench` runs them; figures in BENCHMARKS.md).
//!
//! Natively, `cargo run --release --example bench -- COMMAND`, each printing one JSON document:
//!
//! - `render CASES.json [--seconds S] [--outputs FILE] [--only CASE] [--body cold|warm]`: render throughput of the cases that
//!   `bench/gen-cases.mjs` writes (parse once, render many; each render gets a fresh `Env`, so
//!   the body is parsed once per render, as for a real message); the first output of every item
//!   goes to FILE for the cross-engine comparison.
//! - `pipeline [--seconds S]`: per preset, the status sweep (`Prepared::sweep`, 500 codes × all
//!   keys) and everything the page derives on an edit (`state::derive`, as `ui` calls it).
//! - `scale [--seconds S]`: `$input.json('$')` and `$input.path('$.items')` + `#foreach` over
//!   payloads of 1 KB to 10 MB: time, JSON parse time, peak heap (counted by this binary's
//!   allocator) and peak RSS (of a child process per size).
//!
//! Compiled for `wasm32-unknown-unknown` it instead exports the same work to JavaScript
//! (`BenchTemplate`, `BenchScenario`) for the in-browser benchmark page, `bench/browser/`.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}

/// Everything the page derives on an edit (`state::derive_with`, which `ui` calls), reduced to
/// a checksum so nothing is optimised away.
fn derive_like(
    s: &apigw_playground::engine::model::Scenario,
    limits: &apigw_playground::engine::limits::Limits,
) -> usize {
    let d = apigw_playground::state::derive_with(s, limits);
    d.outcome.trace.len() + d.sweep.len() + d.tests.len() + d.messages.len()
}

#[cfg(target_arch = "wasm32")]
mod web {
    //! Exports for bench/browser/: the same engine calls as the native benchmark. JavaScript
    //! times them with `performance.now()`.
    use apigw_playground::engine::limits::Limits;
    use apigw_playground::engine::model::Scenario;
    use apigw_playground::engine::pipeline::Prepared;
    use apigw_playground::engine::vtl::{Env, Params, Template, forget_parsed_bodies};
    use wasm_bindgen::prelude::*;

    /// A parsed template.
    #[wasm_bindgen]
    pub struct BenchTemplate {
        template: Template,
    }

    #[wasm_bindgen]
    impl BenchTemplate {
        /// Parses `src`; throws the diagnostic's message on a syntax error.
        #[wasm_bindgen(constructor)]
        pub fn new(src: &str) -> Result<BenchTemplate, JsValue> {
            Template::parse(src)
                .map(|template| BenchTemplate { template })
                .map_err(|d| JsValue::from_str(&d.message))
        }

        /// Renders `n` times and returns the last output, or `ERROR: …` if the render failed.
        /// `warm`: the body's parse is kept between renders, as on the page when a template is
        /// edited; else each render parses the body (as the other engines' harnesses do).
        pub fn render(&self, body: &str, params_json: &str, n: u32, warm: bool) -> String {
            let params: Params = serde_json::from_str(params_json).unwrap_or_default();
            let body: std::rc::Rc<str> = std::rc::Rc::from(body);
            let mut last = String::new();
            for _ in 0..n {
                if !warm {
                    forget_parsed_bodies();
                }
                let mut env = Env::new("");
                env.body = body.clone();
                env.params = params.clone();
                let r = self.template.render(&env);
                last = match r.error {
                    Some(e) => format!("ERROR: {}", e.message),
                    None => r.output,
                };
            }
            last
        }
    }

    /// A scenario, prepared once.
    #[wasm_bindgen]
    pub struct BenchScenario {
        scenario: Scenario,
        prepared: Prepared,
        integration: Option<usize>,
    }

    #[wasm_bindgen]
    impl BenchScenario {
        /// Reads and prepares a scenario (JSON as in `www/presets/`).
        #[wasm_bindgen(constructor)]
        pub fn new(json: &str) -> Result<BenchScenario, JsValue> {
            let scenario = Scenario::from_json(json).map_err(|e| JsValue::from_str(&e))?;
            let prepared = Prepared::new(&scenario, &Limits::default());
            let integration = prepared.routed_integration(&scenario.sample.message);
            Ok(BenchScenario {
                scenario,
                prepared,
                integration,
            })
        }

        /// Integration responses of the sample's integration (the keys a sweep tries).
        pub fn keys(&self) -> u32 {
            self.integration
                .and_then(|i| self.scenario.integrations.get(i))
                .map_or(0, |g| g.integration_responses.len() as u32)
        }

        /// Runs the status sweep (codes 100–599 against every key) `n` times; returns how many
        /// codes select a response, so the work is not optimised away.
        pub fn sweep(&self, n: u32) -> u32 {
            let mut selected = 0;
            for _ in 0..n {
                if let Some(i) = self.integration {
                    selected = self
                        .prepared
                        .sweep(i)
                        .iter()
                        .filter(|(_, k)| k.is_some())
                        .count() as u32;
                }
            }
            selected
        }

        /// Everything the page derives on an edit (`state::derive`), `n` times.
        pub fn derive(&self, n: u32) -> u32 {
            let mut sum = 0;
            for _ in 0..n {
                sum = super::derive_like(&self.scenario, &Limits::default()) as u32;
            }
            sum
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use apigw_playground::engine::json;
    use apigw_playground::engine::limits::Limits;
    use apigw_playground::engine::model::Scenario;
    use apigw_playground::engine::pipeline::Prepared;
    use apigw_playground::engine::vtl::{Env, Params, Template, forget_parsed_bodies};
    use apigw_playground::state::PRESETS;
    use serde_json::{Value as J, json};
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::hint::black_box;
    use std::rc::Rc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
    use std::time::{Duration, Instant};

    /// The system allocator, counting live bytes and their peak while `COUNTING` is on.
    struct Counting;
    static COUNTING: AtomicBool = AtomicBool::new(false);
    static LIVE: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    fn grew(by: usize) {
        let now = LIVE.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
    }

    // SAFETY: every call is passed straight to `System`; the counters are only bookkeeping.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            // SAFETY: the caller upholds `alloc`'s contract, which `System.alloc` shares.
            let p = unsafe { System.alloc(l) };
            if !p.is_null() && COUNTING.load(Relaxed) {
                grew(l.size());
            }
            p
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            // SAFETY: as for `alloc`.
            unsafe { System.dealloc(p, l) };
            if COUNTING.load(Relaxed) {
                LIVE.fetch_sub(l.size().min(LIVE.load(Relaxed)), Relaxed);
            }
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
            // SAFETY: as for `alloc`.
            let q = unsafe { System.realloc(p, l, new) };
            if !q.is_null() && COUNTING.load(Relaxed) {
                if new > l.size() {
                    grew(new - l.size());
                } else {
                    LIVE.fetch_sub((l.size() - new).min(LIVE.load(Relaxed)), Relaxed);
                }
            }
            q
        }
    }

    #[global_allocator]
    static ALLOC: Counting = Counting;

    /// Peak heap bytes allocated while running `f` (above what was live before).
    fn peak_heap<T>(f: impl FnOnce() -> T) -> (T, usize) {
        LIVE.store(0, Relaxed);
        PEAK.store(0, Relaxed);
        COUNTING.store(true, Relaxed);
        let r = f();
        COUNTING.store(false, Relaxed);
        (r, PEAK.load(Relaxed))
    }

    pub fn main() {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let opt = |name: &str| {
            args.iter()
                .position(|a| a == name)
                .and_then(|i| args.get(i + 1))
                .cloned()
        };
        let seconds: f64 = opt("--seconds").and_then(|s| s.parse().ok()).unwrap_or(0.4);
        let result = match args.first().map(String::as_str) {
            Some("render") => {
                let Some(path) = args.get(1) else { usage() };
                render(
                    path,
                    seconds,
                    opt("--outputs").as_deref(),
                    opt("--only").as_deref(),
                    opt("--body").as_deref(),
                )
            }
            Some("pipeline") => pipeline(seconds),
            Some("scale") => scale(seconds),
            Some("scale-one") => {
                let (Some(kind), Some(bytes)) = (args.get(1), args.get(2)) else {
                    usage()
                };
                scale_one(kind, bytes.parse().unwrap_or(1024))
            }
            _ => usage(),
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&result).unwrap_or_default()
        );
    }

    fn usage() -> ! {
        eprintln!(
            "usage: bench render CASES.json [--seconds S] [--outputs FILE] [--only CASE] [--body cold|warm] | pipeline [--seconds S] | scale [--seconds S] | scale-one json|foreach BYTES"
        );
        std::process::exit(2)
    }

    /// Runs `round` (which does `per_round` units of work) for a warm-up, then in 5 batches of at
    /// least `seconds` each; returns units per second of each batch, sorted.
    fn throughput(seconds: f64, per_round: usize, mut round: impl FnMut()) -> Vec<f64> {
        let warm = Instant::now();
        while warm.elapsed() < Duration::from_secs_f64(seconds / 2.0) {
            round();
        }
        let mut rates = Vec::new();
        for _ in 0..5 {
            let t0 = Instant::now();
            let mut rounds = 0usize;
            while rounds < 3 || t0.elapsed() < Duration::from_secs_f64(seconds) {
                round();
                rounds += 1;
            }
            rates.push((rounds * per_round) as f64 / t0.elapsed().as_secs_f64());
        }
        rates.sort_by(f64::total_cmp);
        rates
    }

    /// Median time of `f` in microseconds: runs it until `seconds` have passed (at least 5
    /// times, at most 100,000 times).
    fn median_us(seconds: f64, mut f: impl FnMut()) -> (f64, f64, usize) {
        let mut times = Vec::new();
        let t0 = Instant::now();
        while times.len() < 5
            || (t0.elapsed() < Duration::from_secs_f64(seconds) && times.len() < 100_000)
        {
            let t = Instant::now();
            f();
            times.push(t.elapsed().as_secs_f64() * 1e6);
        }
        times.sort_by(f64::total_cmp);
        let p99 = times[((times.len() as f64 * 0.99) as usize).min(times.len() - 1)];
        (times[times.len() / 2], p99, times.len())
    }

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Body {
        Cold,
        Warm,
    }

    struct Item {
        name: String,
        template: Template,
        body: Rc<str>,
        params: Params,
        parse_us: f64,
    }

    /// One render. `Cold`: the body's kept parse is forgotten first, so the render parses it, as
    /// every render did before bodies were kept, and as the other engines' harnesses do (the
    /// ratios use this). `Warm`: the body's parse is kept, as when the page renders again after
    /// an edit of a template.
    fn render_one(it: &Item, body: Body) -> Result<String, String> {
        let mut env = Env::new("");
        env.body = it.body.clone();
        env.params = it.params.clone();
        if body == Body::Cold {
            forget_parsed_bodies();
        }
        let r = it.template.render(&env);
        match r.error {
            Some(e) => Err(e.message),
            None => Ok(r.output),
        }
    }

    /// `body`: `cold` or `warm` measures only that way of rendering (for a profiler); both
    /// otherwise.
    fn render(
        path: &str,
        seconds: f64,
        outputs: Option<&str>,
        only: Option<&str>,
        body: Option<&str>,
    ) -> J {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
            eprintln!("bench: {path}: {e}");
            std::process::exit(1)
        });
        let doc: J = serde_json::from_str(&text).unwrap_or_else(|e| {
            eprintln!("bench: {path}: {e}");
            std::process::exit(1)
        });
        let mut results = Vec::new();
        let mut outs = serde_json::Map::new();
        for case in doc["cases"].as_array().into_iter().flatten() {
            let id = case["id"].as_str().unwrap_or("?").to_string();
            if only.is_some_and(|o| o != id) {
                continue;
            }
            let mut items = Vec::new();
            for it in case["items"].as_array().into_iter().flatten() {
                let src = it["template"].as_str().unwrap_or_default();
                let (parse_us, _, _) = median_us(0.05, || {
                    black_box(Template::parse(black_box(src)).ok());
                });
                let template = match Template::parse(src) {
                    Ok(t) => t,
                    Err(d) => {
                        eprintln!("bench: {id}: template does not parse: {}", d.message);
                        continue;
                    }
                };
                items.push(Item {
                    name: it["name"].as_str().unwrap_or_default().to_string(),
                    template,
                    body: Rc::from(it["body"].as_str().unwrap_or_default()),
                    params: serde_json::from_value(it["params"].clone()).unwrap_or_default(),
                    parse_us,
                });
            }
            let mut case_outs = Vec::new();
            for it in &items {
                case_outs.push(match render_one(it, Body::Cold) {
                    Ok(o) => json!({"name": it.name, "output": o}),
                    Err(e) => json!({"name": it.name, "error": e}),
                });
            }
            outs.insert(id.clone(), J::Array(case_outs));
            let measure = |how: Body| {
                let rates = throughput(seconds, items.len(), || {
                    for it in &items {
                        black_box(render_one(black_box(it), how).ok());
                    }
                });
                let median = rates[rates.len() / 2];
                (median, rates[0], rates[rates.len() - 1])
            };
            let (median, min, max) = if body == Some("warm") {
                (f64::NAN, f64::NAN, f64::NAN)
            } else {
                measure(Body::Cold)
            };
            let warm = if body == Some("cold") {
                f64::NAN
            } else {
                measure(Body::Warm).0
            };
            let parse_us: f64 = items.iter().map(|i| i.parse_us).sum::<f64>() / items.len() as f64;
            eprintln!(
                "bench: native render {id:<16} {median:>12.0} renders/s  {:>10.2} µs/render  body kept: {:>10.2} µs/render",
                1e6 / median,
                1e6 / warm
            );
            results.push(json!({
                "id": id,
                "items": items.len(),
                "renders_per_s": median,
                "us_per_render": 1e6 / median,
                "min_renders_per_s": min,
                "max_renders_per_s": max,
                "parse_us": parse_us,
                "warm_renders_per_s": warm,
                "warm_us_per_render": 1e6 / warm,
            }));
        }
        if let Some(file) = outputs
            && let Err(e) = std::fs::write(file, J::Object(outs).to_string())
        {
            eprintln!("bench: {file}: {e}");
        }
        json!({"engine": "ours-native", "results": results})
    }

    fn pipeline(seconds: f64) -> J {
        let mut rows = Vec::new();
        for preset in PRESETS {
            let Ok(s) = Scenario::from_json(preset.json) else {
                continue;
            };
            let limits = Limits::default();
            let p = Prepared::new(&s, &limits);
            let integration = p.routed_integration(&s.sample.message);
            let keys = integration
                .and_then(|i| s.integrations.get(i))
                .map_or(0, |g| g.integration_responses.len());
            let (sweep_us, sweep_p99, _) = match integration {
                Some(i) => median_us(seconds / 4.0, || {
                    black_box(p.sweep(black_box(i)));
                }),
                None => (0.0, 0.0, 0),
            };
            let (prepare_us, _, _) = median_us(seconds / 4.0, || {
                black_box(Prepared::new(black_box(&s), &limits));
            });
            let (run_us, _, _) = median_us(seconds / 4.0, || {
                black_box(p.run());
            });
            let (derive_us, derive_p99, _) = median_us(seconds / 4.0, || {
                black_box(super::derive_like(black_box(&s), &limits));
            });
            eprintln!(
                "bench: native pipeline {:<28} sweep {sweep_us:>8.1} µs  derive {derive_us:>8.1} µs",
                preset.id
            );
            rows.push(json!({
                "preset": preset.id,
                "keys": keys,
                "sweep_us": sweep_us,
                "sweep_p99_us": sweep_p99,
                "prepare_us": prepare_us,
                "run_us": run_us,
                "derive_us": derive_us,
                "derive_p99_us": derive_p99,
            }));
        }
        json!({"engine": "ours-native", "presets": rows})
    }

    pub const SIZES: [usize; 9] = [
        1 << 10,
        4 << 10,
        16 << 10,
        64 << 10,
        128 << 10,
        256 << 10,
        1 << 20,
        4 << 20,
        10 << 20,
    ];

    const JSON_TEMPLATE: &str = "{\"data\": $input.json('$')}";
    const FOREACH_TEMPLATE: &str = "#set($items = $input.path('$.items'))\n[\n#foreach($it in $items)\n  {\"id\": \"$it.id\", \"name\": \"$it.name\", \"total\": $it.qty}#if($foreach.hasNext),#end\n#end\n]";

    /// A JSON body of about `bytes` bytes: `{"items": [{id, name, qty, price, tags}, …]}`.
    pub fn payload(bytes: usize) -> String {
        let mut s = String::with_capacity(bytes + 128);
        s.push_str("{\"source\": \"bench\", \"items\": [");
        let mut i = 0u64;
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        while s.len() + 110 < bytes || i == 0 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if i > 0 {
                s.push(',');
            }
            let cents = 101 + (x % 99_000);
            let cents = if cents.is_multiple_of(10) {
                cents + 3
            } else {
                cents
            };
            s.push_str(&format!(
                "{{\"id\": \"it-{i:07}\", \"name\": \"item {} {}\", \"qty\": {}, \"price\": {}.{:02}, \"tags\": [\"t{}\", \"u{}\"]}}",
                x % 1000,
                (x >> 10) % 1000,
                1 + x % 20,
                cents / 100,
                cents % 100,
                x % 7,
                x % 5
            ));
            i += 1;
        }
        s.push_str("]}");
        s
    }

    /// Limits high enough that nothing but the payload bounds the work (the page's defaults
    /// stop `#foreach` at 1,000 iterations and the output at 1 MB).
    fn lifted() -> Limits {
        Limits {
            foreach_iterations: usize::MAX / 4,
            total_iterations: usize::MAX / 4,
            output_bytes: usize::MAX / 4,
            steps: u64::MAX / 4,
            ..Limits::default()
        }
    }

    fn scale_template(kind: &str) -> &'static str {
        if kind == "json" {
            JSON_TEMPLATE
        } else {
            FOREACH_TEMPLATE
        }
    }

    fn scale(seconds: f64) -> J {
        let mut rows = Vec::new();
        for kind in ["json", "foreach"] {
            let template = Template::parse(scale_template(kind)).expect("scale template parses");
            for &bytes in &SIZES {
                let body = payload(bytes);
                let lim = lifted();
                let render = || {
                    // each render parses the body: this measures how time grows with its size
                    forget_parsed_bodies();
                    let env = Env::new(&body);
                    template.render_with(&env, &lim)
                };
                let (first, heap) = peak_heap(render);
                let out_bytes = first.output.len();
                let failed = first.error.map(|e| e.message);
                let (us, _, runs) = median_us(seconds, || {
                    black_box(render());
                });
                let (parse_us, _, _) = median_us(seconds / 2.0, || {
                    black_box(json::parse(black_box(&body)).ok());
                });
                let default = {
                    let r = template.render(&Env::new(&body));
                    match r.error {
                        Some(e) => format!("error: {}", e.message),
                        None => format!("ok, {} bytes out", r.output.len()),
                    }
                };
                let rss = child_rss(kind, bytes);
                eprintln!(
                    "bench: native scale {kind:<8} {:>9} B  {us:>12.1} µs  heap {heap:>10} B  rss {}",
                    body.len(),
                    rss.map_or("?".into(), |r| format!("{r} kB"))
                );
                rows.push(json!({
                    "template": kind,
                    "body_bytes": body.len(),
                    "us": us,
                    "runs": runs,
                    "json_parse_us": parse_us,
                    "out_bytes": out_bytes,
                    "peak_heap_bytes": heap,
                    "peak_rss_kb": rss,
                    "error": failed,
                    "default_limits": default,
                }));
            }
        }
        json!({
            "engine": "ours-native",
            "templates": {"json": JSON_TEMPLATE, "foreach": FOREACH_TEMPLATE},
            "default_limits": serde_json::to_value(Limits::default()).unwrap_or_default(),
            "rows": rows,
        })
    }

    /// Peak RSS (kB) of a child process that renders once at this size.
    fn child_rss(kind: &str, bytes: usize) -> Option<u64> {
        let exe = std::env::current_exe().ok()?;
        let out = std::process::Command::new(exe)
            .args(["scale-one", kind, &bytes.to_string()])
            .output()
            .ok()?;
        let v: J = serde_json::from_slice(&out.stdout).ok()?;
        v["vm_hwm_kb"].as_u64()
    }

    /// Renders once at this size and reports the process's peak RSS, and its baseline (the
    /// peak before the payload was made).
    fn scale_one(kind: &str, bytes: usize) -> J {
        let before = vm_hwm_kb();
        let body = payload(bytes);
        let template = Template::parse(scale_template(kind)).expect("scale template parses");
        let r = template.render_with(&Env::new(&body), &lifted());
        black_box(&r);
        json!({"kind": kind, "bytes": body.len(), "out_bytes": r.output.len(), "baseline_kb": before, "vm_hwm_kb": vm_hwm_kb()})
    }

    fn vm_hwm_kb() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}
