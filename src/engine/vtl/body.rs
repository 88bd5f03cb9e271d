//! Bodies parsed once, not once a render: the page renders the same backend payload again on
//! every edit of a template, and a status sweep renders it for every status and key. A body's
//! parse is kept (a few bodies, a bounded number of bytes) and shared by the renders of
//! templates that cannot change it (`Template::mutates`); a template that can gets its own copy.

use crate::engine::value::Value;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

/// Texts kept at most: a run reads its message and its backend's body, the test table one of
/// each a row.
const KEPT: usize = 16;
/// Bytes of body text kept at most, all bodies together; a larger body is parsed, not kept.
const KEPT_BYTES: usize = 4 << 20;

/// One body's text, and what renders work out from it, each once: its parse, its compact JSON,
/// its length in UTF-16 units (`$input.body.length()`).
pub(crate) struct Parsed {
    text: Rc<str>,
    /// `None` when the text is not JSON.
    value: OnceCell<Option<Value>>,
    /// `$input.json('$')`.
    whole: OnceCell<Option<Rc<str>>>,
    utf16: OnceCell<usize>,
}

impl Parsed {
    fn new(text: Rc<str>) -> Parsed {
        Parsed {
            text,
            value: OnceCell::new(),
            whole: OnceCell::new(),
            utf16: OnceCell::new(),
        }
    }

    /// The parsed body, shared: only for reading.
    pub(crate) fn value(&self) -> Option<&Value> {
        self.value
            .get_or_init(|| crate::engine::json::parse(&self.text).ok())
            .as_ref()
    }

    /// The body as compact JSON, `None` when it is not JSON.
    pub(crate) fn whole_json(&self) -> Option<Rc<str>> {
        self.whole
            .get_or_init(|| match crate::engine::json::normalized(&self.text) {
                // already compact and as the printer writes it: the body itself
                Some(None) => Some(self.text.clone()),
                Some(Some(text)) => Some(Rc::from(text)),
                None => self.value().map(|v| Rc::from(v.to_json())),
            })
            .clone()
    }

    /// Java's `length()` of the text.
    pub(crate) fn utf16_len(&self) -> usize {
        *self
            .utf16
            .get_or_init(|| super::methods::utf16_len(&self.text))
    }
}

thread_local! {
    /// Most recently used first, each with the `Rc` of the text it was last asked for.
    static KEPT_BODIES: RefCell<Vec<(Rc<str>, Rc<Parsed>)>> = const { RefCell::new(Vec::new()) };
}

/// The parse of `text` (the body as `$input.body` gives it), from the bodies kept when it is one
/// of them.
pub(crate) fn parsed(text: &Rc<str>) -> Rc<Parsed> {
    lookup(text, Some(text))
}

/// The kept parse of `text`, for a caller without an `Rc` of it.
pub(crate) fn parsed_text(text: &str) -> Rc<Parsed> {
    lookup(text, None)
}

/// `text` parsed as JSON (`None` when it is not), from the texts kept when it is one of them:
/// for what reads the same message or body again on every edit outside a render (route and
/// selection expressions, a proxy integration's answer, the message editor's language). The
/// value is shared with every other reader of the text: only for reading.
pub fn kept_json(text: &str) -> Option<Value> {
    parsed_text(text).value().cloned()
}

/// The kept parse of `text`, found by pointer or by text; `asked` is the caller's `Rc` of it,
/// remembered so that its next lookup is a pointer comparison, not a comparison of the whole
/// text (in wasm, a byte at a time).
fn lookup(text: &str, asked: Option<&Rc<str>>) -> Rc<Parsed> {
    let same = |k: &str| k.as_ptr() == text.as_ptr() && k.len() == text.len();
    let hit = KEPT_BODIES.with(|kept| {
        let mut kept = kept.borrow_mut();
        let i = kept
            .iter()
            .position(|(k, _)| same(k))
            .or_else(|| kept.iter().position(|(_, p)| *p.text == *text))?;
        let (k, p) = kept.remove(i);
        kept.insert(0, (asked.cloned().unwrap_or(k), p.clone()));
        Some(p)
    });
    if let Some(p) = hit {
        return p;
    }
    let text: Rc<str> = asked.cloned().unwrap_or_else(|| Rc::from(text));
    let p = Rc::new(Parsed::new(text.clone()));
    if text.len() <= KEPT_BYTES {
        KEPT_BODIES.with(|kept| {
            let mut kept = kept.borrow_mut();
            kept.insert(0, (text, p.clone()));
            let mut bytes = 0;
            let keep = kept
                .iter()
                .take(KEPT)
                .take_while(|(_, p)| {
                    bytes += p.text.len();
                    bytes <= KEPT_BYTES
                })
                .count();
            kept.truncate(keep);
        });
    }
    p
}

/// Forgets every kept body, so the next render parses its body again (the bench measures both).
pub fn forget_parsed_bodies() {
    // dropped outside the borrow: a large body takes a while to free
    let old = KEPT_BODIES.with(|kept| std::mem::take(&mut *kept.borrow_mut()));
    drop(old);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_parsed_once_and_found_by_its_text() {
        forget_parsed_bodies();
        let a: Rc<str> = Rc::from(r#"{"a": [1, 2]}"#);
        let first = parsed(&a);
        // another Rc with the same text finds the same parse, and is then found by pointer
        let other: Rc<str> = Rc::from(r#"{"a": [1, 2]}"#);
        let again = parsed(&other);
        assert!(Rc::ptr_eq(&first, &again));
        KEPT_BODIES.with(|k| assert!(Rc::ptr_eq(&k.borrow()[0].0, &other)));
        assert!(Rc::ptr_eq(&first, &parsed(&a)));
        assert_eq!(first.whole_json().as_deref(), Some(r#"{"a":[1,2]}"#));
        forget_parsed_bodies();
        assert!(!Rc::ptr_eq(&first, &parsed(&a)));
    }

    #[test]
    fn a_few_bodies_are_kept_the_least_recently_used_goes() {
        forget_parsed_bodies();
        let texts: Vec<Rc<str>> = (0..=KEPT).map(|i| Rc::from(format!("[{i}]"))).collect();
        let first: Vec<_> = texts.iter().map(parsed).collect();
        // the first went when the fifth came
        assert!(!Rc::ptr_eq(&first[0], &parsed(&texts[0])));
        assert!(Rc::ptr_eq(&first[KEPT], &parsed(&texts[KEPT])));
        KEPT_BODIES.with(|k| assert_eq!(k.borrow().len(), KEPT));
    }

    /// A template that changes what `$input.path` gives works on its own copy: the next render,
    /// and a template that only reads, see the body as it is.
    #[test]
    fn changes_to_the_body_stay_in_their_render() {
        use crate::engine::vtl::{Env, Template};
        let env = Env::new(r#"{"a": [1, 2]}"#);
        let adds = Template::parse("#set($l = $input.path('$.a'))#set($d = $l.add(3))$l").unwrap();
        let sets =
            Template::parse("#set($r = $input.path('$'))#set($r.b = 1)$input.json('$')").unwrap();
        let reads = Template::parse("$input.path('$.a') $input.json('$')").unwrap();
        assert_eq!(reads.render(&env).output, r#"[1,2] {"a":[1,2]}"#);
        for _ in 0..2 {
            assert_eq!(adds.render(&env).output, "[1,2,3]");
            // the render's own change shows in its `$input.json('$')`
            assert_eq!(sets.render(&env).output, r#"{"a":[1,2],"b":1}"#);
            assert_eq!(reads.render(&env).output, r#"[1,2] {"a":[1,2]}"#);
        }
        // an edited body is parsed again
        let edited = env.clone().with_body(r#"{"a": [7]}"#);
        assert_eq!(reads.render(&edited).output, r#"[7] {"a":[7]}"#);
        assert_eq!(reads.render(&Env::new("")).output, " {}");
    }

    #[test]
    fn the_length_of_a_long_body_is_counted_once_and_right() {
        use crate::engine::vtl::{Env, Template};
        let body = format!("[\"{}\"]", "é😀".repeat(3000));
        let env = Env::new(&body);
        let t =
            Template::parse("$input.body.length() $input.body.substring(0, 3).length()").unwrap();
        let units = body.encode_utf16().count();
        for _ in 0..2 {
            assert_eq!(t.render(&env).output, format!("{units} 3"));
        }
        assert_eq!(parsed(&env.body).utf16_len(), units);
    }

    /// Callers with a `&str` share the parse of callers with the `Rc`.
    #[test]
    fn kept_json_shares_the_parse() {
        forget_parsed_bodies();
        let a: Rc<str> = Rc::from(r#"{"k": [1]}"#);
        let Some(Value::Map(from_rc)) = parsed(&a).value().cloned() else {
            panic!("not a map")
        };
        let Some(Value::Map(from_str)) = kept_json(&String::from(&*a)) else {
            panic!("not a map")
        };
        assert!(Rc::ptr_eq(&from_rc, &from_str));
        assert!(kept_json("{").is_none());
    }

    #[test]
    fn text_that_is_not_json_has_no_value() {
        let p = parsed(&Rc::from("not json"));
        assert!(p.value().is_none());
        assert!(p.whole_json().is_none());
    }
}
