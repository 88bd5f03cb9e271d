//! A JSON parser into template [`Value`]s: keeps key order (Java's `LinkedHashMap`), keeps the
//! last of duplicate keys in the first one's place (as `put` does), tells integers (`Int`,
//! `BigInt`) from decimals (`Float`), and reports errors with a byte span. A relaxed mode also
//! takes unquoted keys and single-quoted strings, as AWS does for a MOCK request template's
//! `{statusCode: 200}`.

use crate::engine::hash::FastMap;
use crate::engine::span::Span;
use crate::engine::text;
use crate::engine::value::{
    ListKind, PRINT_BUDGET, PRINT_DEPTH, Value, ValueMap, find_json_special, push_int,
    push_java_double, push_json_string,
};
use crate::engine::value_map::SMALL;
use std::rc::Rc;

/// Deepest nesting accepted; deeper input is an error, never a stack overflow.
pub const MAX_DEPTH: usize = 512;

/// Why a text is not JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Short and lowercase.
    pub message: String,
    /// Where, in bytes of the text.
    pub span: Span,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses strict JSON (RFC 8259), allowing surrounding whitespace and a leading BOM.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    Parser::new(text, false).document()
}

/// Parses JSON that may also use unquoted keys and single-quoted strings.
pub fn parse_relaxed(text: &str) -> Result<Value, JsonError> {
    Parser::new(text, true).document()
}

/// serde_json refuses the 128th nested array or object; so does [`parse_document`].
pub const SERDE_MAX_DEPTH: usize = 127;

/// Parses strict JSON as serde_json reads it, for documents the page keeps (a scenario, the
/// `$context` overrides): nesting deeper than [`SERDE_MAX_DEPTH`] is an error, and so are a
/// `\uD800`–`\uDFFF` escape that is not half of a surrogate pair (a body's becomes U+FFFD) and
/// a number beyond a double's range (a body's becomes infinity).
pub fn parse_document(text: &str) -> Result<Value, JsonError> {
    let mut p = Parser::new(text, false);
    p.max_depth = SERDE_MAX_DEPTH;
    p.as_serde = true;
    p.document()
}

/// Compact JSON of `text`, exactly as [`parse`] then [`Value::to_json`] would write it, without
/// building the values (`$input.json('$')` over a body not parsed yet). `None` when `text` is not
/// JSON, and for what this shortcut leaves to the parser and printer: a key with an escape, a key
/// repeated in its object (the last value wins, in the first one's place), an object of more
/// than 64 keys, nesting at the printer's depth limit or more values than its budget.
pub fn normalize(text: &str) -> Option<String> {
    normalized(text).map(|n| n.unwrap_or_else(|| text.to_string()))
}

/// [`normalize`], where `Some(None)` says that `text` is already written as the printer would
/// write it: nothing is copied (a compact body, the common case, is then its own JSON).
pub fn normalized(text: &str) -> Option<Option<String>> {
    let mut p = Parser::new(text, false);
    let mut n = Normalizer {
        // taken when the output first differs from the text (see `flush`)
        out: String::new(),
        run: p.pos,
        keys: Vec::new(),
        values: 0,
    };
    p.norm_ws(&mut n);
    p.norm_value(&mut n, 0)?;
    p.norm_ws(&mut n);
    if p.pos != p.b.len() {
        return None;
    }
    // nothing was flushed before the end (every flush comes before a change): the text as it is
    if n.run == 0 && n.out.is_empty() {
        return Some(None);
    }
    n.flush(p.text, p.pos);
    Some(Some(n.out))
}

/// The output so far, where the text not yet copied to it starts (the output is mostly the
/// text itself, copied in runs), the keys of the objects being normalized (innermost last),
/// and how many values were written.
struct Normalizer<'a> {
    out: String,
    run: usize,
    keys: Vec<&'a [u8]>,
    values: usize,
}

impl Normalizer<'_> {
    /// Copies the text up to `to`, which the output keeps as it is.
    fn flush(&mut self, text: &str, to: usize) {
        if self.out.capacity() == 0 {
            self.out.reserve(text.len());
        }
        self.out.push_str(&text[self.run..to]);
        self.run = to;
    }
}

/// Where the string whose text starts at `from` (past its opening quote) ends (past its
/// closing quote), when it is written as [`push_json_string`] writes it: its escapes are `\"`,
/// `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, and `\u00XX` (upper-case hex) for another control
/// character. `None` for anything else, left to the parser (`\/`, `\u00e9`, a bad escape, a raw
/// control character, no closing quote).
fn canonical_string_end(b: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let i = find_json_special(b, from);
        match *b.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => match *b.get(i + 1)? {
                b'"' | b'\\' | b'n' | b'r' | b't' | b'b' | b'f' => from = i + 2,
                b'u' => {
                    let hex = b.get(i + 2..i + 6)?;
                    let upper = |c: u8| matches!(c, b'0'..=b'9' | b'A'..=b'F');
                    let code =
                        (hex[2] as char).to_digit(16)? * 16 + (hex[3] as char).to_digit(16)?;
                    if hex[..2] != *b"00"
                        || !upper(hex[2])
                        || !upper(hex[3])
                        || matches!(code, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d)
                        || code >= 0x20
                    {
                        return None;
                    }
                    from = i + 6;
                }
                _ => return None,
            },
            _ => return None,
        }
    }
}

/// Where the number at `at` ends, when it is an integer of strict JSON (no leading zero, no
/// fraction or exponent), which prints as it is written, `-0` aside. `None` otherwise: the
/// parser decides (`01` is an error, `-0` prints `0`, `1.5` is for [`canonical_decimal_end`]).
#[inline]
fn canonical_integer_end(b: &[u8], at: usize) -> Option<usize> {
    let minus = usize::from(b.get(at) == Some(&b'-'));
    let first = at + minus;
    let mut i = first;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let digits = i - first;
    let bare_zero = digits == 1 && b[first] == b'0';
    if digits == 0
        || (b[first] == b'0' && !bare_zero)
        || (bare_zero && minus == 1)
        || matches!(b.get(i), Some(b'.' | b'e' | b'E'))
    {
        return None;
    }
    Some(i)
}

/// Where the number at `at` ends, when it is a decimal that Java's `Double.toString` prints
/// as it is written: `-`, 1 to 7 digits (no leading zero), `.`, digits not ending in `0`, no
/// exponent, at least 0.001, and at most 15 significant digits (then no other decimal of at
/// most 15 digits reads as the same double, so the shortest form is this one). `None`
/// otherwise: the parser and printer decide (`1.50`, `1e2`, `0.0001`, `12345678.9`).
fn canonical_decimal_end(b: &[u8], at: usize) -> Option<usize> {
    let mut i = at + usize::from(b.get(at) == Some(&b'-'));
    let int = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let int_len = i - int;
    if int_len == 0 || int_len > 7 || (int_len > 1 && b[int] == b'0') || b.get(i) != Some(&b'.') {
        return None;
    }
    i += 1;
    let frac = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let frac_len = i - frac;
    if frac_len == 0 || b[i - 1] == b'0' || matches!(b.get(i), Some(b'e' | b'E')) {
        return None;
    }
    let significant = if b[int] == b'0' {
        // 0.xyz: from the first digit that is not 0, which must be among the first three
        let zeros = b[frac..i].iter().take_while(|&&c| c == b'0').count();
        if zeros >= 3 {
            return None;
        }
        frac_len - zeros
    } else {
        int_len + frac_len
    };
    (significant <= 15).then_some(i)
}

/// Keys an object may have for [`normalize`] to check it for repeats.
const NORMALIZE_MAX_KEYS: usize = 64;

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    relaxed: bool,
    depth: usize,
    /// Nesting past this is an error.
    max_depth: usize,
    /// Refuse what serde_json refuses, where a body is read all the same: a lone surrogate
    /// escape (U+FFFD in a body), a number beyond a double's range (infinity in a body).
    as_serde: bool,
    /// Items of the arrays being parsed, innermost last: each array takes its own off the top,
    /// into a `Vec` of the right size (no growing, one buffer for the whole document).
    items: Vec<Value>,
    /// Entries of the objects being parsed, the same way.
    entries: Vec<(Rc<str>, Value)>,
    /// Keys seen so far (without escapes): objects in an array mostly repeat their keys, which
    /// then share one string. Each key has a slot picked by its length and end bytes, where it
    /// is found without hashing it (hashing was 7% of a small template's render in wasm); a key
    /// whose slot another key took first goes to `keys`.
    slots: [Option<(&'a str, Rc<str>)>; KEY_SLOTS],
    keys: FastMap<&'a str, Rc<str>>,
    /// Keys in `slots` and `keys` together.
    shared_keys: usize,
    /// The buffer in which strings with escapes are decoded, kept from one to the next.
    scratch: String,
}

/// Powers of ten that a double holds exactly, for decimals of at most 15 digits.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Distinct keys remembered for sharing; past this, new keys are allocated each time.
const MAX_SHARED_KEYS: usize = 4096;
/// Slots for keys found without hashing (a power of two).
const KEY_SLOTS: usize = 32;

/// The slot of a key: from its length and its first and last bytes, which tell most keys of
/// a document apart.
#[inline(always)]
fn key_slot(key: &str) -> usize {
    let b = key.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            (b.len().wrapping_mul(5) ^ usize::from(first) ^ (usize::from(last) << 1))
                & (KEY_SLOTS - 1)
        }
        _ => 0,
    }
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, relaxed: bool) -> Parser<'a> {
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Parser {
            text,
            b: text.as_bytes(),
            pos,
            relaxed,
            depth: 0,
            max_depth: MAX_DEPTH,
            as_serde: false,
            items: Vec::new(),
            entries: Vec::new(),
            slots: [const { None }; KEY_SLOTS],
            keys: FastMap::default(),
            shared_keys: 0,
            scratch: String::new(),
        }
    }

    fn err<T>(&self, message: impl Into<String>, start: usize) -> Result<T, JsonError> {
        let end = (start + 1).min(self.b.len()).max(start);
        Err(JsonError {
            message: message.into(),
            span: Span::new(start, end),
        })
    }

    fn document(mut self) -> Result<Value, JsonError> {
        self.ws();
        if self.pos >= self.b.len() {
            return self.err("empty text, expected a JSON value", self.pos);
        }
        let v = self.value()?;
        self.ws();
        if self.pos < self.b.len() {
            return self.err(
                format!(
                    "unexpected {} after the JSON value",
                    self.describe(self.pos)
                ),
                self.pos,
            );
        }
        Ok(v)
    }

    fn describe(&self, at: usize) -> String {
        match self.text.get(at..).and_then(|s| s.chars().next()) {
            None => "end of text".into(),
            Some(c) if c.is_control() => format!("character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    /// Skips whitespace; the check for none is in line (compact JSON has none, and in wasm the
    /// call was 3% of a small body's parse).
    #[inline(always)]
    fn ws(&mut self) {
        if self.b.get(self.pos).is_some_and(|&c| c <= b' ') {
            self.skip_ws();
        }
    }

    #[inline(never)]
    fn skip_ws(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn value(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        match self.b.get(self.pos) {
            None => self.err("unexpected end of text, expected a value", start),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(Value::Str(self.string(b'"')?)),
            Some(b'\'') if self.relaxed => Ok(Value::Str(self.string(b'\'')?)),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(c) if *c == b'-' || c.is_ascii_digit() => self.number(),
            Some(_) => self.err(
                format!("unexpected {}, expected a value", self.describe(start)),
                start,
            ),
        }
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Value, JsonError> {
        if self.b[self.pos..].starts_with(w.as_bytes()) {
            self.pos += w.len();
            Ok(v)
        } else {
            // at the first character that differs: `nul` ends early, `nill` at its `i`
            let same = self.b[self.pos..]
                .iter()
                .zip(w.as_bytes())
                .take_while(|(a, b)| a == b)
                .count();
            let at = self.pos + same;
            self.err(
                format!("unexpected {}, expected `{w}`", self.describe(at)),
                at,
            )
        }
    }

    fn enter(&mut self) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return self.err(
                format!("JSON nested deeper than {} levels", self.max_depth),
                self.pos,
            );
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Value, JsonError> {
        let open = self.pos;
        self.enter()?;
        self.pos += 1;
        self.ws();
        if self.b.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::map(ValueMap::default()));
        }
        let base = self.entries.len();
        // every key shared (see `shared`): equal keys are then one `Rc`
        let mut all_shared = true;
        loop {
            self.ws();
            let key: Rc<str> = match self.b.get(self.pos) {
                Some(b'"') => {
                    let (k, shared) = self.key()?;
                    all_shared &= shared;
                    k
                }
                Some(b'\'') if self.relaxed => {
                    all_shared = false;
                    self.string(b'\'')?
                }
                Some(c)
                    if self.relaxed && (c.is_ascii_alphabetic() || *c == b'_' || *c == b'$') =>
                {
                    let s = self.pos;
                    while self
                        .b
                        .get(self.pos)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'$')
                    {
                        self.pos += 1;
                    }
                    all_shared = false;
                    Rc::from(&self.text[s..self.pos])
                }
                None => {
                    return self.err("unexpected end of text inside an object: missing `}`", open);
                }
                _ => {
                    return self.err(
                        format!(
                            "unexpected {}, expected a key in double quotes",
                            self.describe(self.pos)
                        ),
                        self.pos,
                    );
                }
            };
            self.ws();
            if self.b.get(self.pos) != Some(&b':') {
                return self.err(
                    format!(
                        "unexpected {}, expected `:` after the key",
                        self.describe(self.pos)
                    ),
                    self.pos,
                );
            }
            self.pos += 1;
            self.ws();
            let v = self.value()?;
            self.entries.push((key, v));
            self.ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    let n = self.entries.len() - base;
                    // a duplicate key keeps its first place and takes the last value, as `put`;
                    // the entries leave the stack in one copy (`split_off`)
                    let map = if all_shared && n <= SMALL {
                        ValueMap::from_shared_keys(self.entries.split_off(base))
                    } else {
                        let mut map = ValueMap::with_capacity(n);
                        map.extend(self.entries.drain(base..));
                        map
                    };
                    return Ok(Value::map(map));
                }
                None => {
                    return self.err("unexpected end of text inside an object: missing `}`", open);
                }
                _ => {
                    return self.err(
                        format!(
                            "unexpected {}, expected `,` or `}}`",
                            self.describe(self.pos)
                        ),
                        self.pos,
                    );
                }
            }
        }
    }

    fn array(&mut self) -> Result<Value, JsonError> {
        let open = self.pos;
        self.enter()?;
        self.pos += 1;
        self.ws();
        if self.b.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(Value::list(Vec::new(), ListKind::Json));
        }
        let base = self.items.len();
        loop {
            self.ws();
            if self.pos >= self.b.len() {
                return self.err("unexpected end of text inside an array: missing `]`", open);
            }
            let v = self.value()?;
            self.items.push(v);
            self.ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    let items: Vec<Value> = self.items.split_off(base);
                    return Ok(Value::list(items, ListKind::Json));
                }
                None => {
                    return self.err("unexpected end of text inside an array: missing `]`", open);
                }
                _ => {
                    return self.err(
                        format!(
                            "unexpected {}, expected `,` or `]`",
                            self.describe(self.pos)
                        ),
                        self.pos,
                    );
                }
            }
        }
    }

    /// An object's key in double quotes: shared with earlier keys of the same text, and
    /// whether it is (a key with escapes, or past [`MAX_SHARED_KEYS`], is not).
    fn key(&mut self) -> Result<(Rc<str>, bool), JsonError> {
        let start = self.pos + 1;
        let end = find_json_special(self.b, start);
        if self.b.get(end) != Some(&b'"') {
            return Ok((self.string(b'"')?, false));
        }
        let text: &'a str = &self.text[start..end];
        self.pos = end + 1;
        Ok(self.shared(text))
    }

    /// `text` as a string shared with the earlier keys of the same text, and whether it is
    /// shared (every key of this text is then this `Rc`).
    fn shared(&mut self, text: &'a str) -> (Rc<str>, bool) {
        let slot = key_slot(text);
        match &self.slots[slot] {
            Some((seen, k)) if text::same(seen, text) => return (k.clone(), true),
            // taken by another key: this one, if seen, is in `keys`
            Some(_) => {
                if let Some(k) = self.keys.get(text) {
                    return (k.clone(), true);
                }
            }
            // slots are never emptied: a key whose slot is free was not seen
            None => {}
        }
        let k: Rc<str> = Rc::from(text);
        if self.shared_keys >= MAX_SHARED_KEYS {
            return (k, false);
        }
        self.shared_keys += 1;
        match &mut self.slots[slot] {
            free @ None => *free = Some((text, k.clone())),
            Some(_) => {
                self.keys.insert(text, k.clone());
            }
        }
        (k, true)
    }

    fn string(&mut self, quote: u8) -> Result<Rc<str>, JsonError> {
        let open = self.pos;
        self.pos += 1;
        if quote == b'"' {
            // a run without escapes: one scan, one copy
            let end = find_json_special(self.b, self.pos);
            if self.b.get(end) == Some(&b'"') {
                let out = Rc::from(&self.text[self.pos..end]);
                self.pos = end + 1;
                return Ok(out);
            }
        }
        let mut owned: Option<String> = None;
        let mut run = self.pos;
        loop {
            if quote == b'"' {
                // past the bytes the loop would only step over
                self.pos = find_json_special(self.b, self.pos);
            }
            let Some(&c) = self.b.get(self.pos) else {
                return self.err("unterminated string: missing closing quote", open);
            };
            if c == quote {
                let out = match owned {
                    Some(mut s) => {
                        s.push_str(&self.text[run..self.pos]);
                        let out = Rc::from(s.as_str());
                        // the buffer serves the next string with escapes
                        s.clear();
                        self.scratch = s;
                        out
                    }
                    None => Rc::from(&self.text[run..self.pos]),
                };
                self.pos += 1;
                return Ok(out);
            }
            if c == b'\\' {
                let s = owned.get_or_insert_with(|| std::mem::take(&mut self.scratch));
                s.push_str(&self.text[run..self.pos]);
                let esc = self.pos;
                self.pos += 1;
                let e = self.b.get(self.pos).copied();
                self.pos += 1;
                match e {
                    // the escaped byte is the character: it starts the next run (no push of a
                    // char, in wasm a call of its UTF-8 encoder)
                    Some(b'"' | b'\\' | b'/') => {
                        run = self.pos - 1;
                        continue;
                    }
                    Some(b'\'') if self.relaxed => {
                        run = self.pos - 1;
                        continue;
                    }
                    Some(b'b') => s.push('\u{8}'),
                    Some(b'f') => s.push('\u{c}'),
                    Some(b'n') => s.push('\n'),
                    Some(b'r') => s.push('\r'),
                    Some(b't') => s.push('\t'),
                    Some(b'u') => {
                        let hi = self.hex4(esc)?;
                        let ch = if (0xD800..0xDC00).contains(&hi) {
                            if self.b.get(self.pos) == Some(&b'\\')
                                && self.b.get(self.pos + 1) == Some(&b'u')
                            {
                                let next = self.pos;
                                self.pos += 2;
                                let lo = self.hex4(esc)?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    // not a pair: the next escape is a character of its own
                                    self.pos = next;
                                    None
                                }
                            } else {
                                None
                            }
                        } else {
                            char::from_u32(hi)
                        };
                        if ch.is_none() && self.as_serde {
                            // where serde_json says it: after the escape
                            return self.err(
                                format!(
                                    "lone surrogate `{}`: a `\\uD800`–`\\uDFFF` escape must be half of a UTF-16 surrogate pair",
                                    self.text.get(esc..self.pos).unwrap_or("")
                                ),
                                self.pos,
                            );
                        }
                        // a lone surrogate has no UTF-8 form: U+FFFD, as Java's UTF-8 encoder writes `?`
                        s.push(ch.unwrap_or('\u{fffd}'));
                    }
                    _ => return self.err("invalid escape in string", esc),
                }
                run = self.pos;
                continue;
            }
            if c < 0x20 {
                return self.err(
                    format!("control character U+{c:04X} in a string must be escaped"),
                    self.pos,
                );
            }
            self.pos += 1;
        }
    }

    /// Drops whitespace at `pos`, which the output drops too; inlined, since there is mostly
    /// none.
    #[inline(always)]
    fn norm_ws(&mut self, n: &mut Normalizer<'a>) {
        if self
            .b
            .get(self.pos)
            .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.norm_skip_ws(n);
        }
    }

    /// The byte at `pos` past any whitespace: in compact JSON, the byte at `pos`, checked once.
    #[inline(always)]
    fn norm_peek(&mut self, n: &mut Normalizer<'a>) -> Option<u8> {
        let c = *self.b.get(self.pos)?;
        if c > b' ' {
            return Some(c);
        }
        self.norm_ws(n);
        self.b.get(self.pos).copied()
    }

    #[inline(never)]
    fn norm_skip_ws(&mut self, n: &mut Normalizer<'a>) {
        n.flush(self.text, self.pos);
        self.ws();
        n.run = self.pos;
    }

    fn norm_value(&mut self, n: &mut Normalizer<'a>, depth: usize) -> Option<()> {
        // what the printer would write as `null` (see `value::PRINT_DEPTH`, `PRINT_BUDGET`)
        n.values += 1;
        if depth >= PRINT_DEPTH || n.values > PRINT_BUDGET {
            return None;
        }
        match self.norm_peek(n)? {
            b'{' => self.norm_object(n, depth),
            b'[' => self.norm_array(n, depth),
            b'"' => {
                let start = self.pos;
                if let Some(end) = canonical_string_end(self.b, start + 1) {
                    // written as the printer writes it: kept as it is
                    self.pos = end;
                } else {
                    let s = self.string(b'"').ok()?;
                    n.flush(self.text, start);
                    push_json_string(&mut n.out, &s);
                    n.run = self.pos;
                }
                Some(())
            }
            b't' => self.norm_word(b"true"),
            b'f' => self.norm_word(b"false"),
            b'n' => self.norm_word(b"null"),
            c if c == b'-' || c.is_ascii_digit() => {
                let start = self.pos;
                if let Some(end) = canonical_integer_end(self.b, start)
                    .or_else(|| canonical_decimal_end(self.b, start))
                {
                    self.pos = end;
                    return Some(());
                }
                let v = self.number().ok()?;
                let text = &self.text[start..self.pos];
                // an integer in strict JSON is written as it prints, but for `-0`
                if matches!(v, Value::Int(_) | Value::BigInt(_)) && text != "-0" {
                    return Some(());
                }
                n.flush(self.text, start);
                match v {
                    Value::Int(i) => push_int(&mut n.out, i),
                    Value::Float(f) if f.is_finite() => push_java_double(&mut n.out, f),
                    Value::Float(_) => n.out.push_str("null"),
                    _ => return None,
                }
                n.run = self.pos;
                Some(())
            }
            _ => None,
        }
    }

    /// `true`, `false` or `null` at `pos`, written as the printer writes it.
    #[inline(always)]
    fn norm_word(&mut self, w: &[u8]) -> Option<()> {
        if self.b.get(self.pos..self.pos + w.len()) == Some(w) {
            self.pos += w.len();
            Some(())
        } else {
            None
        }
    }

    fn norm_object(&mut self, n: &mut Normalizer<'a>, depth: usize) -> Option<()> {
        self.pos += 1;
        if self.norm_peek(n) == Some(b'}') {
            self.pos += 1;
            return Some(());
        }
        let base = n.keys.len();
        loop {
            if self.norm_peek(n)? != b'"' {
                return None;
            }
            let start = self.pos + 1;
            let end = find_json_special(self.b, start);
            if self.b.get(end) != Some(&b'"') {
                return None;
            }
            // bytes, not text: a str's slice checks char boundaries, in wasm a call a key
            let key: &'a [u8] = &self.b[start..end];
            let seen = &n.keys[base..];
            let first = key.first();
            if seen.len() >= NORMALIZE_MAX_KEYS
                || seen
                    .iter()
                    .any(|k| k.len() == key.len() && k.first() == first && *k == key)
            {
                return None;
            }
            n.keys.push(key);
            self.pos = end + 1;
            if self.norm_peek(n)? != b':' {
                return None;
            }
            self.pos += 1;
            self.norm_value(n, depth + 1)?;
            match self.norm_peek(n)? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    n.keys.truncate(base);
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn norm_array(&mut self, n: &mut Normalizer<'a>, depth: usize) -> Option<()> {
        self.pos += 1;
        if self.norm_peek(n) == Some(b']') {
            self.pos += 1;
            return Some(());
        }
        loop {
            self.norm_value(n, depth + 1)?;
            match self.norm_peek(n)? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn hex4(&mut self, esc: usize) -> Result<u32, JsonError> {
        match self.b.get(self.pos..).and_then(crate::engine::text::hex4) {
            Some(v) => {
                self.pos += 4;
                Ok(u32::from(v))
            }
            None => self.err("`\\u` must be followed by four hex digits", esc),
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        if self.b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        // the value of up to 18 digits, which cannot overflow
        let mut acc: i64 = 0;
        while let Some(&d) = self.b.get(self.pos)
            && d.is_ascii_digit()
        {
            acc = acc.wrapping_mul(10).wrapping_add(i64::from(d - b'0'));
            self.pos += 1;
        }
        let int_len = self.pos - int_start;
        if int_len == 0 {
            return self.err("a number needs digits", start);
        }
        if int_len > 1 && self.b[int_start] == b'0' && !self.relaxed {
            return self.err("a number must not start with `0`", start);
        }
        let mut float = false;
        let mut frac_len = 0;
        if self.b.get(self.pos) == Some(&b'.') {
            float = true;
            self.pos += 1;
            let f = self.pos;
            while let Some(&d) = self.b.get(self.pos)
                && d.is_ascii_digit()
            {
                acc = acc.wrapping_mul(10).wrapping_add(i64::from(d - b'0'));
                self.pos += 1;
            }
            frac_len = self.pos - f;
            if frac_len == 0 {
                return self.err("a number needs digits after `.`", start);
            }
        }
        let exponent = matches!(self.b.get(self.pos), Some(b'e' | b'E'));
        if exponent {
            float = true;
            self.pos += 1;
            if matches!(self.b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            let e = self.pos;
            while self.b.get(self.pos).is_some_and(u8::is_ascii_digit) {
                self.pos += 1;
            }
            if self.pos == e {
                return self.err("a number needs digits in its exponent", start);
            }
        }
        if !float && int_len <= 18 {
            if self.as_serde && int_start > start && acc == 0 {
                // serde_json reads `-0` as the double -0.0
                return Ok(Value::Float(-0.0));
            }
            return Ok(Value::Int(if int_start > start { -acc } else { acc }));
        }
        if float && !exponent && int_len + frac_len <= 15 {
            // at most 15 digits: the digits as an integer are exact in a double, and so is
            // 10^frac_len; one correctly rounded division gives the nearest double (Clinger's
            // fast path), what `str::parse` gives at many times the cost in wasm
            let f = acc as f64 / POW10[frac_len];
            return Ok(Value::Float(if int_start > start { -f } else { f }));
        }
        let text = &self.text[start..self.pos];
        let out_of_range = || self.err("number out of range: beyond a double's", start);
        if float {
            match text.parse::<f64>() {
                Ok(f) if self.as_serde && f.is_infinite() => out_of_range(),
                Ok(f) => Ok(Value::Float(f)),
                Err(_) => self.err("invalid number", start),
            }
        } else if self.as_serde && text.parse::<f64>().is_ok_and(f64::is_infinite) {
            // an integer of 309 digits or more, which serde_json reads as a double
            out_of_range()
        } else {
            match text.parse::<i64>() {
                Ok(i) => Ok(Value::Int(i)),
                Err(_) => {
                    // the relaxed parser takes leading zeros; the number's text must not keep
                    // them, or it would not print back as JSON
                    let (sign, digits) = text.strip_prefix('-').map_or(("", text), |d| ("-", d));
                    let digits = digits.trim_start_matches('0');
                    Ok(Value::BigInt(Rc::from(format!("{sign}{digits}"))))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        parse(s)
            .map(|v| v.to_json())
            .unwrap_or_else(|e| format!("ERR {}@{}", e.message, e.span.start))
    }

    #[test]
    fn parses_and_keeps_order_and_number_kinds() {
        assert_eq!(
            p(r#" {"b":1,"a":[true,null,"x"],"c":1.50,"d":-0,"e":1e2} "#),
            r#"{"b":1,"a":[true,null,"x"],"c":1.5,"d":0,"e":100.0}"#
        );
        assert_eq!(
            p("123456789012345678901234567890"),
            "123456789012345678901234567890"
        );
        assert_eq!(p(r#"{"a":1,"b":2,"a":3}"#), r#"{"a":3,"b":2}"#);
        assert_eq!(p("\u{feff}[]"), "[]");
    }

    #[test]
    fn strings_unescape() {
        assert_eq!(
            parse(r#""a\"\\\/\n\u00e9\ud83d\ude00""#)
                .unwrap()
                .to_display(),
            "a\"\\/\né😀"
        );
        assert_eq!(parse(r#""\ud800""#).unwrap().to_display(), "\u{fffd}");
    }

    #[test]
    fn errors_point_at_the_problem() {
        assert_eq!(
            p("{\"a\" 1}"),
            "ERR unexpected `1`, expected `:` after the key@5"
        );
        assert_eq!(
            p("[1,"),
            "ERR unexpected end of text inside an array: missing `]`@0"
        );
        assert_eq!(
            p("{'a':1}"),
            "ERR unexpected `'`, expected a key in double quotes@1"
        );
        assert_eq!(p("01"), "ERR a number must not start with `0`@0");
        assert_eq!(p("1 2"), "ERR unexpected `2` after the JSON value@2");
        assert_eq!(p(""), "ERR empty text, expected a JSON value@0");
        assert_eq!(
            p("\"a\nb\""),
            "ERR control character U+000A in a string must be escaped@2"
        );
        // a sign is not a hex digit (the json fuzz target found `\u+c00` read as U+0C00)
        assert_eq!(
            p(r#""\u+c00""#),
            "ERR `\\u` must be followed by four hex digits@1"
        );
        assert_eq!(p(r#""\u00e9\u0041""#), "\"éA\"");
    }

    #[test]
    fn relaxed_takes_bare_keys_and_single_quotes() {
        assert_eq!(
            parse_relaxed("{statusCode: 200, 'x': 'y'}")
                .unwrap()
                .to_json(),
            r#"{"statusCode":200,"x":"y"}"#
        );
    }

    /// Decimals of up to 15 digits are read without `str::parse`: the same doubles, sign and
    /// `-0.0` included.
    #[test]
    fn short_decimals_read_as_str_parse_reads_them() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut texts: Vec<String> = [
            "0.0",
            "-0.0",
            "0.1",
            "0.3",
            "1.5",
            "-2.25",
            "123456789.012345",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for _ in 0..20_000 {
            let int_len = 1 + next(8) as usize;
            let frac_len = 1 + next(15 - int_len as u64 + 2) as usize;
            let mut t = String::new();
            if next(3) == 0 {
                t.push('-');
            }
            for i in 0..int_len {
                let d = if i == 0 && int_len > 1 {
                    1 + next(9)
                } else {
                    next(10)
                };
                t.push(char::from(b'0' + d as u8));
            }
            t.push('.');
            for _ in 0..frac_len {
                t.push(char::from(b'0' + next(10) as u8));
            }
            texts.push(t);
        }
        for t in &texts {
            let want: f64 = t.parse().unwrap();
            match parse(t) {
                Ok(Value::Float(f)) => assert_eq!(f.to_bits(), want.to_bits(), "{t}"),
                other => panic!("{t}: {other:?}"),
            }
        }
    }

    /// Keys of equal text are one string, however many keys share a slot or overflow the
    /// slots, and a repeated key in an object keeps its first place with its last value.
    #[test]
    fn equal_keys_are_one_string_and_repeats_collapse() {
        // 300 distinct keys (most share a slot with another), each object repeating one
        let mut text = String::from("[");
        for i in 0..300 {
            let (a, b) = (format!("k{i}"), format!("key-{}", i * 7));
            text.push_str(&format!(
                r#"{{"{a}":1,"{b}":2,"{a}":3}},{{"{b}":4,"{a}":5}},"#
            ));
        }
        text.push_str(r#"{"":0,"":1}]"#);
        let v = parse(&text).unwrap();
        let Value::List(items, _) = &v else { panic!() };
        let items = items.borrow();
        let key = |o: &Value, i: usize| match o {
            Value::Map(m) => m.borrow().get_index(i).map(|(k, _)| k.clone()),
            _ => None,
        };
        for pair in items[..600].chunks(2) {
            let (a, b) = (key(&pair[0], 0).unwrap(), key(&pair[0], 1).unwrap());
            assert!(key(&pair[0], 2).is_none(), "the repeat collapsed");
            assert!(Rc::ptr_eq(&a, &key(&pair[1], 1).unwrap()), "{a}");
            assert!(Rc::ptr_eq(&b, &key(&pair[1], 0).unwrap()), "{b}");
        }
        assert_eq!(items[0].to_json(), r#"{"k0":3,"key-0":2}"#);
        assert_eq!(items[598].to_json(), r#"{"k299":3,"key-2093":2}"#);
        assert_eq!(items[600].to_json(), r#"{"":1}"#);
    }

    /// `normalize` writes what parsing and printing would, or leaves it to them.
    fn same_as_parse(t: &str) -> bool {
        let slow = parse(t).ok().map(|v| v.to_json());
        let fast = normalize(t);
        if fast.is_some() {
            assert_eq!(fast, slow, "{t:?}");
        }
        fast.is_some()
    }

    /// A text already written as the printer writes it is its own JSON, without a copy; any
    /// difference (whitespace anywhere, a byte-order mark, an escape or a number written
    /// otherwise) gives the rewritten text, as `normalize`.
    #[test]
    fn normalized_says_when_the_text_is_its_own_json() {
        for t in [
            r#"{"a":[1,2.5,"x\n\"y\"",true,null],"b":{}}"#,
            "[]",
            "1",
            "\"caf\u{e9}\"",
        ] {
            assert_eq!(normalized(t), Some(None), "{t:?}");
            assert_eq!(normalize(t).as_deref(), Some(t));
        }
        for t in [
            " 1",
            "1 ",
            "[1, 2]",
            "\u{feff}[]",
            r#"["\/"]"#,
            "[-0]",
            "[1.50]",
            "[1e2]",
        ] {
            let n = normalized(t);
            assert!(matches!(n, Some(Some(_))), "{t:?}: {n:?}");
            assert_eq!(n.flatten(), normalize(t), "{t:?}");
        }
        assert_eq!(normalized("[1,"), None);
    }

    #[test]
    fn normalize_writes_what_parse_and_print_write() {
        let cases = [
            r#" {"b":1, "a":[true,null,"x"],"c":1.50,"d":-0,"e":1e2,"f":-1E-7,"g":1e400} "#,
            "\u{feff}[]",
            "\u{feff} {\"a\" : \"b\" }\n",
            r#""a\"\\\/\n\u00e9\ud83d\ude00\ud800\u001f""#,
            "[\"caf\u{e9}\", \"\u{1F600}\", \"</script>\", \"tab\\there\"]",
            "123456789012345678901234567890",
            "-123456789012345678901234567890",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "0.1",
            "194.63",
            "-0.5",
            "0.005",
            "0.0005",
            "9999999.99",
            "1234567.12345678",
            "1234567.1234567891",
            "0.123456789012345",
            "0.1234567890123456",
            "-0.0",
            "1.10",
            "1.5e3",
            r#""a\u001F\u001f\u0008\u0041\b\f\/""#,
            r#""\u001F""#,
            r#""\u001f""#,
            r#""\u0008""#,
            r#""\"\\\n\r\t\b\f""#,
            r#""\x""#,
            r#""\u00""#,
            "\"open",
            "1234567.0",
            "12345678.9",
            "0.001",
            "0.0001",
            "1e7",
            r#"{"a":1,"b":2,"a":3}"#,
            r#"{"a\u0062":1,"ab":2}"#,
            r#"{"x":{"a":1},"y":{"a":2}}"#,
            "",
            " ",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "-",
            "1.",
            "1e",
            "tru",
            "nul",
            "[1 2]",
            "\"a\nb\"",
            "\"\\x\"",
            "[1] 2",
            "{'a':1}",
            "{a:1}",
            "[\"\u{7f}\"]",
        ];
        for t in cases {
            same_as_parse(t);
        }
        assert_eq!(
            normalize(r#" {"b":1, "a":[true,null,"x\/"],"c":1.50,"d":-0,"e":1e2} "#).as_deref(),
            Some(r#"{"b":1,"a":[true,null,"x/"],"c":1.5,"d":0,"e":100.0}"#)
        );
        // nesting around the printer's depth limit, and objects around the key limit
        for d in [198, 199, 200, 201, 511, 512, 513] {
            same_as_parse(&format!("{}1{}", "[".repeat(d), "]".repeat(d)));
            same_as_parse(&format!("{}{}", "[".repeat(d), "]".repeat(d)));
            same_as_parse(&format!("{}1{}", "{\"k\":".repeat(d), "}".repeat(d)));
        }
        for n in [63, 64, 65] {
            let body: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
            same_as_parse(&format!("{{{}}}", body.join(",")));
        }
        // and random texts made of JSON's pieces
        let pieces = [
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            " ",
            "\"a\"",
            "\"b\"",
            "\"\\n\"",
            "\"\\u00e9\"",
            "1",
            "-0",
            "2.5",
            "1e3",
            "true",
            "null",
            "\"x\":",
            "\"a\":",
            "\u{e9}",
            "\"",
            "\\",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut written = 0;
        for _ in 0..50_000 {
            let mut t = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 59) as usize + 1;
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            written += usize::from(same_as_parse(&t));
        }
        assert!(written > 500, "{written}");
        // and random documents
        fn next(seed: &mut u64, n: usize) -> usize {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (*seed >> 33) as usize % n
        }
        fn doc(seed: &mut u64, depth: usize, out: &mut String) {
            let ws = ["", "", " ", "\n ", "\t"];
            out.push_str(ws[next(seed, ws.len())]);
            let scalars = [
                "0",
                "-0",
                "7",
                "-12",
                "1.5",
                "-0.25",
                "1e2",
                "1E-7",
                "2.5e+3",
                "1e400",
                "0.001",
                "12345678",
                "1234567.25",
                "99999999999999999999",
                "true",
                "false",
                "null",
                r#""""#,
                r#""plain""#,
                "\"caf\u{e9} \u{1F600}\"",
                r#""q\"b""#,
                r#""\u00e9\n\/""#,
                r#""\ud83d\ude00\udc00""#,
                "\"\u{7f}\"",
            ];
            match if depth > 4 { 0 } else { next(seed, 4) } {
                0 | 1 => out.push_str(scalars[next(seed, scalars.len())]),
                2 => {
                    out.push('[');
                    for i in 0..next(seed, 4) {
                        if i > 0 {
                            out.push(',');
                        }
                        doc(seed, depth + 1, out);
                    }
                    out.push(']');
                }
                _ => {
                    out.push('{');
                    let keys = ["\"a\"", "\"b\"", "\"c\"", "\"d\"", "\"\u{e9}\"", "\"\""];
                    for i in 0..next(seed, 4) {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str(keys[next(seed, keys.len())]);
                        out.push(':');
                        doc(seed, depth + 1, out);
                    }
                    out.push('}');
                }
            }
            out.push_str(ws[next(seed, ws.len())]);
        }
        let mut written = 0;
        for _ in 0..5_000 {
            let mut t = String::new();
            doc(&mut seed, 0, &mut t);
            assert!(parse(&t).is_ok(), "{t}");
            written += usize::from(same_as_parse(&t));
        }
        assert!(written > 3_000, "{written}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(p(&deep).contains("nested deeper than 512"));
    }
}
