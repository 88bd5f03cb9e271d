//! Evaluation of a [`PathExpr`] over template values, as Jayway's path tokens evaluate.
//!
//! Steps are applied breadth-first with two reused buffers (same order as Jayway's depth-first
//! token chain, without recursion on the number of steps); a deep scan walks with an explicit
//! stack. Every visited node spends from a budget, so shared or cyclic values (which templates
//! can build) cannot make a read run away.

use super::parser::{
    Expr, FilterPath, Func, Matcher, Op, Operand, PathExpr, Root, Selector, Slice, Step,
};
use crate::engine::value::{ListKind, Value, ValueMap};
use std::cmp::Ordering;
use std::rc::Rc;

/// Nodes one read may visit before it gives up.
pub(super) const MAX_VISITS: usize = 4_000_000;
/// A deep scan goes no deeper than this (JSON input is at most 512 deep).
const MAX_SCAN_DEPTH: usize = 1024;
/// Comparing nested lists and maps goes no deeper than this.
const MAX_EQ_DEPTH: usize = 512;

/// Why evaluation stopped.
pub(super) enum Stop {
    /// What Jayway reports with an exception (an aggregation over no numbers, `first()` of
    /// nothing): the read gives nothing.
    Failed,
    /// The visit budget ran out: the whole read gives nothing.
    Budget,
}

type R<T> = Result<T, Stop>;

/// The state of one read.
pub(super) struct Ctx<'a> {
    root: &'a Value,
    /// Values of the `$` paths inside filters, computed once per read.
    cache: Vec<Option<Option<Value>>>,
    budget: usize,
    /// Spare stacks for deep scans.
    stacks: Vec<Vec<(Value, usize)>>,
}

impl<'a> Ctx<'a> {
    pub fn new(root: &'a Value, slots: usize) -> Ctx<'a> {
        Ctx {
            root,
            cache: vec![None; slots],
            budget: MAX_VISITS,
            stacks: Vec::new(),
        }
    }

    fn spend(&mut self) -> R<()> {
        match self.budget.checked_sub(1) {
            Some(b) => {
                self.budget = b;
                Ok(())
            }
            None => Err(Stop::Budget),
        }
    }

    fn exhausted(&self) -> R<()> {
        if self.budget == 0 {
            Err(Stop::Budget)
        } else {
            Ok(())
        }
    }
}

fn json_list(items: Vec<Value>) -> Value {
    Value::list(items, ListKind::Json)
}

impl PathExpr {
    /// Reads this path with `item` as `@`. A failure ([`Stop::Failed`]) gives `None` for a
    /// definite path and an empty list otherwise, as Jayway with `SUPPRESS_EXCEPTIONS`;
    /// [`Stop::Budget`] goes up.
    pub(super) fn read_in(&self, item: &Value, ctx: &mut Ctx) -> R<Option<Value>> {
        let start = match self.root {
            Root::Doc => ctx.root.clone(),
            Root::Current => item.clone(),
        };
        let result = if let Some(f) = self.inverted {
            eval_steps(&self.steps, start.clone(), ctx)
                .and_then(|matches| apply_inverted(f, &start, matches))
                .map(Some)
        } else if self.definite {
            eval_definite(&self.steps, start, ctx)
        } else {
            eval_steps(&self.steps, start, ctx).map(|v| Some(json_list(v)))
        };
        match result {
            Err(Stop::Failed) if self.definite => Ok(None),
            Err(Stop::Failed) => Ok(Some(json_list(Vec::new()))),
            other => other,
        }
    }
}

/// A definite path: one value walked down, no buffers.
fn eval_definite(steps: &[Step], start: Value, ctx: &mut Ctx) -> R<Option<Value>> {
    let mut cur = start;
    for step in steps {
        ctx.spend()?;
        let next = match step {
            Step::Child(Selector::Name(k)) => map_get(&cur, k),
            Step::Child(Selector::Index(i)) => list_get(&cur, *i),
            Step::Child(Selector::Names(ks)) => merge(&cur, ks, false),
            Step::Func(f) => Some(apply_func(*f, &cur)?),
            _ => None, // not in a definite path
        };
        match next {
            Some(v) => cur = v,
            None => return Ok(None),
        }
    }
    Ok(Some(cur))
}

/// Any path: every step maps each current value to its matches, in order.
fn eval_steps(steps: &[Step], start: Value, ctx: &mut Ctx) -> R<Vec<Value>> {
    let mut cur = vec![start];
    let mut next = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let leaf = i + 1 == steps.len();
        for node in &cur {
            apply_step(step, leaf, node, &mut next, ctx)?;
        }
        cur.clear();
        std::mem::swap(&mut cur, &mut next);
        if cur.is_empty() {
            break;
        }
    }
    Ok(cur)
}

fn push(out: &mut Vec<Value>, v: Value, ctx: &mut Ctx) -> R<()> {
    ctx.spend()?;
    out.push(v);
    Ok(())
}

fn apply_step(step: &Step, leaf: bool, node: &Value, out: &mut Vec<Value>, ctx: &mut Ctx) -> R<()> {
    match step {
        Step::Child(sel) => apply_selector(sel, leaf, node, out, ctx),
        Step::Scan(sel) => scan(sel, leaf, node, out, ctx),
        Step::Func(f) => {
            let v = apply_func(*f, node)?;
            push(out, v, ctx)
        }
    }
}

/// One selector on one value; what does not apply (a name on a list, an index out of range)
/// selects nothing.
fn apply_selector(
    sel: &Selector,
    leaf: bool,
    node: &Value,
    out: &mut Vec<Value>,
    ctx: &mut Ctx,
) -> R<()> {
    match sel {
        Selector::Name(k) => {
            if let Some(v) = map_get(node, k) {
                push(out, v, ctx)?;
            }
        }
        Selector::Names(ks) => {
            if leaf {
                if let Some(m) = merge(node, ks, false) {
                    push(out, m, ctx)?;
                }
            } else {
                for k in ks {
                    if let Some(v) = map_get(node, k) {
                        push(out, v, ctx)?;
                    }
                }
            }
        }
        Selector::Index(i) => {
            if let Some(v) = list_get(node, *i) {
                push(out, v, ctx)?;
            }
        }
        Selector::Indexes(is) => {
            for i in is {
                if let Some(v) = list_get(node, *i) {
                    push(out, v, ctx)?;
                }
            }
        }
        Selector::Slice(s) => {
            if let Value::List(l, _) = node
                && let Ok(items) = l.try_borrow()
            {
                let len = len_i64(items.len());
                let (from, to) = slice_bounds(*s, len);
                for i in from..to {
                    // Jayway reads a negative index from the end, even inside a slice
                    let idx = if i < 0 { len + i } else { i };
                    if let Some(v) = usize::try_from(idx).ok().and_then(|i| items.get(i)) {
                        push(out, v.clone(), ctx)?;
                    }
                }
            }
        }
        Selector::Wildcard => push_children(node, out, ctx)?,
        Selector::Filter(e) => match node {
            // Jayway applies a filter on a map to the map itself
            Value::Map(_) if test(e, node, ctx)? => push(out, node.clone(), ctx)?,
            Value::List(l, _) => {
                if let Ok(items) = l.try_borrow() {
                    for item in items.iter() {
                        if test(e, item, ctx)? {
                            push(out, item.clone(), ctx)?;
                        }
                    }
                }
            }
            _ => {}
        },
    }
    Ok(())
}

/// The index range Jayway's `ArraySliceToken` walks (before negative indexes are read from
/// the end), clamped so that it never walks more than twice the length.
fn slice_bounds(s: Slice, len: i64) -> (i64, i64) {
    if len == 0 {
        return (0, 0);
    }
    match s {
        Slice::From(from) => {
            let from = if from < 0 { len + from } else { from };
            (from.max(0), len)
        }
        Slice::To(to) => {
            let to = if to < 0 { len + to } else { to };
            (0, to.min(len))
        }
        // not normalized, as in Jayway: `[-2:1]` walks -2, -1, 0 and `[1:-1]` walks nothing
        Slice::Between(from, to) => (from.max(-len), to.min(len)),
    }
}

/// Map values or list items, in order.
fn push_children(node: &Value, out: &mut Vec<Value>, ctx: &mut Ctx) -> R<()> {
    match node {
        Value::Map(m) => {
            if let Ok(m) = m.try_borrow() {
                for v in m.values() {
                    push(out, v.clone(), ctx)?;
                }
            }
        }
        Value::List(l, _) => {
            if let Ok(items) = l.try_borrow() {
                for v in items.iter() {
                    push(out, v.clone(), ctx)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// `..sel`: Jayway's `ScanPathToken.walk`: every map and list, the node itself first then its
/// children depth-first, gets `sel` applied where its predicate matches.
fn scan(sel: &Selector, leaf: bool, node: &Value, out: &mut Vec<Value>, ctx: &mut Ctx) -> R<()> {
    if !is_container(node) {
        return Ok(());
    }
    let mut stack = ctx.stacks.pop().unwrap_or_default();
    let result = walk(sel, leaf, node, out, ctx, &mut stack);
    stack.clear();
    ctx.stacks.push(stack);
    result
}

fn walk(
    sel: &Selector,
    leaf: bool,
    node: &Value,
    out: &mut Vec<Value>,
    ctx: &mut Ctx,
    stack: &mut Vec<(Value, usize)>,
) -> R<()> {
    visit(sel, leaf, node, out, ctx)?;
    stack.push((node.clone(), 0));
    while let Some((container, next)) = stack.last_mut() {
        let child = child_at(container, *next);
        *next += 1;
        let Some(child) = child else {
            stack.pop();
            continue;
        };
        ctx.spend()?;
        if !is_container(&child)
            || stack.len() >= MAX_SCAN_DEPTH
            || stack.iter().any(|(c, _)| same_container(c, &child))
        {
            continue;
        }
        visit(sel, leaf, &child, out, ctx)?;
        stack.push((child, 0));
    }
    Ok(())
}

/// One container of a deep scan: Jayway's scan predicates, then the selector. A list whose
/// predicate matches hands its items to the following step when the selector is not the last
/// step (`walkArray` skips the selector there: `$..[0].a` reads `a` of every item).
fn visit(sel: &Selector, leaf: bool, node: &Value, out: &mut Vec<Value>, ctx: &mut Ctx) -> R<()> {
    match node {
        Value::Map(_) => match sel {
            Selector::Name(_) | Selector::Wildcard => apply_selector(sel, leaf, node, out, ctx)?,
            // merged only where all the names are present
            Selector::Names(ks) if leaf => {
                if let Some(m) = merge(node, ks, true) {
                    push(out, m, ctx)?;
                }
            }
            Selector::Names(_) => apply_selector(sel, leaf, node, out, ctx)?,
            Selector::Filter(e) => {
                if test(e, node, ctx)? {
                    push(out, node.clone(), ctx)?;
                }
            }
            Selector::Index(_) | Selector::Indexes(_) | Selector::Slice(_) => {}
        },
        Value::List(..) => {
            let matches = match sel {
                Selector::Name(_) | Selector::Names(_) => false,
                Selector::Index(_)
                | Selector::Indexes(_)
                | Selector::Slice(_)
                | Selector::Wildcard => true,
                Selector::Filter(e) => test(e, node, ctx)?,
            };
            if matches {
                if leaf {
                    apply_selector(sel, leaf, node, out, ctx)?;
                } else {
                    push_children(node, out, ctx)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn is_container(v: &Value) -> bool {
    matches!(v, Value::Map(_) | Value::List(..))
}

fn same_container(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Map(a), Value::Map(b)) => Rc::ptr_eq(a, b),
        (Value::List(a, _), Value::List(b, _)) => Rc::ptr_eq(a, b),
        _ => false,
    }
}

fn child_at(container: &Value, i: usize) -> Option<Value> {
    match container {
        Value::Map(m) => m.try_borrow().ok()?.get_index(i).map(|(_, v)| v.clone()),
        Value::List(l, _) => l.try_borrow().ok()?.get(i).cloned(),
        _ => None,
    }
}

fn map_get(v: &Value, k: &str) -> Option<Value> {
    match v {
        Value::Map(m) => m.try_borrow().ok()?.get(k).cloned(),
        _ => None,
    }
}

fn len_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Item `i` of a list, negative from the end.
fn list_get(v: &Value, i: i64) -> Option<Value> {
    let Value::List(l, _) = v else { return None };
    let items = l.try_borrow().ok()?;
    let idx = if i < 0 { len_i64(items.len()) + i } else { i };
    items.get(usize::try_from(idx).ok()?).cloned()
}

/// A new map of those of `keys` that `v` has, in the order of `keys`; with `all`, only when
/// it has all of them.
fn merge(v: &Value, keys: &[Rc<str>], all: bool) -> Option<Value> {
    let Value::Map(m) = v else { return None };
    let m = m.try_borrow().ok()?;
    let mut merged = ValueMap::with_capacity(keys.len());
    for k in keys {
        match m.get(k) {
            Some(v) => {
                merged.insert(k.clone(), v.clone());
            }
            None if all => return None,
            None => {}
        }
    }
    Some(Value::map(merged))
}

// ---- functions ----

/// A function on one value. Jayway's `length()` gives null for what has no length, and its
/// aggregations fail ([`Stop::Failed`]) when there is no number.
fn apply_func(f: Func, v: &Value) -> R<Value> {
    match f {
        Func::Length => Ok(match v {
            Value::List(l, _) => l
                .try_borrow()
                .map_or(Value::Null, |l| Value::Int(len_i64(l.len()))),
            Value::Map(m) => m
                .try_borrow()
                .map_or(Value::Null, |m| Value::Int(len_i64(m.len()))),
            Value::Str(s) => Value::Int(len_i64(s.encode_utf16().count())),
            _ => Value::Null,
        }),
        Func::Keys => Ok(match v {
            Value::Map(m) => m.try_borrow().map_or(Value::Null, |m| {
                json_list(m.keys().map(|k| Value::Str(k.clone())).collect())
            }),
            _ => Value::Null,
        }),
        Func::First | Func::Last => {
            let Value::List(l, _) = v else {
                return Err(Stop::Failed);
            };
            let items = l.try_borrow().map_err(|_| Stop::Failed)?;
            let item = if f == Func::First {
                items.first()
            } else {
                items.last()
            };
            item.cloned().ok_or(Stop::Failed)
        }
        _ => {
            let Value::List(l, _) = v else {
                return Err(Stop::Failed);
            };
            let items = l.try_borrow().map_err(|_| Stop::Failed)?;
            aggregate(f, items.iter())
        }
    }
}

/// `$..x.fn()`, which Jayway runs as `fn($..x)` on the document.
fn apply_inverted(f: Func, start: &Value, matches: Vec<Value>) -> R<Value> {
    match f {
        // the steps end with `*`: one match per child
        Func::Length => Ok(Value::Int(len_i64(matches.len()))),
        Func::Keys | Func::First | Func::Last => apply_func(f, &json_list(matches)),
        _ => {
            // Jayway's aggregation also takes the numbers of its model, here the document
            let root_items = match start {
                Value::List(l, _) => l.try_borrow().ok(),
                _ => None,
            };
            let root_items = root_items.as_deref().map_or(&[][..], Vec::as_slice);
            aggregate(f, root_items.iter().chain(matches.iter()))
        }
    }
}

/// min, max, avg, sum, stddev of the numbers among `values`, as a double.
fn aggregate<'v>(f: Func, values: impl Iterator<Item = &'v Value>) -> R<Value> {
    let (mut count, mut sum, mut sum_sq) = (0usize, 0.0f64, 0.0f64);
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        let Some(n) = v.as_number() else { continue };
        let x = n.as_f64();
        count += 1;
        sum += x;
        sum_sq += x * x;
        min = min.min(x);
        max = max.max(x);
    }
    if count == 0 {
        return Err(Stop::Failed);
    }
    let n = count as f64;
    Ok(Value::Float(match f {
        Func::Min => min,
        Func::Max => max,
        Func::Avg => sum / n,
        Func::StdDev => (sum_sq / n - sum * sum / n / n).sqrt(),
        _ => sum,
    }))
}

// ---- filters ----

/// Whether `item` passes the filter condition `e`.
fn test(e: &Expr, item: &Value, ctx: &mut Ctx) -> R<bool> {
    ctx.spend()?;
    match e {
        Expr::Or(terms) => {
            for t in terms {
                if test(t, item, ctx)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Expr::And(terms) => {
            for t in terms {
                if !test(t, item, ctx)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Expr::Not(e) => Ok(!test(e, item, ctx)?),
        Expr::Exists(p) => {
            let v = path_value(p, item, ctx)?;
            Ok(match v {
                None => false,
                // an indefinite path exists when it matches something
                Some(Value::List(l, _)) if !p.path.definite => {
                    l.try_borrow().is_ok_and(|l| !l.is_empty())
                }
                Some(_) => true,
            })
        }
        Expr::Compare(l, op, r) => {
            let a = operand_value(l, item, ctx)?;
            let b = operand_value(r, item, ctx)?;
            compare(*op, a.as_ref(), b.as_ref(), ctx)
        }
        Expr::Match(o, m) => {
            let v = operand_value(o, item, ctx)?;
            Ok(v.is_some_and(|v| regex_matches(m, &v)))
        }
    }
}

fn operand_value(o: &Operand, item: &Value, ctx: &mut Ctx) -> R<Option<Value>> {
    match o {
        Operand::Literal(v) => Ok(Some(v.clone())),
        Operand::Path(p) => path_value(p, item, ctx),
    }
}

/// A filter path's value (`None`: missing), a `$` path from the cache.
fn path_value(p: &FilterPath, item: &Value, ctx: &mut Ctx) -> R<Option<Value>> {
    if let Some(slot) = p.slot
        && let Some(Some(v)) = ctx.cache.get(slot)
    {
        return Ok(v.clone());
    }
    let v = p.path.read_in(item, ctx)?;
    ctx.exhausted()?;
    if let Some(slot) = p.slot
        && let Some(c) = ctx.cache.get_mut(slot)
    {
        *c = Some(v.clone());
    }
    Ok(v)
}

/// `a op b`; `None` is a missing value, which equals nothing.
fn compare(op: Op, a: Option<&Value>, b: Option<&Value>, ctx: &mut Ctx) -> R<bool> {
    Ok(match op {
        Op::Eq => eq_opt(a, b, ctx)?,
        // Jayway: `!=` is `!(==)`, so a missing value is `!=` to anything
        Op::Ne => !eq_opt(a, b, ctx)?,
        Op::Lt | Op::Le | Op::Gt | Op::Ge => {
            let Some(ord) = a.zip(b).and_then(|(a, b)| order(a, b)) else {
                return Ok(false);
            };
            match op {
                Op::Lt => ord == Ordering::Less,
                Op::Le => ord != Ordering::Greater,
                Op::Gt => ord == Ordering::Greater,
                _ => ord != Ordering::Less,
            }
        }
        Op::In | Op::Nin => {
            let Some(right) = as_list(b) else {
                return Ok(false);
            };
            let found = contains(&right, a, ctx)?;
            found == (op == Op::In)
        }
        Op::SubsetOf | Op::AnyOf | Op::NoneOf => {
            let (Some(left), Some(right)) = (as_list(a), as_list(b)) else {
                return Ok(false);
            };
            let mut any = false;
            let mut all = true;
            for x in left.iter() {
                if contains(&right, Some(x), ctx)? {
                    any = true;
                } else {
                    all = false;
                }
            }
            match op {
                Op::SubsetOf => all,
                Op::AnyOf => any,
                _ => !any,
            }
        }
        Op::Contains => match (a, b) {
            (Some(Value::Str(s)), Some(Value::Str(t))) => s.contains(&**t),
            (Some(Value::List(..)), _) => match as_list(a) {
                Some(items) => contains(&items, b, ctx)?,
                None => false,
            },
            _ => false,
        },
        Op::Size => {
            let want = match b.and_then(Value::as_number) {
                // Java's `Number.intValue()`
                Some(n) => n.as_f64() as i64,
                None => return Ok(false),
            };
            size_of(a) == Some(want)
        }
        Op::Empty => match (size_of(a), b) {
            (Some(n), Some(Value::Bool(want))) => (n == 0) == *want,
            _ => false,
        },
    })
}

/// The items of a list.
fn as_list(v: Option<&Value>) -> Option<std::cell::Ref<'_, Vec<Value>>> {
    match v {
        Some(Value::List(l, _)) => l.try_borrow().ok(),
        _ => None,
    }
}

/// Length of a string (UTF-16 units, as Java counts), list or map.
fn size_of(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Str(s) => Some(len_i64(s.encode_utf16().count())),
        Value::List(l, _) => l.try_borrow().ok().map(|l| len_i64(l.len())),
        Value::Map(m) => m.try_borrow().ok().map(|m| len_i64(m.len())),
        _ => None,
    }
}

fn contains(items: &[Value], x: Option<&Value>, ctx: &mut Ctx) -> R<bool> {
    let Some(x) = x else { return Ok(false) };
    for y in items {
        if eq(x, y, 0, ctx)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn eq_opt(a: Option<&Value>, b: Option<&Value>, ctx: &mut Ctx) -> R<bool> {
    match (a, b) {
        (Some(a), Some(b)) => eq(a, b, 0, ctx),
        _ => Ok(false),
    }
}

/// Equality: numbers numerically, strings, booleans, nulls, and lists and maps deeply (maps
/// regardless of key order, as Java's `Map.equals`); other pairs differ.
fn eq(a: &Value, b: &Value, depth: usize, ctx: &mut Ctx) -> R<bool> {
    ctx.spend()?;
    if depth > MAX_EQ_DEPTH {
        return Ok(false);
    }
    Ok(match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::List(x, _), Value::List(y, _)) => {
            if Rc::ptr_eq(x, y) {
                return Ok(true);
            }
            let (Ok(x), Ok(y)) = (x.try_borrow(), y.try_borrow()) else {
                return Ok(false);
            };
            if x.len() != y.len() {
                return Ok(false);
            }
            for (p, q) in x.iter().zip(y.iter()) {
                if !eq(p, q, depth + 1, ctx)? {
                    return Ok(false);
                }
            }
            true
        }
        (Value::Map(x), Value::Map(y)) => {
            if Rc::ptr_eq(x, y) {
                return Ok(true);
            }
            let (Ok(x), Ok(y)) = (x.try_borrow(), y.try_borrow()) else {
                return Ok(false);
            };
            if x.len() != y.len() {
                return Ok(false);
            }
            for (k, p) in x.iter() {
                match y.get(k) {
                    Some(q) if eq(p, q, depth + 1, ctx)? => {}
                    _ => return Ok(false),
                }
            }
            true
        }
        _ => match (a.as_number(), b.as_number()) {
            (Some(x), Some(y)) => num_cmp(x, y) == Some(Ordering::Equal),
            _ => false,
        },
    })
}

/// Order of two numbers or two strings (strings by UTF-16 units, as Java's `compareTo`).
fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => Some(x.encode_utf16().cmp(y.encode_utf16())),
        _ => num_cmp(a.as_number()?, b.as_number()?),
    }
}

fn num_cmp(a: crate::engine::value::Number, b: crate::engine::value::Number) -> Option<Ordering> {
    use crate::engine::value::Number;
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => Some(x.cmp(&y)),
        _ => a.as_f64().partial_cmp(&b.as_f64()),
    }
}

/// `=~`: a string, number or boolean as its text; a list when any item matches.
fn regex_matches(m: &Matcher, v: &Value) -> bool {
    match v {
        Value::Str(s) => m.is_match(s),
        Value::Int(_) | Value::Float(_) | Value::BigInt(_) | Value::Bool(_) => {
            m.is_match(&v.to_display())
        }
        Value::List(l, _) => l.try_borrow().is_ok_and(|items| {
            items.iter().any(|item| match item {
                Value::List(..) | Value::Map(_) => false,
                _ => regex_matches(m, item),
            })
        }),
        _ => false,
    }
}
