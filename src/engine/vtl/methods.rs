//! The Java methods and properties templates call: `String`, `List`, `Map`, numbers, and the
//! built-ins `$input`, `$util` and `$foreach`.
//!
//! Velocity's rules: a method that does not exist (or does not take these arguments) gives null
//! and the template goes on, so here it is a warning; a method that throws (an index out of
//! range, JSON that does not parse) fails the whole template, so here it is an error. String
//! indexes count UTF-16 code units, as Java does.

use crate::engine::case;
use crate::engine::diag::{Diagnostic, Kind};
use crate::engine::json;
use crate::engine::regex_java::{Anchor, RegexError, RegexErrorKind};
use crate::engine::span::Span;
use crate::engine::text;
use crate::engine::value::{Builtin, ListKind, LoopInfo, Value, ValueMap};
use crate::engine::vtl::ast::KeyHint;
use crate::engine::vtl::builtins::{self, string_list};
use crate::engine::vtl::eval::{R, Renderer, describe_value, java_equals};
use std::rc::Rc;

/// Methods of `$util` in API Gateway.
const UTIL_METHODS: &str =
    "escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode";

impl<'a> Renderer<'a> {
    /// `$v.name` without parentheses; `hint` is where the last map read had `name`.
    pub(crate) fn property(&mut self, v: &Value, name: &str, span: Span, hint: &KeyHint) -> Value {
        match v {
            Value::Map(m) => m
                .borrow()
                .get_hinted(name, &hint.0)
                .cloned()
                .unwrap_or_default(),
            Value::Null => Value::Null,
            Value::Builtin(Builtin::Input) => match name {
                "body" => self.env.body_value(),
                "params" => builtins::params_value(&self.env.params),
                "json" | "path" => {
                    self.warn(
                        Kind::UnknownMethod,
                        format!("`$input.{name}` is a method: call it with a JSONPath"),
                        span,
                        Some(format!("write `$input.{name}('$.field')`")),
                    );
                    Value::Null
                }
                _ => {
                    self.warn(
                        Kind::UnknownMethod,
                        format!("`$input` has no property `{name}`: gives null"),
                        span,
                        Some(format!(
                            "`$input` has `body`, `json(path)`, `path(path)`, `params()` and `params(name)`; for a field of the body write `$input.path('$.{name}')`"
                        )),
                    );
                    Value::Null
                }
            },
            Value::Loop(info) => loop_property(info, name).unwrap_or_else(|| {
                self.warn(
                    Kind::UnknownMethod,
                    format!("`$foreach` has no property `{name}`: gives null"),
                    span,
                    Some(
                        "`$foreach` has `index`, `count`, `hasNext`, `first`, `last` and `parent`"
                            .into(),
                    ),
                );
                Value::Null
            }),
            Value::Str(s) if name == "empty" => Value::Bool(s.is_empty()),
            Value::List(items, _) if name == "empty" => Value::Bool(items.borrow().is_empty()),
            other => {
                let t = other.type_name();
                let hint = match other {
                    Value::Str(_) => Some(format!(
                        "a String has no fields; if it holds JSON, read the field with `$input.path('$.{name}')` or parse it with `$util.parseJson(…)`"
                    )),
                    Value::List(..) if name == "size" || name == "length" => {
                        Some("call it: `.size()`".into())
                    }
                    _ => None,
                };
                self.warn(
                    Kind::UnknownMethod,
                    format!("a {t} has no property `{name}`: gives null"),
                    span,
                    hint,
                );
                Value::Null
            }
        }
    }

    /// `$v.name(args)`.
    pub(crate) fn call(
        &mut self,
        v: &Value,
        name: &str,
        args: &mut Vec<Value>,
        span: Span,
    ) -> R<Value> {
        let result = self.dispatch(v, name, args, span)?;
        // whatever a method built or grew stays within the limits
        if let Value::Str(s) = &result {
            self.check_string(s.len(), span)?;
        }
        match v {
            Value::List(items, _) => self.check_items(items.borrow().len(), span)?,
            Value::Map(m) => self.check_items(m.borrow().len(), span)?,
            _ => {}
        }
        Ok(result)
    }

    fn dispatch(&mut self, v: &Value, name: &str, args: &mut Vec<Value>, span: Span) -> R<Value> {
        // putting a list or map into a list or map is how a reference cycle is made
        if matches!(v, Value::List(..) | Value::Map(_))
            && matches!(name, "add" | "addAll" | "set" | "put" | "putAll")
        {
            for a in args.iter() {
                self.linked(a);
            }
        }
        // methods every object has
        match (name, args.len()) {
            ("toString", 0) if !matches!(v, Value::Builtin(_)) => {
                return Ok(Value::Str(Rc::from(v.to_display())));
            }
            ("equals", 1) if !matches!(v, Value::Str(_) | Value::Builtin(_)) => {
                return Ok(Value::Bool(java_equals(v, &args[0])));
            }
            _ => {}
        }
        match v {
            Value::Null => Ok(Value::Null),
            Value::Str(s) => self.string_method(s, name, args, span),
            Value::List(items, kind) => self.list_method(items, *kind, name, args, span),
            Value::Map(m) => self.map_method(m, name, args, span),
            Value::Builtin(Builtin::Input) => self.input_method(name, args, span),
            Value::Builtin(Builtin::Util) => self.util_method(name, args, span),
            Value::Loop(info) => match (name, args.len()) {
                ("hasNext", 0) => Ok(Value::Bool(info.has_next.get())),
                ("getIndex", 0) => Ok(Value::Int(info.index.get() as i64)),
                ("getCount", 0) => Ok(Value::Int(info.index.get() as i64 + 1)),
                ("isFirst", 0) => Ok(Value::Bool(info.index.get() == 0)),
                ("isLast", 0) => Ok(Value::Bool(!info.has_next.get())),
                _ => self.unknown(v, name, args.len(), span, None),
            },
            Value::Int(_) | Value::Float(_) | Value::BigInt(_) => {
                self.number_method(v, name, args, span)
            }
            Value::Bool(b) => match (name, args.len()) {
                ("booleanValue", 0) => Ok(Value::Bool(*b)),
                _ => self.unknown(v, name, args.len(), span, None),
            },
        }
    }

    fn unknown(
        &mut self,
        v: &Value,
        name: &str,
        argc: usize,
        span: Span,
        hint: Option<String>,
    ) -> R<Value> {
        let t = v.type_name();
        let what = if argc == 0 {
            format!("`{name}()`")
        } else {
            format!("`{name}` with {argc} argument(s)")
        };
        self.warn(
            Kind::UnknownMethod,
            format!("a {t} has no method {what}: gives null"),
            span,
            hint,
        );
        Ok(Value::Null)
    }

    fn throw(&self, span: Span, method: &str, message: String) -> Box<Diagnostic> {
        self.fail(Kind::Runtime, format!("`{method}` failed: {message}"), span)
    }

    fn regex_error(&self, e: RegexError, span: Span) -> Box<Diagnostic> {
        let kind = match e.kind {
            RegexErrorKind::Unsupported => Kind::RegexUnsupported,
            RegexErrorKind::TooBig => Kind::Limit,
            RegexErrorKind::Syntax => Kind::Regex,
        };
        let mut d = Diagnostic::error(kind, format!("regular expression: {}", e.message))
            .at(self.place(span));
        if let Some(h) = e.hint {
            d = d.hint(h);
        }
        Box::new(d)
    }

    // ----- String -----

    fn string_method(&mut self, s: &Rc<str>, name: &str, args: &[Value], span: Span) -> R<Value> {
        let str_arg = |i: usize| match args.get(i) {
            Some(Value::Str(a)) => Some(a.clone()),
            _ => None,
        };
        let int_arg = |i: usize| match args.get(i) {
            Some(Value::Int(n)) => Some(*n),
            _ => None,
        };
        let v = Value::Str(s.clone());
        Ok(match (name, args.len()) {
            ("length", 0) => Value::Int(self.utf16_len(s) as i64),
            ("isEmpty", 0) => Value::Bool(s.is_empty()),
            ("trim", 0) => Value::str(s.trim_matches(|c: char| c <= ' ')),
            ("toUpperCase", 0) => Value::Str(Rc::from(case::to_upper(s))),
            ("toLowerCase", 0) => Value::Str(Rc::from(case::to_lower(s))),
            ("equals", 1) => Value::Bool(matches!(&args[0], Value::Str(o) if o == s)),
            ("hashCode", 0) => Value::Int(java_hash(s) as i64),
            ("equalsIgnoreCase", 1) => match &args[0] {
                Value::Str(o) => Value::Bool(
                    o.chars().count() == s.chars().count()
                        && o.chars()
                            .zip(s.chars())
                            .all(|(a, b)| case::chars_equal_ignoring_case(a, b)),
                ),
                _ => Value::Bool(false),
            },
            ("contains", 1) => match &args[0] {
                Value::Null => {
                    return Err(self.throw(
                        span,
                        "contains",
                        "the argument is null (NullPointerException)".into(),
                    ));
                }
                a => Value::Bool(s.contains(a.to_display().as_str())),
            },
            ("startsWith", 1) => match str_arg(0) {
                Some(p) => Value::Bool(s.starts_with(&*p)),
                None => {
                    return self.unknown(
                        &v,
                        name,
                        1,
                        span,
                        Some("the argument must be a String".into()),
                    );
                }
            },
            ("startsWith", 2) => match (str_arg(0), int_arg(1)) {
                (Some(p), Some(off)) => Value::Bool(
                    off >= 0
                        && utf16_to_byte(s, off as usize).is_some_and(|b| s[b..].starts_with(&*p)),
                ),
                _ => return self.unknown(&v, name, 2, span, None),
            },
            ("endsWith", 1) => match str_arg(0) {
                Some(p) => Value::Bool(s.ends_with(&*p)),
                None => {
                    return self.unknown(
                        &v,
                        name,
                        1,
                        span,
                        Some("the argument must be a String".into()),
                    );
                }
            },
            ("concat", 1) => match str_arg(0) {
                Some(p) => {
                    self.check_string(s.len() + p.len(), span)?;
                    Value::Str(Rc::from(format!("{s}{p}")))
                }
                None => {
                    return self.unknown(
                        &v,
                        name,
                        1,
                        span,
                        Some("the argument must be a String".into()),
                    );
                }
            },
            ("compareTo", 1) | ("compareToIgnoreCase", 1) => match str_arg(0) {
                Some(o) => {
                    let (a, b) = if name == "compareTo" {
                        (s.to_string(), o.to_string())
                    } else {
                        (case::to_lower(s), case::to_lower(&o))
                    };
                    Value::Int(java_compare(&a, &b))
                }
                None => return self.unknown(&v, name, 1, span, None),
            },
            ("charAt", 1) => match int_arg(0) {
                Some(i) => match char_at(s, i) {
                    Some(c) => Value::Str(Rc::from(c)),
                    None => {
                        return Err(self.throw(
                            span,
                            "charAt",
                            format!("index {i} is out of range for length {} (StringIndexOutOfBoundsException)", utf16_len(s)),
                        ));
                    }
                },
                None => {
                    return self.unknown(
                        &v,
                        name,
                        1,
                        span,
                        Some("the index must be an integer".into()),
                    );
                }
            },
            ("substring", 1 | 2) => {
                let len = utf16_len(s) as i64;
                let (Some(b), e) = (
                    int_arg(0),
                    if args.len() == 2 {
                        int_arg(1)
                    } else {
                        Some(len)
                    },
                ) else {
                    return self.unknown(
                        &v,
                        name,
                        args.len(),
                        span,
                        Some("the indexes must be integers".into()),
                    );
                };
                let Some(e) = e else {
                    return self.unknown(
                        &v,
                        name,
                        args.len(),
                        span,
                        Some("the indexes must be integers".into()),
                    );
                };
                if b < 0 || e > len || b > e {
                    return Err(self.throw(
                        span,
                        "substring",
                        format!(
                            "begin {b}, end {e}, length {len} (StringIndexOutOfBoundsException)"
                        ),
                    ));
                }
                Value::Str(Rc::from(utf16_slice(s, b as usize, e as usize)))
            }
            ("indexOf", 1 | 2) | ("lastIndexOf", 1 | 2) => {
                let needle = args[0].to_display();
                if !matches!(args[0], Value::Str(_)) {
                    return self.unknown(
                        &v,
                        name,
                        args.len(),
                        span,
                        Some("the argument must be a String".into()),
                    );
                }
                let from = if args.len() == 2 {
                    match int_arg(1) {
                        Some(f) => Some(f),
                        None => return self.unknown(&v, name, 2, span, None),
                    }
                } else {
                    None
                };
                Value::Int(if name == "indexOf" {
                    index_of(s, &needle, from.unwrap_or(0))
                } else {
                    last_index_of(s, &needle, from.unwrap_or(i64::MAX))
                })
            }
            ("replace", 2) => match (&args[0], &args[1]) {
                (Value::Null, _) | (_, Value::Null) => {
                    return Err(self.throw(
                        span,
                        "replace",
                        "an argument is null (NullPointerException)".into(),
                    ));
                }
                (a, b) => {
                    let (a, b) = (a.to_display(), b.to_display());
                    let hits = if a.is_empty() {
                        s.chars().count() + 1
                    } else {
                        s.matches(a.as_str()).count()
                    };
                    self.check_string(
                        (s.len() - hits * a.len()).saturating_add(hits.saturating_mul(b.len())),
                        span,
                    )?;
                    Value::Str(Rc::from(s.replace(a.as_str(), b.as_str())))
                }
            },
            ("replaceAll", 2) | ("replaceFirst", 2) => {
                let (Some(pat), Some(rep)) = (str_arg(0), str_arg(1)) else {
                    return self.unknown(
                        &v,
                        name,
                        2,
                        span,
                        Some("both arguments must be Strings".into()),
                    );
                };
                let re = self.regex(&pat).map_err(|e| self.regex_error(e, span))?;
                // bound the result before building it: each match adds at most the replacement,
                // and each group reference in it at most the whole text
                let hits = if name == "replaceAll" {
                    re.count_matches(s)
                } else {
                    1
                };
                let per_hit = rep
                    .len()
                    .saturating_add(rep.matches('$').count().saturating_mul(s.len()));
                self.check_string(s.len().saturating_add(hits.saturating_mul(per_hit)), span)?;
                let r = if name == "replaceAll" {
                    re.replace_all(s, &rep)
                } else {
                    re.replace_first(s, &rep)
                };
                match r {
                    Ok(out) => Value::Str(Rc::from(out)),
                    Err(e) => return Err(self.throw(span, name, e.message)),
                }
            }
            ("matches", 1) => {
                let Some(pat) = str_arg(0) else {
                    return self.unknown(
                        &v,
                        name,
                        1,
                        span,
                        Some("the argument must be a String".into()),
                    );
                };
                let re = self.regex(&pat).map_err(|e| self.regex_error(e, span))?;
                Value::Bool(re.is_match(s, Anchor::Full))
            }
            ("split", 1 | 2) => {
                let Some(pat) = str_arg(0) else {
                    return self.unknown(
                        &v,
                        name,
                        args.len(),
                        span,
                        Some("the separator must be a String".into()),
                    );
                };
                let limit = if args.len() == 2 {
                    match int_arg(1) {
                        Some(l) => l.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
                        None => return self.unknown(&v, name, 2, span, None),
                    }
                } else {
                    0
                };
                let re = self.regex(&pat).map_err(|e| self.regex_error(e, span))?;
                string_list(re.split(s, limit))
            }
            _ => {
                let hint = match name {
                    "size" => Some("a String has `length()`, not `size()`".to_string()),
                    "strip" | "isBlank" | "repeat" | "lines" => {
                        Some("that method is newer than the Java that API Gateway's templates are known to offer".to_string())
                    }
                    _ => None,
                };
                return self.unknown(&v, name, args.len(), span, hint);
            }
        })
    }

    // ----- List -----

    fn list_method(
        &mut self,
        items: &crate::engine::value::ListRef,
        kind: ListKind,
        name: &str,
        args: &mut Vec<Value>,
        span: Span,
    ) -> R<Value> {
        let len = items.borrow().len();
        let idx = |a: &Value| match a {
            Value::Int(i) => Some(*i),
            _ => None,
        };
        let oob = |this: &Self, method: &str, i: i64, size: usize| {
            this.throw(
                span,
                method,
                format!("index {i} is out of bounds for size {size} (IndexOutOfBoundsException)"),
            )
        };
        Ok(match (name, args.len()) {
            ("size", 0) => Value::Int(len as i64),
            ("isEmpty", 0) => Value::Bool(len == 0),
            ("get", 1) => match idx(&args[0]) {
                Some(i) if i >= 0 && (i as usize) < len => items.borrow()[i as usize].clone(),
                Some(i) => return Err(oob(self, "get", i, len)),
                None => {
                    return self.unknown(
                        &Value::List(items.clone(), kind),
                        name,
                        1,
                        span,
                        Some("the index must be an integer".into()),
                    );
                }
            },
            ("add", 1) => {
                items.borrow_mut().push(args.remove(0));
                Value::Bool(true)
            }
            ("add", 2) => match idx(&args[0]) {
                Some(i) if i >= 0 && (i as usize) <= len => {
                    let x = args.remove(1);
                    items.borrow_mut().insert(i as usize, x);
                    Value::Null
                }
                Some(i) => return Err(oob(self, "add", i, len)),
                None => {
                    return self.unknown(&Value::List(items.clone(), kind), name, 2, span, None);
                }
            },
            ("set", 2) => match idx(&args[0]) {
                Some(i) if i >= 0 && (i as usize) < len => {
                    let x = args.remove(1);
                    std::mem::replace(&mut items.borrow_mut()[i as usize], x)
                }
                Some(i) => return Err(oob(self, "set", i, len)),
                None => {
                    return self.unknown(&Value::List(items.clone(), kind), name, 2, span, None);
                }
            },
            ("remove", 1) => match &args[0] {
                // remove(int index) for an Integer, remove(Object) otherwise: Velocity picks
                // the int overload for an Integer argument
                Value::Int(i) => {
                    let i = *i;
                    if i >= 0 && (i as usize) < len {
                        items.borrow_mut().remove(i as usize)
                    } else {
                        return Err(oob(self, "remove", i, len));
                    }
                }
                x => {
                    let pos = items.borrow().iter().position(|y| java_equals(x, y));
                    match pos {
                        Some(p) => {
                            items.borrow_mut().remove(p);
                            Value::Bool(true)
                        }
                        None => Value::Bool(false),
                    }
                }
            },
            ("contains", 1) => Value::Bool(items.borrow().iter().any(|y| java_equals(&args[0], y))),
            ("indexOf", 1) => Value::Int(
                items
                    .borrow()
                    .iter()
                    .position(|y| java_equals(&args[0], y))
                    .map_or(-1, |p| p as i64),
            ),
            ("lastIndexOf", 1) => Value::Int(
                items
                    .borrow()
                    .iter()
                    .rposition(|y| java_equals(&args[0], y))
                    .map_or(-1, |p| p as i64),
            ),
            ("addAll", 1) => match &args[0] {
                Value::List(other, _) => {
                    self.check_items(len + other.borrow().len(), span)?;
                    let other: Vec<Value> = other.borrow().clone();
                    let changed = !other.is_empty();
                    items.borrow_mut().extend(other);
                    Value::Bool(changed)
                }
                _ => {
                    return self.unknown(
                        &Value::List(items.clone(), kind),
                        name,
                        1,
                        span,
                        Some("the argument must be a list".into()),
                    );
                }
            },
            ("containsAll", 1) => match &args[0] {
                Value::List(other, _) => {
                    let other = other.borrow().clone();
                    let mine = items.borrow();
                    Value::Bool(other.iter().all(|x| mine.iter().any(|y| java_equals(x, y))))
                }
                _ => return self.unknown(&Value::List(items.clone(), kind), name, 1, span, None),
            },
            ("clear", 0) => {
                items.borrow_mut().clear();
                Value::Null
            }
            ("subList", 2) => match (idx(&args[0]), idx(&args[1])) {
                (Some(a), Some(b)) if a >= 0 && b as usize <= len && a <= b => {
                    Value::list(items.borrow()[a as usize..b as usize].to_vec(), kind)
                }
                (Some(a), Some(b)) => {
                    return Err(self.throw(
                        span,
                        "subList",
                        format!("from {a}, to {b}, size {len} (IndexOutOfBoundsException)"),
                    ));
                }
                _ => return self.unknown(&Value::List(items.clone(), kind), name, 2, span, None),
            },
            _ => {
                let hint = match name {
                    "length" => Some("a list has `size()`, not `length()`".to_string()),
                    "count" => Some(
                        "a Java List has no `count()` (the AWS docs show one); use `size()`"
                            .to_string(),
                    ),
                    _ => None,
                };
                return self.unknown(
                    &Value::List(items.clone(), kind),
                    name,
                    args.len(),
                    span,
                    hint,
                );
            }
        })
    }

    // ----- Map -----

    fn map_method(
        &mut self,
        m: &crate::engine::value::MapRef,
        name: &str,
        args: &mut Vec<Value>,
        span: Span,
    ) -> R<Value> {
        let key = |a: &Value| -> Rc<str> { Rc::from(a.to_display()) };
        Ok(match (name, args.len()) {
            ("size", 0) => Value::Int(m.borrow().len() as i64),
            ("isEmpty", 0) => Value::Bool(m.borrow().is_empty()),
            ("get", 1) => m.borrow().get(&key(&args[0])).cloned().unwrap_or_default(),
            ("getOrDefault", 2) => m
                .borrow()
                .get(&key(&args[0]))
                .cloned()
                .unwrap_or_else(|| args[1].clone()),
            ("containsKey", 1) => Value::Bool(m.borrow().contains_key(&key(&args[0]))),
            ("containsValue", 1) => {
                Value::Bool(m.borrow().values().any(|v| java_equals(v, &args[0])))
            }
            ("put", 2) => {
                let v = args.remove(1);
                m.borrow_mut().insert(key(&args[0]), v).unwrap_or_default()
            }
            ("putAll", 1) => match &args[0] {
                Value::Map(other) => {
                    let other: Vec<(Rc<str>, Value)> = other
                        .borrow()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    m.borrow_mut().extend(other);
                    Value::Null
                }
                _ => {
                    return self.unknown(
                        &Value::Map(m.clone()),
                        name,
                        1,
                        span,
                        Some("the argument must be a map".into()),
                    );
                }
            },
            ("remove", 1) => m
                .borrow_mut()
                .shift_remove(&key(&args[0]))
                .unwrap_or_default(),
            ("clear", 0) => {
                m.borrow_mut().clear();
                Value::Null
            }
            ("keySet", 0) => string_list(m.borrow().keys().map(|k| k.to_string())),
            ("values", 0) => Value::list(m.borrow().values().cloned().collect(), ListKind::Java),
            ("entrySet", 0) => Value::list(
                m.borrow()
                    .iter()
                    .map(|(k, v)| {
                        let mut e = ValueMap::default();
                        e.insert("key".into(), Value::Str(k.clone()));
                        e.insert("value".into(), v.clone());
                        Value::map(e)
                    })
                    .collect(),
                ListKind::Java,
            ),
            _ => {
                let hint = match name {
                    "length" => Some("a map has `size()`, not `length()`".to_string()),
                    _ => Some(format!(
                        "to read a key, write `.get(\"{name}\")` or `.{name}`"
                    )),
                };
                return self.unknown(&Value::Map(m.clone()), name, args.len(), span, hint);
            }
        })
    }

    // ----- numbers -----

    fn number_method(&mut self, v: &Value, name: &str, args: &[Value], span: Span) -> R<Value> {
        let Some(n) = v.as_number() else {
            return Ok(Value::Null);
        };
        Ok(match (name, args.len()) {
            ("intValue", 0) => Value::Int(n.as_f64() as i32 as i64),
            ("longValue", 0) => match n {
                crate::engine::value::Number::Int(i) => Value::Int(i),
                crate::engine::value::Number::Float(f) => Value::Int(f as i64),
            },
            ("doubleValue", 0) | ("floatValue", 0) => Value::Float(n.as_f64()),
            ("compareTo", 1) => match args[0].as_number() {
                Some(o) => Value::Int(match n.as_f64().partial_cmp(&o.as_f64()) {
                    Some(std::cmp::Ordering::Less) => -1,
                    Some(std::cmp::Ordering::Greater) => 1,
                    _ => 0,
                }),
                None => return self.unknown(v, name, 1, span, None),
            },
            _ => return self.unknown(v, name, args.len(), span, None),
        })
    }

    // ----- $input -----

    fn input_method(&mut self, name: &str, args: &[Value], span: Span) -> R<Value> {
        match (name, args.len()) {
            ("json", 1) | ("path", 1) => {
                let path_text = args[0].to_display();
                let path = self.jsonpath(&path_text).map_err(|e| {
                    Box::new(
                        Diagnostic::error(
                            Kind::JsonPath,
                            format!("JSONPath `{path_text}`: {}", e.message),
                        )
                        .at(self.place(span)),
                    )
                })?;
                // the whole body, not changed by the template: written once from its text
                if name == "json"
                    && path.text() == "$"
                    && let Some(text) = self.whole_body_json()
                {
                    return Ok(Value::Str(text));
                }
                let Some(root) = self.json_body() else {
                    self.warn(
                        Kind::Json,
                        format!(
                            "the body is not JSON, so `$input.{name}` gives {}",
                            if name == "json" { "`\"\"`" } else { "null" }
                        ),
                        span,
                        Some("as observed on AWS (LocalStack, from the AWS console); `$input.body` holds the raw text".into()),
                    );
                    return Ok(if name == "json" {
                        Value::str("\"\"")
                    } else {
                        Value::Null
                    });
                };
                let found = path.read(root);
                Ok(match (name, found) {
                    ("json", Some(v)) => Value::Str(Rc::from(v.to_json())),
                    ("json", None) => Value::str("\"\""),
                    (_, found) => found.unwrap_or_default(),
                })
            }
            ("params", 0) => Ok(builtins::params_value(&self.env.params)),
            ("params", 1) => Ok(builtins::param(&self.env.params, &args[0].to_display())),
            ("getBody", 0) => Ok(self.env.body_value()),
            _ => {
                self.warn(
                    Kind::UnknownMethod,
                    format!("`$input` has no method `{name}` with {} argument(s): gives null", args.len()),
                    span,
                    Some("`$input` has `body`, `json(path)`, `path(path)`, `params()` and `params(name)`".into()),
                );
                Ok(Value::Null)
            }
        }
    }

    // ----- $util -----

    fn util_method(&mut self, name: &str, args: &[Value], span: Span) -> R<Value> {
        let known = matches!(
            name,
            "escapeJavaScript"
                | "parseJson"
                | "urlEncode"
                | "urlDecode"
                | "base64Encode"
                | "base64Decode"
        );
        if !known || args.len() != 1 {
            let hint = match name {
                "toJson" | "toJSON" => "API Gateway has no `$util.toJson` (that is AppSync's): to print JSON, use `$input.json('$.path')`".to_string(),
                "escapeJson" | "escapeJSON" => "API Gateway has no `$util.escapeJson`: `$util.escapeJavaScript(…)` is the nearest, then `.replaceAll(\"\\\\'\",\"'\")`".to_string(),
                _ if known => format!("`$util.{name}` takes one argument"),
                _ => format!("API Gateway's `$util` has {UTIL_METHODS}"),
            };
            self.warn(
                Kind::UnknownMethod,
                format!(
                    "`$util` has no method `{name}` with {} argument(s): gives null",
                    args.len()
                ),
                span,
                Some(hint),
            );
            return Ok(Value::Null);
        }
        let a = &args[0];
        if a.is_null() {
            return Ok(Value::Null);
        }
        let shown;
        let s: &str = match a {
            Value::Str(s) => s,
            other => {
                shown = other.to_display();
                &shown
            }
        };
        Ok(match name {
            "escapeJavaScript" => {
                // escaped into a buffer kept for the next call, then copied once
                let mut buf = std::mem::take(&mut self.scratch);
                buf.clear();
                text::escape_javascript_into(s, &mut buf);
                let v = Value::Str(Rc::from(buf.as_str()));
                self.scratch = buf;
                v
            }
            "urlEncode" => Value::Str(Rc::from(text::url_encode(s))),
            "urlDecode" => match text::url_decode(s) {
                Ok(d) => Value::Str(Rc::from(d)),
                Err(e) => return Err(self.throw(span, "$util.urlDecode", e)),
            },
            "base64Encode" => Value::Str(Rc::from(text::base64_encode(s))),
            "base64Decode" => match text::base64_decode(s) {
                Ok(d) => Value::Str(Rc::from(d)),
                Err(e) => return Err(self.throw(span, "$util.base64Decode", e)),
            },
            _ => match json::parse(s) {
                Ok(v) => v,
                Err(e) => {
                    let pos = crate::engine::span::LineIndex::new(s).position(
                        s,
                        e.span.start as usize,
                        crate::engine::span::Encoding::Chars,
                    );
                    return Err(Box::new(
                        Diagnostic::error(
                            Kind::Json,
                            format!(
                                "`$util.parseJson` failed: {} at line {} column {} of its argument",
                                e.message, pos.line, pos.column
                            ),
                        )
                        .at(self.place(span))
                        .hint(format!("the argument was {}", describe_value(a))),
                    ));
                }
            },
        })
    }
}

pub(crate) fn loop_property(info: &LoopInfo, name: &str) -> Option<Value> {
    Some(match name {
        "index" => Value::Int(info.index.get() as i64),
        "count" => Value::Int(info.index.get() as i64 + 1),
        "hasNext" => Value::Bool(info.has_next.get()),
        "first" => Value::Bool(info.index.get() == 0),
        "last" => Value::Bool(!info.has_next.get()),
        "parent" => info.parent.clone().unwrap_or_default(),
        _ => return None,
    })
}

/// Length in UTF-16 code units, as Java's `String.length()`.
pub(crate) fn utf16_len(s: &str) -> usize {
    // one unit per character (every byte but a continuation byte, 0b10xx_xxxx), and a second
    // one for a character outside the BMP (a 4-byte sequence, lead byte 0xF0 and up); eight
    // bytes at a time, since `$input.body.length()` counts a whole message
    use crate::engine::text::HI as HIGH;
    let b = s.as_bytes();
    let mut chunks = b.chunks_exact(8);
    let mut units = 0;
    for c in &mut chunks {
        let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        // bit 7 of each byte: set for a continuation byte (bit 7 set, bit 6 clear) ...
        let continuation = x & !(x << 1) & HIGH;
        // ... and for a byte whose top four bits are set
        let four = x & (x << 1) & (x << 2) & (x << 3) & HIGH;
        units += 8 - continuation.count_ones() as usize + four.count_ones() as usize;
    }
    units
        + chunks
            .remainder()
            .iter()
            .map(|&b| usize::from((b as i8) >= -0x40) + usize::from(b >= 0xF0))
            .sum::<usize>()
}

/// The byte offset of UTF-16 index `idx`, rounded down to a character boundary; `None` past the
/// end.
fn utf16_to_byte(s: &str, idx: usize) -> Option<usize> {
    if s.is_ascii() {
        return (idx <= s.len()).then_some(idx);
    }
    let mut units = 0;
    for (b, c) in s.char_indices() {
        if units >= idx {
            return Some(b);
        }
        units += c.len_utf16();
        if units > idx {
            return Some(b);
        }
    }
    (units >= idx).then_some(s.len())
}

fn byte_to_utf16(s: &str, byte: usize) -> usize {
    utf16_len(&s[..byte])
}

fn utf16_slice(s: &str, begin: usize, end: usize) -> &str {
    let b = utf16_to_byte(s, begin).unwrap_or(s.len());
    let e = utf16_to_byte(s, end).unwrap_or(s.len()).max(b);
    &s[b..e]
}

fn char_at(s: &str, i: i64) -> Option<String> {
    if i < 0 {
        return None;
    }
    let units: Vec<u16> = s.encode_utf16().skip(i as usize).take(1).collect();
    units
        .first()
        .map(|&u| char::from_u32(u as u32).map_or('\u{fffd}'.to_string(), |c| c.to_string()))
}

fn index_of(s: &str, needle: &str, from: i64) -> i64 {
    let from = from.max(0) as usize;
    let Some(start) = utf16_to_byte(s, from) else {
        return if needle.is_empty() {
            utf16_len(s) as i64
        } else {
            -1
        };
    };
    s[start..]
        .find(needle)
        .map_or(-1, |p| byte_to_utf16(s, start + p) as i64)
}

fn last_index_of(s: &str, needle: &str, from: i64) -> i64 {
    if from < 0 {
        return -1;
    }
    let len = utf16_len(s);
    let from = (from as usize).min(len);
    // the match may start at `from` at the latest
    let limit = utf16_to_byte(s, from).unwrap_or(s.len());
    let end = (limit + needle.len()).min(s.len());
    let mut end = end;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end]
        .rfind(needle)
        .map_or(-1, |p| byte_to_utf16(s, p) as i64)
}

fn java_compare(a: &str, b: &str) -> i64 {
    let mut x = a.encode_utf16();
    let mut y = b.encode_utf16();
    loop {
        match (x.next(), y.next()) {
            (Some(p), Some(q)) if p != q => return p as i64 - q as i64,
            (Some(_), Some(_)) => {}
            (None, None) => return 0,
            _ => return utf16_len(a) as i64 - utf16_len(b) as i64,
        }
    }
}

fn java_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, u| h.wrapping_mul(31).wrapping_add(u as i32))
}

#[cfg(test)]
mod tests {
    use super::utf16_len;

    /// Java's `length()` counts UTF-16 units: checked against std's encoder at every length
    /// and alignment around the eight-byte steps, with 1-, 2-, 3- and 4-byte characters.
    #[test]
    fn utf16_len_counts_what_java_counts() {
        let pieces = [
            "a",
            "é",
            "€",
            "😀",
            "\u{ffff}",
            "\u{10000}",
            "\u{7f}",
            "\u{80}",
        ];
        let mut s = String::new();
        for i in 0..200 {
            s.push_str(pieces[(i * 7 + i / 3) % pieces.len()]);
            for start in 0..s.len().min(9) {
                if let Some(sub) = s.get(start..) {
                    assert_eq!(utf16_len(sub), sub.encode_utf16().count(), "{sub:?}");
                }
            }
        }
        assert_eq!(utf16_len(""), 0);
    }
}
