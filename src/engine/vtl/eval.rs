//! The renderer: walks the AST with Velocity 1.7's semantics as API Gateway shows them (quiet
//! null rendering; null equals both `$null` and `""`), under the budgets of [`Limits`].

use crate::engine::diag::{Diagnostic, Kind};
use crate::engine::hash::{FastMap, FastSet};
use crate::engine::jsonpath;
use crate::engine::limits::Limits;
use crate::engine::regex_java::{self, JavaRegex};
use crate::engine::span::Span;
use crate::engine::text;
use crate::engine::value::{Builtin, ListKind, LoopInfo, Number, Value, ValueMap};
use crate::engine::vtl::Template;
use crate::engine::vtl::ast::{BinOp, Block, Expr, Macro, Node, Part, Reference, Slot};
use crate::engine::vtl::builtins::Env;
use crate::engine::vtl::vars::Vars;
use std::collections::HashMap;
use std::rc::Rc;

/// The result of one render.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// What the template printed (up to the error, if there is one).
    pub output: String,
    /// Warnings and notes, in the order they arose, each once per place.
    pub diagnostics: Vec<Diagnostic>,
    /// The error that stopped the render. API Gateway fails the whole template in this case.
    pub error: Option<Diagnostic>,
}

pub(crate) type R<T> = Result<T, Box<Diagnostic>>;

/// How a block ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flow {
    Normal,
    Break,
    Stop,
}

/// A `#define`d block: its nodes and the source their spans point into.
#[derive(Clone)]
struct Defined {
    body: Rc<Block>,
    src: Rc<str>,
}

pub(crate) struct Renderer<'a> {
    pub env: &'a Env,
    pub limits: &'a Limits,
    out: String,
    globals: Vars,
    frames: Vec<Vars>,
    defines: FastMap<Rc<str>, Defined>,
    macros: Vec<Rc<HashMap<Rc<str>, Rc<Macro>>>>,
    diags: Vec<Diagnostic>,
    warned: FastSet<(u32, u32, String)>,
    /// Evaluation steps left before the `steps` limit.
    steps_left: u64,
    iterations: usize,
    depth: usize,
    /// Inside `#evaluate`, diagnostics point at the `#evaluate` directive.
    span_override: Option<Span>,
    /// The template's JSONPaths (`Template::paths`), kept from one render to the next.
    paths: Rc<std::cell::RefCell<PathCache>>,
    /// The body parsed as JSON: shared with other renders when the template cannot change it,
    /// else this render's own copy (`.add`, `.put` on what `$input.path` gives must not leak into
    /// the next render).
    body: std::cell::OnceCell<Option<Value>>,
    /// The body's kept parse (see `body.rs`), found once a render.
    parsed: std::cell::OnceCell<Rc<super::body::Parsed>>,
    /// Whether the template may change lists and maps (`Template::mutates`).
    mutates: bool,
    /// Whether it may read `$velocityCount` (`Template::counts`).
    counts: bool,
    /// Emptied vectors for method arguments (see `part`).
    arg_pool: Vec<Vec<Value>>,
    /// A buffer for methods that build a string before it becomes a value.
    pub scratch: String,
    /// A loop's `$foreach` that nothing kept when the loop ended, for the next loop.
    spare_loop: Option<Rc<LoopInfo>>,
    /// Lists and maps that had a list or map put into them: the only way to make a reference
    /// cycle (`$l.add($l)`), which would never be freed. They are emptied when the render ends.
    linked: Vec<Linked>,
    regexes: FastMap<Rc<str>, Result<Rc<JavaRegex>, regex_java::RegexError>>,
    /// `foreach` and `velocityCount`, made once: a loop sets them on every iteration.
    foreach_name: Rc<str>,
    count_name: Rc<str>,
    foreach_slot: Slot,
    count_slot: Slot,
    /// Room to take for the output when it first grows (`Template::output_hint`), then 0.
    output_hint: usize,
}

/// A list or map that may close a reference cycle, held weakly.
enum Linked {
    List(std::rc::Weak<crate::engine::value::Cell<Vec<Value>>>),
    Map(std::rc::Weak<crate::engine::value::Cell<ValueMap>>),
}

/// JSONPaths by their text, parsed or refused.
pub(crate) type PathCache = FastMap<Rc<str>, Result<Rc<jsonpath::Path>, jsonpath::PathError>>;

pub(crate) fn render(t: &Template, env: &Env, limits: &Limits) -> Rendered {
    // the template's own `Rc` of each name, so its references find them by pointer
    let [input, util, context, stage_variables, foreach, count] = &*t.builtin_names;
    let mut r = Renderer {
        env,
        limits,
        out: String::new(),
        output_hint: t.output_hint.get(),
        // room for the builtins and a few of the template's own
        globals: Vars::with_capacity(8),
        frames: Vec::new(),
        defines: FastMap::default(),
        macros: vec![t.macros.clone()],
        diags: Vec::new(),
        warned: FastSet::default(),
        steps_left: limits.steps,
        iterations: 0,
        depth: 0,
        span_override: None,
        paths: t.paths.clone(),
        body: std::cell::OnceCell::new(),
        parsed: std::cell::OnceCell::new(),
        mutates: t.mutates,
        counts: t.counts,
        arg_pool: Vec::new(),
        scratch: String::new(),
        spare_loop: None,
        linked: Vec::new(),
        regexes: FastMap::default(),
        foreach_name: foreach.clone(),
        count_name: count.clone(),
        foreach_slot: Slot::default(),
        count_slot: Slot::default(),
    };
    let copy = |v: &Value| if t.mutates { deep_copy(v) } else { v.clone() };
    for (n, v) in [
        (input, Value::Builtin(crate::engine::value::Builtin::Input)),
        (util, Value::Builtin(crate::engine::value::Builtin::Util)),
        // a template that may change `$context` (`#set($context.x = …)`) gets its own copy
        (context, copy(&env.context)),
        (stage_variables, copy(&env.stage_variables)),
    ] {
        r.globals.set(n, v, &Slot::default());
    }
    for w in t.warnings.iter() {
        r.note(w.clone());
    }
    let result = r.block(&t.src, &t.nodes);
    let error = match result {
        Ok(_) => None,
        Err(e) => Some(*e),
    };
    r.break_cycles();
    t.output_hint.set(r.out.len().min(super::OUTPUT_HINT_MAX));
    Rendered {
        output: r.out,
        diagnostics: r.diags,
        error,
    }
}

/// A copy that shares nothing mutable with the original.
pub(crate) fn deep_copy(v: &Value) -> Value {
    match v {
        Value::List(items, kind) => {
            Value::list(items.borrow().iter().map(deep_copy).collect(), *kind)
        }
        Value::Map(m) => Value::map(
            m.borrow()
                .iter()
                .map(|(k, v)| (k.clone(), deep_copy(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

impl<'a> Renderer<'a> {
    /// The body's kept parse.
    fn parsed(&self) -> &super::body::Parsed {
        self.parsed.get_or_init(|| {
            if self.env.body.is_empty() {
                super::body::parsed_text(self.env.body_text())
            } else {
                super::body::parsed(&self.env.body)
            }
        })
    }

    /// Java's `length()` of `s`; `$input.body.length()` is counted once for all renders of
    /// the body.
    pub(crate) fn utf16_len(&self, s: &Rc<str>) -> usize {
        if s.len() >= 4096 && Rc::ptr_eq(s, &self.env.body) {
            return self.parsed().utf16_len();
        }
        super::methods::utf16_len(s)
    }

    /// The body as JSON; `None` when it is not JSON.
    pub fn json_body(&self) -> Option<&Value> {
        self.body
            .get_or_init(|| {
                let shared = self.parsed().value();
                if self.mutates {
                    shared.map(deep_copy)
                } else {
                    shared.cloned()
                }
            })
            .as_ref()
    }

    /// `$input.json('$')`: the body's compact JSON, kept with its parse; `None` when the body is
    /// not JSON, or when this render may have changed its values already.
    pub fn whole_body_json(&self) -> Option<Rc<str>> {
        if self.mutates && self.body.get().is_some() {
            return None;
        }
        self.parsed().whole_json()
    }

    /// Notes that `v` was put into a list or map (see `linked`).
    pub fn linked(&mut self, v: &Value) {
        match v {
            Value::List(l, _) => self.linked.push(Linked::List(Rc::downgrade(l))),
            Value::Map(m) => self.linked.push(Linked::Map(Rc::downgrade(m))),
            _ => {}
        }
    }

    /// Empties every list and map that may close a cycle: nothing of a render outlives it (the
    /// environment's values were copied), so this only frees what a cycle would keep alive.
    fn break_cycles(&mut self) {
        for l in std::mem::take(&mut self.linked) {
            match l {
                Linked::List(w) => {
                    if let Some(rc) = w.upgrade() {
                        let items = std::mem::take(&mut *rc.borrow_mut());
                        drop(items);
                    }
                }
                Linked::Map(w) => {
                    if let Some(rc) = w.upgrade() {
                        let entries = std::mem::take(&mut *rc.borrow_mut());
                        drop(entries);
                    }
                }
            }
        }
    }

    // ----- diagnostics -----

    pub fn place(&self, span: Span) -> Span {
        self.span_override.unwrap_or(span)
    }

    pub fn fail(&self, kind: Kind, message: impl Into<String>, span: Span) -> Box<Diagnostic> {
        Box::new(Diagnostic::error(kind, message).at(self.place(span)))
    }

    /// Records a warning or note once per place and message.
    pub fn note(&mut self, d: Diagnostic) {
        let span = d.span.unwrap_or_default();
        if self
            .warned
            .insert((span.start, span.end, d.message.clone()))
            && self.diags.len() < 200
        {
            self.diags.push(d);
        }
    }

    pub fn warn(
        &mut self,
        kind: Kind,
        message: impl Into<String>,
        span: Span,
        hint: Option<String>,
    ) {
        let mut d = Diagnostic::warning(kind, message).at(self.place(span));
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.note(d);
    }

    /// Counts one evaluation step; every node and reference part takes one, so this is hot:
    /// the check is inline and the error is built out of line.
    #[inline]
    fn step(&mut self, span: Span) -> R<()> {
        self.step_at(|| span)
    }

    /// [`step`](Self::step), where finding the span costs something (an expression's is a
    /// `match`): it is only looked for when the limit is reached.
    #[inline]
    fn step_at(&mut self, span: impl FnOnce() -> Span) -> R<()> {
        if self.steps_left == 0 {
            return Err(self.too_many_steps(span()));
        }
        self.steps_left -= 1;
        Ok(())
    }

    #[cold]
    fn too_many_steps(&self, span: Span) -> Box<Diagnostic> {
        self.fail(
            Kind::Limit,
            format!(
                "the template took more than {} evaluation steps (limit: steps)",
                self.limits.steps
            ),
            span,
        )
    }

    fn push(&mut self, s: &str, span: Span) -> R<()> {
        if self.out.len() + s.len() > self.out.capacity() {
            self.grow_output(s.len());
        }
        self.out.push_str(s);
        self.check_output(span)
    }

    /// Refuses a string of `bytes` before (or after) building it: no value may outgrow the
    /// output limit.
    pub fn check_string(&self, bytes: usize, span: Span) -> R<()> {
        if bytes > self.limits.output_bytes {
            return Err(self.fail(
                Kind::Limit,
                format!(
                    "this would build a string of {bytes} bytes, over {} (limit: output size)",
                    self.limits.output_bytes
                ),
                span,
            ));
        }
        Ok(())
    }

    /// Refuses a list or map of `items`.
    pub fn check_items(&self, items: usize, span: Span) -> R<()> {
        if items > self.limits.collection_items {
            return Err(self.fail(
                Kind::Limit,
                format!(
                    "this would build a list or map of {items} items, over {} (limit: collection items)",
                    self.limits.collection_items
                ),
                span,
            ));
        }
        Ok(())
    }

    /// What `f` prints, apart from the output (a string with `$` inside, a `#define` used as a
    /// value); the output's room is kept for the output.
    fn capture<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> (String, T) {
        let saved = std::mem::take(&mut self.out);
        let hint = std::mem::take(&mut self.output_hint);
        let res = f(self);
        self.output_hint = hint;
        (std::mem::replace(&mut self.out, saved), res)
    }

    /// The first time the output must grow, it takes room for the whole of the template's last
    /// output (not before: taken at the start of a render, ahead of the body's parse, the room
    /// made glibc's allocator slower on the parse's thousands of small values).
    #[cold]
    fn grow_output(&mut self, more: usize) {
        let hint = std::mem::take(&mut self.output_hint);
        self.out
            .reserve(more.max(hint.saturating_sub(self.out.len())));
    }

    #[inline(always)]
    fn check_output(&mut self, span: Span) -> R<()> {
        if self.out.len() > self.limits.output_bytes {
            return Err(self.output_too_big(span));
        }
        Ok(())
    }

    #[cold]
    fn output_too_big(&self, span: Span) -> Box<Diagnostic> {
        self.fail(
            Kind::Limit,
            format!(
                "the output is over {} bytes (limit: output size)",
                self.limits.output_bytes
            ),
            span,
        )
    }

    #[inline]
    fn enter(&mut self, span: Span) -> R<()> {
        self.depth += 1;
        if self.depth > self.limits.depth {
            return Err(self.too_deep(span));
        }
        Ok(())
    }

    #[cold]
    fn too_deep(&self, span: Span) -> Box<Diagnostic> {
        self.fail(
            Kind::Limit,
            format!(
                "calls nested deeper than {} levels (limit: depth)",
                self.limits.depth
            ),
            span,
        )
    }

    // ----- blocks -----

    fn block(&mut self, src: &Rc<str>, nodes: &[Node]) -> R<Flow> {
        for node in nodes {
            let flow = self.node(src, node)?;
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn node(&mut self, src: &Rc<str>, node: &Node) -> R<Flow> {
        match node {
            Node::Text(text, span) => {
                self.step(*span)?;
                self.push(text, *span)?;
            }
            Node::Ref(r) => {
                self.step(r.span)?;
                if r.parts.is_empty()
                    && !self.defines.is_empty()
                    && !self.is_variable(&r.name, &r.slot)
                    && let Some(d) = self.defines.get(&r.name).cloned()
                {
                    return self
                        .render_define(&d, r.span)
                        .map(|f| if f == Flow::Stop { f } else { Flow::Normal });
                }
                // printed where it is when it can be, else evaluated and printed
                if self.in_place(r, |v, out| v.render(out)).is_none()
                    && !self.print_escaped(src, r)?
                {
                    let v = self.reference_in_full(src, r)?;
                    v.render(&mut self.out);
                }
                self.check_output(r.span)?;
            }
            Node::EscapedRef {
                backslashes,
                reference,
            } => {
                self.step(reference.span)?;
                let half = "\\".repeat(backslashes / 2);
                self.push(&half, reference.span)?;
                let v = self.reference(src, reference)?;
                let literal = src.get(reference.span.range()).unwrap_or("");
                if backslashes % 2 == 1 {
                    if v.is_null() {
                        self.push("\\", reference.span)?;
                    }
                    self.push(literal, reference.span)?;
                } else {
                    v.render(&mut self.out);
                    self.check_output(reference.span)?;
                }
            }
            Node::Set {
                target,
                value,
                span,
            } => {
                self.step(*span)?;
                let v = self.expr(src, value)?;
                self.assign(src, target, v, *span)?;
            }
            Node::If {
                branches,
                otherwise,
                span,
            } => {
                self.step(*span)?;
                self.enter(*span)?;
                let mut chosen: Option<&Block> = None;
                for (cond, body) in branches {
                    if self.condition(src, cond)? {
                        chosen = Some(body);
                        break;
                    }
                }
                let flow = match chosen.or(otherwise.as_ref()) {
                    Some(b) => self.block(src, b)?,
                    None => Flow::Normal,
                };
                self.depth -= 1;
                return Ok(flow);
            }
            Node::Foreach {
                var,
                slot,
                iterable,
                body,
                span,
            } => {
                self.step(*span)?;
                self.enter(*span)?;
                let flow = self.foreach(src, (var, slot), iterable, body, *span)?;
                self.depth -= 1;
                return Ok(if flow == Flow::Stop {
                    Flow::Stop
                } else {
                    Flow::Normal
                });
            }
            Node::Break(_) => return Ok(Flow::Break),
            Node::Stop(_) => return Ok(Flow::Stop),
            Node::Define { name, body, span } => {
                self.step(*span)?;
                self.unset(name, &Slot::default());
                self.defines.insert(
                    name.clone(),
                    Defined {
                        body: body.clone(),
                        src: src.clone(),
                    },
                );
            }
            Node::MacroDef(_) => {}
            Node::MacroCall { name, args, span } => {
                self.step(*span)?;
                return self.macro_call(src, name, args, *span);
            }
            Node::Evaluate(e, span) => {
                self.step(*span)?;
                let v = self.expr(src, e)?;
                return self.evaluate(&v.to_display(), *span);
            }
            Node::Load { directive, span } => {
                return Err(Box::new(
                    Diagnostic::error(
                        Kind::Runtime,
                        format!("`#{directive}` loads another template file, and API Gateway templates have none"),
                    )
                    .at(self.place(*span))
                    .hint("put the text in this template, or in a `#define` block"),
                ));
            }
        }
        Ok(Flow::Normal)
    }

    fn render_define(&mut self, d: &Defined, span: Span) -> R<Flow> {
        self.enter(span)?;
        let flow = self.block(&d.src, &d.body)?;
        self.depth -= 1;
        Ok(flow)
    }

    fn foreach(
        &mut self,
        src: &Rc<str>,
        (var, slot): (&Rc<str>, &Slot),
        iterable: &Expr,
        body: &Block,
        span: Span,
    ) -> R<Flow> {
        let coll = self.expr(src, iterable)?;
        // a template that cannot change a list reads its items where they are; one that can
        // iterates over a copy (Java's iterator would refuse a change made while it runs)
        let (shared, items): (_, Vec<Value>) = match &coll {
            Value::List(items, _) if !self.mutates => (Some(items.clone()), Vec::new()),
            Value::List(items, _) => (None, items.borrow().clone()),
            Value::Map(m) => (None, m.borrow().values().cloned().collect()),
            Value::Null => (None, Vec::new()),
            other => {
                self.warn(
                    Kind::Runtime,
                    format!("`#foreach` cannot iterate over a {}: the loop runs zero times", other.type_name()),
                    iterable.span(),
                    matches!(other, Value::Str(_)).then(|| {
                        "to iterate a JSON array held in a string, parse it first: `$util.parseJson($s)`".to_string()
                    }),
                );
                (None, Vec::new())
            }
        };
        // the names as the template's own `Rc`s, which variables find by pointer
        let saved_var = self.lookup(var, slot);
        let saved_foreach = self.lookup(&self.foreach_name, &self.foreach_slot);
        let saved_count = if self.counts {
            self.lookup(&self.count_name, &self.count_slot)
        } else {
            None
        };
        let parent = saved_foreach
            .clone()
            .filter(|v| matches!(v, Value::Loop(_)));
        let n = shared.as_ref().map_or(items.len(), |l| l.borrow().len());
        let mut owned = items.into_iter();
        let info = self.loop_info(parent);
        let mut flow = Flow::Normal;
        let (foreach, count) = (self.foreach_name.clone(), self.count_name.clone());
        let (foreach_slot, count_slot) = (self.foreach_slot.clone(), self.count_slot.clone());
        // as Velocity 1.7 puts its `ForeachScope`: once, then updated on each iteration
        self.set_local(&foreach, Value::Loop(info.clone()), &foreach_slot);
        for i in 0..n {
            if i >= self.limits.foreach_iterations {
                self.note(
                    Diagnostic::warning(
                        Kind::Limit,
                        format!(
                            "`#foreach` stopped after {} of {n} items: API Gateway caps a loop at {} iterations (limit: foreach iterations)",
                            self.limits.foreach_iterations, self.limits.foreach_iterations
                        ),
                    )
                    .at(self.place(span))
                    .hint("AWS undocumented (U-14): what happens past the cap on WebSocket APIs; the playground stops the loop as Velocity's `directive.foreach.maxloops` does"),
                );
                break;
            }
            self.iterations += 1;
            if self.iterations > self.limits.total_iterations {
                return Err(self.fail(
                    Kind::Limit,
                    format!(
                        "loops ran more than {} iterations in all (limit: total iterations)",
                        self.limits.total_iterations
                    ),
                    span,
                ));
            }
            let item = match &shared {
                Some(l) => l.borrow().get(i).cloned(),
                None => owned.next(),
            };
            self.set_local(var, item.unwrap_or_default(), slot);
            if self.counts {
                self.set_local(&count, Value::Int(i as i64 + 1), &count_slot);
            }
            info.index.set(i);
            info.has_next.set(i + 1 < n);
            match self.block(src, body)? {
                Flow::Normal => {}
                Flow::Break => break,
                Flow::Stop => {
                    flow = Flow::Stop;
                    break;
                }
            }
        }
        self.restore_local(var, saved_var, slot);
        self.restore_local(&foreach, saved_foreach, &foreach_slot);
        if self.counts {
            self.restore_local(&count, saved_count, &count_slot);
        }
        self.foreach_slot = foreach_slot;
        self.count_slot = count_slot;
        self.spare_loop_info(info);
        Ok(flow)
    }

    /// A new loop's `$foreach`: the last loop's again when nothing kept it (an inner loop runs
    /// once for every item of the outer one), else a new one.
    fn loop_info(&mut self, parent: Option<Value>) -> Rc<LoopInfo> {
        if let Some(mut rc) = self.spare_loop.take()
            && let Some(info) = Rc::get_mut(&mut rc)
        {
            info.index.set(0);
            info.has_next.set(false);
            info.parent = parent;
            return rc;
        }
        Rc::new(LoopInfo {
            index: std::cell::Cell::new(0),
            has_next: std::cell::Cell::new(false),
            parent,
        })
    }

    /// Keeps an ended loop's `$foreach` for the next loop, unless a variable still holds it.
    fn spare_loop_info(&mut self, mut info: Rc<LoopInfo>) {
        if let Some(i) = Rc::get_mut(&mut info) {
            i.parent = None;
            self.spare_loop = Some(info);
        }
    }

    fn macro_call(&mut self, src: &Rc<str>, name: &Rc<str>, args: &[Expr], span: Span) -> R<Flow> {
        let found = self.macros.iter().rev().find_map(|m| m.get(name).cloned());
        let Some(m) = found else {
            let literal = src.get(span.range()).unwrap_or("").to_string();
            self.warn(
                Kind::UnknownMethod,
                format!("`#{name}` is not a directive or a macro defined in this template: printed as text"),
                span,
                Some("define it with `#macro(name $arg) … #end`, or escape it as `\\#`".into()),
            );
            self.push(&literal, span)?;
            return Ok(Flow::Normal);
        };
        if args.len() != m.params.len() {
            self.warn(
                Kind::Runtime,
                format!(
                    "`#{name}` takes {} argument(s), and is called with {}",
                    m.params.len(),
                    args.len()
                ),
                span,
                None,
            );
        }
        let mut frame = Vars::default();
        for (i, p) in m.params.iter().enumerate() {
            let v = match args.get(i) {
                Some(a) => self.expr(src, a)?,
                None => Value::Null,
            };
            frame.set(p, v, &Slot::default());
        }
        self.enter(span)?;
        self.frames.push(frame);
        // a macro's body is in the source it was defined in: this template's
        let flow = self.block(src, &m.body);
        self.frames.pop();
        self.depth -= 1;
        Ok(if flow? == Flow::Stop {
            Flow::Stop
        } else {
            Flow::Normal
        })
    }

    fn evaluate(&mut self, text: &str, span: Span) -> R<Flow> {
        self.enter(span)?;
        let t = match Template::parse_with(text, self.limits) {
            Ok(t) => t,
            Err(d) => {
                return Err(Box::new(
                    Diagnostic::error(
                        Kind::Syntax,
                        format!("in the text given to `#evaluate`: {}", d.message),
                    )
                    .at(self.place(span)),
                ));
            }
        };
        let saved = self.span_override;
        self.span_override = Some(self.place(span));
        self.macros.push(t.macros.clone());
        let flow = self.block(&t.src, &t.nodes);
        self.macros.pop();
        self.span_override = saved;
        self.depth -= 1;
        Ok(if flow? == Flow::Stop {
            Flow::Stop
        } else {
            Flow::Normal
        })
    }

    // ----- variables -----

    fn is_variable(&self, name: &str, slot: &Slot) -> bool {
        self.frames
            .last()
            .is_some_and(|f| f.contains_key(name, slot))
            || self.globals.contains_key(name, slot)
    }

    fn lookup(&self, name: &str, slot: &Slot) -> Option<Value> {
        self.lookup_ref(name, slot).cloned()
    }

    /// The value of a variable: a macro's parameter, else a global.
    #[inline]
    fn lookup_ref(&self, name: &str, slot: &Slot) -> Option<&Value> {
        variable(&self.frames, &self.globals, name, slot)
    }

    fn set_local(&mut self, name: &Rc<str>, v: Value, slot: &Slot) {
        match self.frames.last_mut() {
            Some(f) if f.contains_key(name, slot) => f.set(name, v, slot),
            _ => {
                if !self.defines.is_empty() {
                    self.defines.remove(name);
                }
                self.globals.set(name, v, slot);
            }
        }
    }

    fn restore_local(&mut self, name: &Rc<str>, saved: Option<Value>, slot: &Slot) {
        match saved {
            Some(v) => self.set_local(name, v, slot),
            None => self.unset(name, slot),
        }
    }

    fn unset(&mut self, name: &str, slot: &Slot) {
        if let Some(f) = self.frames.last_mut()
            && f.contains_key(name, slot)
        {
            f.set(&Rc::from(name), Value::Null, slot);
            return;
        }
        self.globals.remove(name, slot);
    }

    fn assign(&mut self, src: &Rc<str>, target: &Reference, v: Value, span: Span) -> R<()> {
        let Some((last, init)) = target.parts.split_last() else {
            if v.is_null() {
                self.unset(&target.name, &target.slot);
            } else {
                self.set_local(&target.name, v, &target.slot);
            }
            return Ok(());
        };
        let mut holder = self.lookup(&target.name, &target.slot).unwrap_or_default();
        for part in init {
            if holder.is_null() {
                break;
            }
            holder = self.part(src, &holder, part)?;
        }
        match (last, &holder) {
            (_, Value::Null) => {
                self.warn(
                    Kind::Runtime,
                    format!(
                        "`{}` is null, so nothing is set",
                        &src[target.span.start as usize..last.span().start as usize]
                    ),
                    span,
                    None,
                );
            }
            (Part::Property(name, ..), Value::Map(m)) => {
                self.linked(&v);
                m.borrow_mut().insert(name.clone(), v);
            }
            (Part::Index(k, ks), _) => {
                let key = self.expr(src, k)?;
                self.set_index(&holder, key, v, *ks)?;
            }
            (Part::Property(name, ps, _), other) => {
                let t = other.type_name();
                self.warn(
                    Kind::UnknownMethod,
                    format!("a {t} has no property `{name}` to set"),
                    *ps,
                    None,
                );
            }
            (Part::Method(..), _) => {}
        }
        Ok(())
    }

    fn set_index(&mut self, holder: &Value, key: Value, v: Value, span: Span) -> R<()> {
        self.linked(&v);
        match holder {
            Value::Map(m) => {
                m.borrow_mut().insert(Rc::from(key.to_display()), v);
                Ok(())
            }
            Value::List(items, _) => {
                let len = items.borrow().len();
                match key.as_number() {
                    Some(Number::Int(i)) if i >= 0 && (i as usize) < len => {
                        items.borrow_mut()[i as usize] = v;
                        Ok(())
                    }
                    Some(Number::Int(i)) => Err(self.fail(
                        Kind::Runtime,
                        format!("index {i} is out of bounds for a list of size {len}"),
                        span,
                    )),
                    _ => Err(self.fail(Kind::Runtime, "a list index must be an integer", span)),
                }
            }
            other => {
                let t = other.type_name();
                self.warn(
                    Kind::UnknownMethod,
                    format!("cannot set an index of a {t}"),
                    span,
                    None,
                );
                Ok(())
            }
        }
    }

    // ----- references -----

    pub fn reference(&mut self, src: &Rc<str>, r: &Reference) -> R<Value> {
        if let Some(v) = self.in_place(r, |v, _| v.clone()) {
            return Ok(v);
        }
        self.reference_in_full(src, r)
    }

    /// [`reference`](Self::reference) without trying [`in_place`](Self::in_place) first.
    #[inline(never)]
    fn reference_in_full(&mut self, src: &Rc<str>, r: &Reference) -> R<Value> {
        let mut v = match self.lookup(&r.name, &r.slot) {
            Some(v) => v,
            None => {
                if let Some(d) = self.defines.get(&r.name).cloned() {
                    // a `#define`d block used as a value: its rendered text
                    let span = r.span;
                    let (text, res) = self.capture(|this| this.render_define(&d, span));
                    res?;
                    Value::Str(Rc::from(text))
                } else {
                    self.undefined(r);
                    return Ok(Value::Null);
                }
            }
        };
        for part in &r.parts {
            if v.is_null() {
                return Ok(Value::Null);
            }
            v = self.part(src, &v, part)?;
        }
        Ok(v)
    }

    /// `$name.a.b…` where every part is a property of a map (`$it.attrs.color`) or an index
    /// of a list written as a number within it (`$it.tags[0]`), or the last one a property of
    /// `$foreach`, read where it is: `f` gets the value at the end, borrowed (and the output,
    /// to print it there), and no map or list on the way is cloned. `None` sends the reference
    /// down the general path, which gives the same value: a part that is not such a property
    /// or index, a name that is not a variable, or too few steps left to count these.
    #[inline]
    fn in_place<T>(
        &mut self,
        r: &Reference,
        f: impl FnOnce(&Value, &mut String) -> T,
    ) -> Option<T> {
        let n = r.parts.len();
        // two steps a part at most: an index counts its number's too
        if n > IN_PLACE_PARTS || 2 * n as u64 > self.steps_left {
            return None;
        }
        let root = variable(&self.frames, &self.globals, &r.name, &r.slot)?;
        let out = &mut self.out;
        // `$v` and `$v.name` of a map, the most common, without a call of walk_maps
        match (root, r.parts.as_slice()) {
            (_, []) => return Some(f(root, out)),
            (Value::Map(m), [Part::Property(name, _, hint)]) => {
                let m = m.borrow();
                let res = f(m.get_hinted(name, &hint.0).unwrap_or(&Value::Null), out);
                self.steps_left -= 1;
                return Some(res);
            }
            _ => {}
        }
        let (res, walked) = walk_maps(root, &r.parts, 0, |v, at| (f(v, out), at))?;
        // one step a part applied, as `part` counts them, and one an index's number, as `expr`
        // counts it (a null ends the chain)
        let indexes = r.parts[..walked]
            .iter()
            .filter(|p| matches!(p, Part::Index(..)))
            .count();
        self.steps_left -= (walked + indexes) as u64;
        Some(res)
    }

    /// `$util.escapeJavaScript(x)` printed: escaped straight into the output, where the general
    /// path builds the escaped string, prints a copy of it and drops it (the method API
    /// Gateway's templates call most, often once an item of a loop). The same steps, depth,
    /// limit and output as that path; false for any other reference.
    fn print_escaped(&mut self, src: &Rc<str>, r: &Reference) -> R<bool> {
        let [part @ Part::Method(name, args, span)] = r.parts.as_slice() else {
            return Ok(false);
        };
        if args.len() != 1
            || !text::same(name, "escapeJavaScript")
            || !matches!(
                self.lookup_ref(&r.name, &r.slot),
                Some(Value::Builtin(Builtin::Util))
            )
        {
            return Ok(false);
        }
        self.step_at(|| part.span())?;
        let arg = self.expr(src, &args[0])?;
        self.enter(*span)?;
        let before = self.out.len();
        match &arg {
            // `$util`'s methods give null for null
            Value::Null => {}
            Value::Str(s) => text::escape_javascript_into(s, &mut self.out),
            other => text::escape_javascript_into(&other.to_display(), &mut self.out),
        }
        self.depth -= 1;
        // what `call` checks of a method's string
        self.check_string(self.out.len() - before, *span)?;
        Ok(true)
    }

    fn undefined(&mut self, r: &Reference) {
        if let Some((head, _)) = r.name.split_once('-')
            && self.lookup(head, &Slot::default()).is_some()
        {
            self.warn(
                Kind::Runtime,
                format!(
                    "`${}` is read as one name: Velocity allows `-` in names",
                    r.name
                ),
                r.name_span,
                Some(format!(
                    "write `${{{head}}}-…` or put spaces around the minus: `${head} - …`"
                )),
            );
        }
    }

    fn part(&mut self, src: &Rc<str>, v: &Value, part: &Part) -> R<Value> {
        self.step_at(|| part.span())?;
        match part {
            Part::Property(name, span, hint) => Ok(self.property(v, name, *span, hint)),
            Part::Method(name, args, span) => {
                // the arguments' vector comes from a pool: a call per item of a loop need not
                // allocate one (a call without arguments never does)
                let mut vals = if args.is_empty() {
                    Vec::new()
                } else {
                    self.arg_pool.pop().unwrap_or_default()
                };
                let r = self.call_with(src, v, (name, args, *span), &mut vals);
                if vals.capacity() > 0 && self.arg_pool.len() < ARG_POOL {
                    vals.clear();
                    self.arg_pool.push(vals);
                }
                r
            }
            Part::Index(e, span) => {
                let k = self.expr(src, e)?;
                self.index(v, k, *span)
            }
        }
    }

    /// `v.name(args)`, the arguments evaluated into `vals`.
    fn call_with(
        &mut self,
        src: &Rc<str>,
        v: &Value,
        (name, args, span): (&str, &[Expr], Span),
        vals: &mut Vec<Value>,
    ) -> R<Value> {
        for a in args {
            vals.push(self.expr(src, a)?);
        }
        self.enter(span)?;
        let r = self.call(v, name, vals, span);
        self.depth -= 1;
        r
    }

    fn index(&mut self, v: &Value, k: Value, span: Span) -> R<Value> {
        match v {
            Value::List(items, _) => {
                let items = items.borrow();
                match k.as_number() {
                    Some(Number::Int(i)) if i >= 0 && (i as usize) < items.len() => {
                        Ok(items[i as usize].clone())
                    }
                    Some(Number::Int(i)) => Err(self.fail(
                        Kind::Runtime,
                        format!(
                            "index {i} is out of bounds for a list of size {}",
                            items.len()
                        ),
                        span,
                    )),
                    _ => Err(self.fail(
                        Kind::Runtime,
                        format!(
                            "a list index must be an integer, not {}",
                            describe_value(&k)
                        ),
                        span,
                    )),
                }
            }
            Value::Map(m) => Ok(m
                .borrow()
                .get(k.to_display().as_str())
                .cloned()
                .unwrap_or_default()),
            Value::Null => Ok(Value::Null),
            other => {
                let t = other.type_name();
                self.warn(
                    Kind::UnknownMethod,
                    format!("a {t} cannot be indexed with `[…]`: gives null"),
                    span,
                    None,
                );
                Ok(Value::Null)
            }
        }
    }

    // ----- expressions -----

    /// Whether `e` is true, as `#if` reads it: a reference is read where it is (one step, as
    /// [`expr`](Self::expr) counts it).
    fn condition(&mut self, src: &Rc<str>, e: &Expr) -> R<bool> {
        if let Expr::Ref(r) = e {
            self.step(r.span)?;
            if let Some(t) = self.in_place(r, |v, _| v.truthy()) {
                return Ok(t);
            }
            return Ok(self.reference_in_full(src, r)?.truthy());
        }
        Ok(self.expr(src, e)?.truthy())
    }

    pub fn expr(&mut self, src: &Rc<str>, e: &Expr) -> R<Value> {
        self.step_at(|| e.span())?;
        self.expr_counted(src, e)
    }

    /// [`expr`](Self::expr) once its step is counted: the common expressions here, the rest
    /// out of line ([`expr_other`](Self::expr_other)), so that this one stays small.
    #[inline]
    fn expr_counted(&mut self, src: &Rc<str>, e: &Expr) -> R<Value> {
        match e {
            Expr::Ref(r) => self.reference(src, r),
            Expr::Str(s, _) => Ok(Value::Str(s.clone())),
            Expr::Int(i, _) => Ok(Value::Int(*i)),
            Expr::Bool(b, _) => Ok(Value::Bool(*b)),
            Expr::Binary(op, a, b, span) => self.binary(src, *op, a, b, *span),
            _ => self.expr_other(src, e),
        }
    }

    /// The expressions [`expr_counted`](Self::expr_counted) leaves out of line.
    #[inline(never)]
    fn expr_other(&mut self, src: &Rc<str>, e: &Expr) -> R<Value> {
        Ok(match e {
            Expr::Ref(_) | Expr::Str(..) | Expr::Int(..) | Expr::Bool(..) | Expr::Binary(..) => {
                self.expr_counted(src, e)?
            }
            Expr::Interpolated(nodes, span) => {
                self.enter(*span)?;
                let (text, res) = self.capture(|r| r.block(src, nodes));
                self.depth -= 1;
                res?;
                Value::Str(Rc::from(text))
            }
            Expr::Float(f, _) => Value::Float(*f),
            Expr::List(items, _) => {
                let mut vals = Vec::with_capacity(items.len());
                for i in items {
                    vals.push(self.expr(src, i)?);
                }
                Value::list(vals, ListKind::Java)
            }
            Expr::Map(entries, _) => {
                let mut m = ValueMap::default();
                for (k, v) in entries {
                    let k = self.expr(src, k)?;
                    let v = self.expr(src, v)?;
                    m.insert(Rc::from(k.to_display()), v);
                }
                Value::map(m)
            }
            Expr::Range(a, b, span) => self.range(src, a, b, *span)?,
            Expr::Not(inner, _) => Value::Bool(!self.condition(src, inner)?),
        })
    }

    fn range(&mut self, src: &Rc<str>, a: &Expr, b: &Expr, span: Span) -> R<Value> {
        let from = self.expr(src, a)?;
        let to = self.expr(src, b)?;
        let as_int = |v: &Value| match v {
            Value::Int(i) => Some(*i),
            Value::Str(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        let (Some(x), Some(y)) = (as_int(&from), as_int(&to)) else {
            self.warn(
                Kind::Runtime,
                format!(
                    "a range needs two integers, not {} and {}",
                    describe_value(&from),
                    describe_value(&to)
                ),
                span,
                None,
            );
            return Ok(Value::Null);
        };
        let len = x.abs_diff(y).saturating_add(1);
        if len > self.limits.total_iterations as u64 {
            return Err(self.fail(
                Kind::Limit,
                format!(
                    "the range [{x}..{y}] has {len} items, more than {} (limit: total iterations)",
                    self.limits.total_iterations
                ),
                span,
            ));
        }
        let items: Vec<Value> = if x <= y {
            (x..=y).map(Value::Int).collect()
        } else {
            (y..=x).rev().map(Value::Int).collect()
        };
        Ok(Value::list(items, ListKind::Java))
    }

    fn binary(&mut self, src: &Rc<str>, op: BinOp, a: &Expr, b: &Expr, span: Span) -> R<Value> {
        match op {
            BinOp::And => {
                let l = self.condition(src, a)?;
                return Ok(Value::Bool(l && self.condition(src, b)?));
            }
            BinOp::Or => {
                let l = self.condition(src, a)?;
                return Ok(Value::Bool(l || self.condition(src, b)?));
            }
            _ => {}
        }
        let l = self.expr(src, a)?;
        let r = self.expr(src, b)?;
        // two integers, the common case (a counter, a quantity), without the general rules;
        // taken apart by value, so that nothing is left to drop
        match (l, r) {
            (Value::Int(x), Value::Int(y)) => match int_operation(op, x, y) {
                Some(v) => Ok(v),
                None => self.operation(op, Value::Int(x), Value::Int(y), span),
            },
            (l, r) => self.operation(op, l, r, span),
        }
    }

    /// `l op r` for every operator but `&&` and `||`, by Velocity's rules.
    #[inline(never)]
    fn operation(&mut self, op: BinOp, l: Value, r: Value, span: Span) -> R<Value> {
        Ok(match op {
            BinOp::Eq => Value::Bool(java_equals(&l, &r)),
            BinOp::Ne => Value::Bool(!java_equals(&l, &r)),
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let (Some(x), Some(y)) = (l.as_number(), r.as_number()) else {
                    self.warn(
                        Kind::Runtime,
                        format!(
                            "`{}` compares numbers, not {} and {}: the comparison is false",
                            op.symbol(),
                            describe_value(&l),
                            describe_value(&r)
                        ),
                        span,
                        None,
                    );
                    return Ok(Value::Bool(false));
                };
                let ord = compare_numbers(x, y);
                Value::Bool(match op {
                    BinOp::Lt => ord == Some(std::cmp::Ordering::Less),
                    BinOp::Le => matches!(
                        ord,
                        Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
                    ),
                    BinOp::Gt => ord == Some(std::cmp::Ordering::Greater),
                    _ => matches!(
                        ord,
                        Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
                    ),
                })
            }
            _ => self.arithmetic(op, l, r, span)?,
        })
    }

    fn arithmetic(&mut self, op: BinOp, l: Value, r: Value, span: Span) -> R<Value> {
        if op == BinOp::Add
            && (matches!(l, Value::Str(_)) || matches!(r, Value::Str(_)))
            && !l.is_null()
            && !r.is_null()
        {
            let (a, b) = (l.to_display(), r.to_display());
            self.check_string(a.len() + b.len(), span)?;
            let mut s = a;
            s.push_str(&b);
            return Ok(Value::Str(Rc::from(s)));
        }
        let (Some(x), Some(y)) = (l.as_number(), r.as_number()) else {
            self.warn(
                Kind::Runtime,
                format!(
                    "`{}` needs numbers, not {} and {}: the result is null",
                    op.symbol(),
                    describe_value(&l),
                    describe_value(&r)
                ),
                span,
                (l.is_null() || r.is_null())
                    .then(|| "a reference that is not set is null".to_string()),
            );
            return Ok(Value::Null);
        };
        match (x, y) {
            (Number::Int(a), Number::Int(b)) => {
                let res = match op {
                    BinOp::Add => a.checked_add(b),
                    BinOp::Sub => a.checked_sub(b),
                    BinOp::Mul => a.checked_mul(b),
                    BinOp::Div | BinOp::Mod if b == 0 => {
                        self.warn(
                            Kind::Runtime,
                            "division by zero: the result is null",
                            span,
                            None,
                        );
                        return Ok(Value::Null);
                    }
                    BinOp::Div => a.checked_div(b),
                    _ => a.checked_rem(b),
                };
                Ok(match res {
                    Some(v) => Value::Int(v),
                    None => {
                        // Velocity widens to BigInteger
                        let (a, b) = (a as i128, b as i128);
                        let v = match op {
                            BinOp::Add => a + b,
                            BinOp::Sub => a - b,
                            BinOp::Mul => a * b,
                            BinOp::Div => a / b,
                            _ => a % b,
                        };
                        Value::BigInt(Rc::from(v.to_string()))
                    }
                })
            }
            (x, y) => {
                let (a, b) = (x.as_f64(), y.as_f64());
                if matches!(op, BinOp::Div | BinOp::Mod) && b == 0.0 {
                    self.warn(
                        Kind::Runtime,
                        "division by zero: the result is null",
                        span,
                        None,
                    );
                    return Ok(Value::Null);
                }
                Ok(Value::Float(match op {
                    BinOp::Add => a + b,
                    BinOp::Sub => a - b,
                    BinOp::Mul => a * b,
                    BinOp::Div => a / b,
                    _ => a % b,
                }))
            }
        }
    }

    // ----- caches -----

    pub fn jsonpath(&mut self, text: &str) -> Result<Rc<jsonpath::Path>, jsonpath::PathError> {
        if let Some(p) = self.paths.borrow().get(text) {
            return p.clone();
        }
        let p = jsonpath::parse(text).map(Rc::new);
        let mut paths = self.paths.borrow_mut();
        if paths.len() < 1000 {
            paths.insert(Rc::from(text), p.clone());
        }
        p
    }

    pub fn regex(&mut self, pattern: &str) -> Result<Rc<JavaRegex>, regex_java::RegexError> {
        if let Some(p) = self.regexes.get(pattern) {
            return p.clone();
        }
        let r = regex_java::compile(pattern, self.limits.regex_bytes).map(Rc::new);
        if self.regexes.len() < 1000 {
            self.regexes.insert(Rc::from(pattern), r.clone());
        }
        r
    }
}

/// Most vectors kept for method arguments: one for each level of calls nested in arguments.
const ARG_POOL: usize = 8;

/// The longest property chain read in place (each part is a frame of `walk_maps`).
const IN_PLACE_PARTS: usize = 8;

/// The value of a variable: a macro's parameter (in the innermost call's `frames`), else one
/// of the `globals`.
#[inline]
fn variable<'v>(
    frames: &'v [Vars],
    globals: &'v Vars,
    name: &str,
    slot: &Slot,
) -> Option<&'v Value> {
    if let Some(f) = frames.last()
        && let Some(v) = f.get(name, slot)
    {
        return Some(v);
    }
    globals.get(name, slot)
}

/// Applies `parts[at..]` to `v` while each is a property of a map, or the last a property of
/// `$foreach`, keeping the maps borrowed: `f` of the value at the end and of how many parts
/// were applied, or `None` at anything else.
fn walk_maps<T>(
    v: &Value,
    parts: &[Part],
    at: usize,
    f: impl FnOnce(&Value, usize) -> T,
) -> Option<T> {
    let Some(part) = parts.get(at) else {
        return Some(f(v, at));
    };
    match (v, part) {
        // `reference` stops at a null without applying the rest
        (Value::Null, _) => Some(f(v, at)),
        (Value::Map(m), Part::Property(name, _, hint)) => {
            let m = m.borrow();
            match m.get_hinted(name, &hint.0) {
                // the last part, the most common case, without another call
                Some(child) if at + 1 == parts.len() => Some(f(child, at + 1)),
                Some(child) => walk_maps(child, parts, at + 1, f),
                None => Some(f(&Value::Null, at + 1)),
            }
        }
        (Value::List(items, _), Part::Index(Expr::Int(i, _), _)) => {
            let items = items.borrow();
            // out of bounds (an error) and negative indexes take the general path
            let child = items.get(usize::try_from(*i).ok()?)?;
            if at + 1 == parts.len() {
                Some(f(child, at + 1))
            } else {
                walk_maps(child, parts, at + 1, f)
            }
        }
        (Value::Loop(info), Part::Property(name, ..)) if at + 1 == parts.len() => {
            let v = super::methods::loop_property(info, name)?;
            Some(f(&v, at + 1))
        }
        _ => None,
    }
}

/// `x op y` of two integers where no rule but the arithmetic applies: `None` for `/` and `%`
/// (division by zero warns), `&&`, `||` and an overflow (which widens to a BigInteger).
fn int_operation(op: BinOp, x: i64, y: i64) -> Option<Value> {
    match op {
        BinOp::Eq => Some(Value::Bool(x == y)),
        BinOp::Ne => Some(Value::Bool(x != y)),
        BinOp::Lt => Some(Value::Bool(x < y)),
        BinOp::Le => Some(Value::Bool(x <= y)),
        BinOp::Gt => Some(Value::Bool(x > y)),
        BinOp::Ge => Some(Value::Bool(x >= y)),
        BinOp::Add => x.checked_add(y).map(Value::Int),
        BinOp::Sub => x.checked_sub(y).map(Value::Int),
        BinOp::Mul => x.checked_mul(y).map(Value::Int),
        _ => None,
    }
}

/// Velocity's `==`: numbers by value; values of different classes by their `toString()`; and,
/// as API Gateway shows, null equals both null and the empty string.
pub(crate) fn java_equals(a: &Value, b: &Value) -> bool {
    // Collections that contain each other would recurse forever (Java throws
    // StackOverflowError); here the comparison gives up, as false, after 200 levels or 100,000
    // comparisons.
    let mut budget = 100_000usize;
    equals_within(a, b, 0, &mut budget)
}

fn equals_within(a: &Value, b: &Value, depth: usize, budget: &mut usize) -> bool {
    if depth > 200 || *budget == 0 {
        return false;
    }
    *budget -= 1;
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Null, Value::Str(s)) | (Value::Str(s), Value::Null) => s.is_empty(),
        (Value::Null, _) | (_, Value::Null) => false,
        _ => {
            if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
                return compare_numbers(x, y) == Some(std::cmp::Ordering::Equal);
            }
            match (a, b) {
                (Value::Str(x), Value::Str(y)) => x == y,
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::List(x, _), Value::List(y, _)) => {
                    Rc::ptr_eq(x, y) || {
                        let (x, y) = (x.borrow(), y.borrow());
                        x.len() == y.len()
                            && x.iter()
                                .zip(y.iter())
                                .all(|(p, q)| equals_within(p, q, depth + 1, budget))
                    }
                }
                (Value::Map(x), Value::Map(y)) => {
                    Rc::ptr_eq(x, y) || {
                        let (x, y) = (x.borrow(), y.borrow());
                        x.len() == y.len()
                            && x.iter().all(|(k, v)| {
                                y.get(k)
                                    .is_some_and(|w| equals_within(v, w, depth + 1, budget))
                            })
                    }
                }
                _ => a.to_display() == b.to_display(),
            }
        }
    }
}

fn compare_numbers(x: Number, y: Number) -> Option<std::cmp::Ordering> {
    match (x, y) {
        (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
        _ => x.as_f64().partial_cmp(&y.as_f64()),
    }
}

/// A value for a message: `null`, `the String "abc"`, `a Map`.
pub(crate) fn describe_value(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Str(s) if s.chars().count() <= 20 => format!("the String \"{s}\""),
        Value::Str(_) => "a String".into(),
        Value::Int(i) => format!("the number {i}"),
        Value::Float(_) | Value::BigInt(_) => format!("the number {}", v.to_display()),
        Value::Bool(b) => format!("the Boolean {b}"),
        other => format!("a {}", other.type_name()),
    }
}
