//! Java regular expressions (`java.util.regex.Pattern`) on the `regex-lite` crate.
//!
//! API Gateway matches integration-response keys such as `/2\d\d/` with Java regexes, and VTL
//! templates call Java's `String.matches`, `replaceAll`, `replaceFirst` and `split`. This module
//! parses a Java pattern the way `Pattern` does (a port of its recursive-descent parser, with its
//! quirks: `\Q…\E` removal before parsing, dangling `]`/`}` as literals, `[]a]`, `&&` and nested
//! classes, `{n,2147483647}` as unbounded, …) into a small tree, then writes an equivalent
//! pattern for the `regex-lite` crate that needs **no Unicode tables** (regex-lite has none,
//! which keeps the wasm small):
//!
//! | Java | `regex-lite` crate |
//! |---|---|
//! | literal `a`, `\t \n \r \f \a \e`, `\0oo`, `\xhh`, `\x{h…}`, `\uhhhh` (surrogate pairs joined), `\cX` | the code point, escaped |
//! | `\d` `\w` `\s` (ASCII, as in Java) | `[0-9]`, `[0-9A-Z_a-z]`, `[\t-\r ]`; `\D \W \S` their complements |
//! | `\h` `\v` `\H` `\V` `\R` | Java's explicit sets; `\R` → `(?:\r\n\|[\n\x0B\f\r\x{85}\x{2028}\x{2029}])` |
//! | `.` | `[^\n\r\x{85}\x{2028}\x{2029}]`; `(?s)` → `(?s:.)`; `(?d)` → `[^\n]` |
//! | `[…]`, ranges, `[^…]`, `[a[b]]`, `[a-z&&[^aeiou]]` | evaluated here into one explicit set, written as one class |
//! | `\p{Alpha}` `\p{Digit}` `\p{Alnum}` `\p{Upper}` `\p{Lower}` `\p{Punct}` `\p{Graph}` `\p{Print}` `\p{Blank}` `\p{Cntrl}` `\p{XDigit}` `\p{Space}` `\p{ASCII}` | explicit ASCII classes (`\P{…}` complements) |
//! | `\p{L1}` `\p{all}` `\p{Cc}` `\p{Co}` `\p{Cs}` `\p{Zs}` `\p{Zl}` `\p{Zp}` `\p{Z}` `\p{javaWhitespace}` `\p{javaSpaceChar}` `\p{javaISOControl}` `\p{IsWhite_Space}` `\p{IsControl}` `\p{IsJoin_Control}` `\p{IsNoncharacter_Code_Point}` `\p{IsBlank}` | explicit (stable) sets |
//! | `(?i)` (ASCII-only in Java) | each ASCII letter becomes `[Aa]`, ranges gain their other case; `É`/`é` stay distinct |
//! | `\b` `\B` | `(?-u:\b)` `(?-u:\B)`: ASCII word boundaries, no tables needed |
//! | `^` `\A` `\z` | `\A` `\A` `\z` |
//! | `$` `\Z` (end, or before a final line terminator) | see "`$`" below |
//! | `(?m)^` `(?m)$` | `(?Rm:^)` `(?Rm:$)` (`(?m:^)` `(?m:$)` with `(?d)`) |
//! | `(…)` `(?:…)` `(?<name>…)` | `(…)` `(?:…)` `(?P<name>…)` |
//! | `* + ? {n} {n,} {n,m}` and lazy `*?` … | the same |
//!
//! **`$`.** Java's `$` (and `\Z`) also matches just before a line terminator that ends the text.
//! With [`Anchor::Full`] that never matters for a `$` at the end of the pattern (the match must
//! end at the end of the text anyway), so it is `\z`. For searches (`find`, `replaceAll`,
//! `split`), a `$` followed by nothing but other `$`s becomes `(?:(T)?\z)` where `T` is the
//! final terminator (`\r\n` when the text ends so, else one of `\n \r \x{85} \x{2028}
//! \x{2029}`), and the match (and its groups) is cut back to where `T` starts: exactly Java's
//! result. A `$` followed by text or another assertion (`a$\n`, `$\b`) stays `\z`.
//!
//! **Not supported** ([`RegexErrorKind::Unsupported`], with the construct's span and a hint):
//! lookahead and lookbehind, atomic groups, possessive quantifiers, back-references, `\G`,
//! `\X`, `\b{g}`, `\N{…}`, Unicode properties, scripts, blocks and `java…` methods that need
//! tables, `(?U)` when it would change a class, `(?u)` when it would change case folding,
//! `(?c)`. The `regex-lite` crate has no backtracking engine and the Unicode tables are left out, so
//! none of these can be emulated. (An `In…`/`Is…`/`sc=` name Java does not know is reported as
//! unsupported too: telling it from a real block or script would need those tables.)
//!
//! **Java version.** Modern Java (checked against JDK 25 with a differential test of 80,000
//! random patterns on a dozen texts: same syntax errors and messages, same matches, `split`
//! pieces and `replaceAll` results, but for the differences below): `[^a[b]]` negates the whole
//! class and `\R` may backtrack into `\r\n` (Java 9+), `\b` is ASCII like `\w` (Java 19+;
//! Java 8–18 also count non-ASCII letters and digits as word characters), `(?i)\p{Lower}`
//! matches upper case too.
//!
//! **Known differences.** After an empty match Java may match again *between* the two UTF-16
//! halves of a non-BMP character (`"😀".replaceAll("", "-")` splits the surrogate pair); here the
//! next search starts one whole character later. A `$`/`\Z` followed by text or an assertion only
//! matches at the very end (see above). `(?m)^` and `(?m)$` know only `\n`, `\r` and `\r\n`
//! as line terminators (not `\x{85}`, `\x{2028}`, `\x{2029}`), and `(?m)^` also matches at the
//! end of a text that ends with a line terminator, and in an empty text (Java's does not). A
//! quantified `\R` (`\R{2}`) in Java does not backtrack into `\r\n`; here it does.

use crate::engine::span::Span;
use regex_lite::{CaptureLocations, Regex, RegexBuilder};
use std::fmt;

/// How a pattern must match a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The whole text must match: `Pattern.matches`, `String.matches`, integration-response keys.
    Full,
    /// Some part of the text matches: `Matcher.find`.
    Search,
}

/// What went wrong with a pattern or a replacement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegexErrorKind {
    /// Java would reject it too (`PatternSyntaxException`, or `IllegalArgumentException` /
    /// `IndexOutOfBoundsException` for a replacement string).
    Syntax,
    /// Valid Java, but a feature the `regex-lite` crate cannot run.
    Unsupported,
    /// The compiled automaton would exceed the size limit.
    TooBig,
}

/// A pattern or replacement error, Java-like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegexError {
    /// What kind of error.
    pub kind: RegexErrorKind,
    /// The message, worded like Java's where Java has one (`Unclosed group`).
    pub message: String,
    /// Byte span inside the pattern (inside the replacement string for replacement errors).
    pub span: Span,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl RegexError {
    fn new(kind: RegexErrorKind, message: impl Into<String>, span: Span) -> RegexError {
        RegexError {
            kind,
            message: message.into(),
            span,
            hint: None,
        }
    }

    fn with_hint(mut self, hint: impl Into<String>) -> RegexError {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RegexError {}

/// A compiled Java pattern.
#[derive(Clone, Debug)]
pub struct JavaRegex {
    pattern: String,
    translated: String,
    translated_full: String,
    search: Regex,
    /// The search regex for texts ending in `\r\n` (only when a `$` needed the terminator trick).
    search_crlf: Option<Regex>,
    full: Regex,
    group_count: usize,
    names: Vec<(String, usize)>,
    /// Java group number → group number in `search` (index 0 is the whole match).
    group_map: Vec<usize>,
    /// Internal groups of `search` holding the final line terminator a `$` looked past.
    dollar_groups: Vec<usize>,
}

/// One match, in Java's terms (byte offsets).
struct Hit {
    start: usize,
    end: usize,
    /// Java groups `0..=group_count`, when asked for.
    groups: Vec<Option<(usize, usize)>>,
}

/// Compiles a Java pattern. `size_limit` bounds the compiled size of each automaton in bytes.
pub fn compile(pattern: &str, size_limit: usize) -> Result<JavaRegex, RegexError> {
    let parsed = Parser::new(pattern).parse()?;

    let mut search = Emitter::new(Mode::Search, parsed.group_count);
    search.emit(&parsed.node, true);
    let crlf_src = if search.uses_crlf {
        let mut e = Emitter::new(Mode::SearchCrlf, parsed.group_count);
        e.emit(&parsed.node, true);
        Some(e.out)
    } else {
        None
    };
    let mut full = Emitter::new(Mode::Full, parsed.group_count);
    full.emit(&parsed.node, true);
    let translated_full = format!(r"\A(?:{})\z", full.out);

    let search_re = build(&search.out, size_limit, pattern)?;
    let full_re = build(&translated_full, size_limit, pattern)?;
    let search_crlf = match crlf_src {
        Some(src) => Some(build(&src, size_limit, pattern)?),
        None => None,
    };
    Ok(JavaRegex {
        pattern: pattern.to_string(),
        translated: search.out,
        translated_full,
        search: search_re,
        search_crlf,
        full: full_re,
        group_count: parsed.group_count,
        names: parsed.names,
        group_map: search.map,
        dollar_groups: search.dollar_groups,
    })
}

fn build(src: &str, size_limit: usize, pattern: &str) -> Result<Regex, RegexError> {
    RegexBuilder::new(src)
        .size_limit(size_limit)
        // the `regex` crate's default; the translator's own depth limit keeps patterns well inside it.
        .nest_limit(250)
        .build()
        .map_err(|e| {
            // regex-lite's errors are only messages; its one size error says "size limit".
            if e.to_string().contains("size limit") {
                RegexError::new(
                    RegexErrorKind::TooBig,
                    format!(
                        "the compiled regular expression is larger than the limit of {size_limit} bytes (limit: regex size)"
                    ),
                    Span::new(0, pattern.len()),
                )
                .with_hint(
                    "simplify the pattern: large counted repetitions such as `{1000}` and nested \
                     repetitions make it grow",
                )
            } else {
                RegexError::new(
                    RegexErrorKind::Unsupported,
                    format!("this pattern could not be translated for the regex engine: {e}"),
                    Span::new(0, pattern.len()),
                )
            }
        })
}

impl JavaRegex {
    /// The Java pattern as written.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The `regex-lite` crate pattern used for searching ([`Anchor::Search`], replace, split).
    pub fn translated(&self) -> &str {
        &self.translated
    }

    /// The `regex-lite` crate pattern used for [`Anchor::Full`]: `\A(?:…)\z`.
    pub fn translated_full(&self) -> &str {
        &self.translated_full
    }

    /// Number of capturing groups (Java's `groupCount()`).
    pub fn group_count(&self) -> usize {
        self.group_count
    }

    /// Whether the pattern matches: the whole text ([`Anchor::Full`]) or some part of it.
    pub fn is_match(&self, text: &str, anchor: Anchor) -> bool {
        match anchor {
            Anchor::Full => self.full.is_match(text),
            Anchor::Search => self.search_regex(text).is_match(text),
        }
    }

    /// How many matches `replaceAll` would replace (Java's `find()` loop), without building
    /// anything: lets a caller bound the result's size first.
    pub fn count_matches(&self, text: &str) -> usize {
        self.hits(text, false, usize::MAX).len()
    }

    /// Java's `String.replaceAll(regex, replacement)`, with Java's replacement syntax
    /// (`$1`, `${name}`, `\$`, `\\`).
    pub fn replace_all(&self, text: &str, replacement: &str) -> Result<String, RegexError> {
        self.replace(text, replacement, true)
    }

    /// Java's `String.replaceFirst(regex, replacement)`.
    pub fn replace_first(&self, text: &str, replacement: &str) -> Result<String, RegexError> {
        self.replace(text, replacement, false)
    }

    /// Java's `String.split(regex, limit)`: `limit > 0` caps the number of pieces, `0` drops
    /// trailing empty pieces, `< 0` keeps them; a zero-width match at the start makes no
    /// leading empty piece; no match gives the whole text.
    pub fn split(&self, text: &str, limit: i32) -> Vec<String> {
        let hits = self.hits(text, false, usize::MAX);
        let match_limited = limit > 0;
        let cap = if match_limited { limit as usize } else { 0 };
        let mut index = 0usize;
        let mut list: Vec<String> = Vec::new();
        for hit in hits {
            if !match_limited || list.len() < cap - 1 {
                if index == 0 && hit.start == 0 && hit.start == hit.end {
                    // No empty leading piece for a zero-width match at the beginning.
                    continue;
                }
                list.push(slice(text, index, hit.start).to_string());
                index = hit.end;
            } else if list.len() == cap - 1 {
                list.push(slice(text, index, text.len()).to_string());
                index = hit.end;
                break;
            }
        }
        if index == 0 {
            return vec![text.to_string()];
        }
        if !match_limited || list.len() < cap {
            list.push(slice(text, index, text.len()).to_string());
        }
        if limit == 0 {
            while list.last().is_some_and(|s| s.is_empty()) {
                list.pop();
            }
        }
        list
    }

    fn replace(&self, text: &str, replacement: &str, all: bool) -> Result<String, RegexError> {
        let limit = if all { usize::MAX } else { 1 };
        let hits = self.hits(text, true, limit);
        if hits.is_empty() {
            // Java parses the replacement only when something matched.
            return Ok(text.to_string());
        }
        let pieces = parse_replacement(replacement, self.group_count, &self.names)?;
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for hit in &hits {
            out.push_str(slice(text, pos, hit.start));
            for piece in &pieces {
                match piece {
                    Piece::Text(s) => out.push_str(s),
                    Piece::Group(g) => {
                        if let Some(Some((a, b))) = hit.groups.get(*g) {
                            out.push_str(slice(text, *a, *b));
                        }
                    }
                }
            }
            pos = hit.end;
        }
        out.push_str(slice(text, pos, text.len()));
        Ok(out)
    }

    fn search_regex(&self, text: &str) -> &Regex {
        match &self.search_crlf {
            Some(re) if text.ends_with("\r\n") => re,
            _ => &self.search,
        }
    }

    /// The matches Java's `Matcher.find()` loop visits, at most `limit` of them.
    fn hits(&self, text: &str, with_groups: bool, limit: usize) -> Vec<Hit> {
        let re = self.search_regex(text);
        let need_locs = with_groups || !self.dollar_groups.is_empty();
        let mut locs = re.capture_locations();
        let mut out = Vec::new();
        // Java: `first` and `last` are the previous match's bounds; after an empty match the
        // next search starts one character further.
        let mut first: Option<usize> = None;
        let mut last = 0usize;
        while out.len() < limit {
            let mut from = last;
            if first == Some(last) {
                match text.get(from..).and_then(|rest| rest.chars().next()) {
                    Some(c) => from += c.len_utf8(),
                    None => break,
                }
            }
            if from > text.len() {
                break;
            }
            let hit = if need_locs {
                self.find_with_locs(re, &mut locs, text, from, with_groups)
            } else {
                re.find_at(text, from).map(|m| Hit {
                    start: m.start(),
                    end: m.end(),
                    groups: Vec::new(),
                })
            };
            let Some(hit) = hit else { break };
            first = Some(hit.start);
            last = hit.end;
            out.push(hit);
        }
        out
    }

    fn find_with_locs(
        &self,
        re: &Regex,
        locs: &mut CaptureLocations,
        text: &str,
        from: usize,
        with_groups: bool,
    ) -> Option<Hit> {
        let m = re.captures_read_at(locs, text, from)?;
        let start = m.start();
        let mut end = m.end();
        let mut trimmed = false;
        for &g in &self.dollar_groups {
            if let Some((a, b)) = locs.get(g)
                && b > a
            {
                // A `$` looked past the final line terminator: Java's match ends before it.
                end = a.max(start);
                trimmed = true;
                break;
            }
        }
        let groups = if with_groups {
            (0..=self.group_count)
                .map(|j| {
                    if j == 0 {
                        return Some((start, end));
                    }
                    let ci = *self.group_map.get(j)?;
                    let (a, b) = locs.get(ci)?;
                    Some(if trimmed {
                        (a.min(end), b.min(end))
                    } else {
                        (a, b)
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        Some(Hit { start, end, groups })
    }
}

/// `text[a..b]`, or `""` if that is not a valid slice (never panics).
fn slice(text: &str, a: usize, b: usize) -> &str {
    text.get(a..b).unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Replacement strings

enum Piece {
    Text(String),
    Group(usize),
}

/// Parses a Java replacement string (`Matcher.appendReplacement`): `\x` is `x`, `$n` takes as
/// many digits as form an existing group, `${name}` a named group.
fn parse_replacement(
    rep: &str,
    group_count: usize,
    names: &[(String, usize)],
) -> Result<Vec<Piece>, RegexError> {
    let err = |msg: String, a: usize, b: usize| {
        RegexError::new(RegexErrorKind::Syntax, msg, Span::new(a, b)).with_hint(
            "in a replacement, `$1` or `${name}` inserts a group; write `\\$` for a dollar \
             sign and `\\\\` for a backslash",
        )
    };
    let chars: Vec<(usize, char)> = rep.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(rep.len(), |&(i, _)| i);
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        match c {
            '\\' => {
                k += 1;
                let Some(&(_, escaped)) = chars.get(k) else {
                    return Err(err(
                        "character to be escaped is missing".into(),
                        at,
                        rep.len(),
                    ));
                };
                text.push(escaped);
                k += 1;
            }
            '$' => {
                k += 1;
                let Some(&(_, next)) = chars.get(k) else {
                    return Err(err(
                        "Illegal group reference: group index is missing".into(),
                        at,
                        rep.len(),
                    ));
                };
                let group;
                if next == '{' {
                    k += 1;
                    let mut name = String::new();
                    let mut last = next;
                    while let Some(&(_, ch)) = chars.get(k) {
                        last = ch;
                        if ch.is_ascii_alphanumeric() {
                            name.push(ch);
                            k += 1;
                        } else {
                            break;
                        }
                    }
                    if name.is_empty() {
                        return Err(err(
                            "named capturing group has 0 length name".into(),
                            at,
                            end_of(k),
                        ));
                    }
                    if last != '}' || k >= chars.len() {
                        return Err(err(
                            "named capturing group is missing trailing '}'".into(),
                            at,
                            end_of(k),
                        ));
                    }
                    if name.starts_with(|ch: char| ch.is_ascii_digit()) {
                        return Err(err(
                            format!("capturing group name {{{name}}} starts with digit character"),
                            at,
                            end_of(k + 1),
                        ));
                    }
                    match names.iter().find(|(n, _)| *n == name) {
                        Some(&(_, g)) => group = g,
                        None => {
                            return Err(err(
                                format!("No group with name {{{name}}}"),
                                at,
                                end_of(k + 1),
                            ));
                        }
                    }
                    k += 1;
                } else {
                    let Some(d) = next.to_digit(10).filter(|_| next.is_ascii_digit()) else {
                        return Err(err("Illegal group reference".into(), at, end_of(k + 1)));
                    };
                    let mut g = d as usize;
                    k += 1;
                    while let Some(&(_, ch)) = chars.get(k) {
                        let Some(d) = ch.to_digit(10).filter(|_| ch.is_ascii_digit()) else {
                            break;
                        };
                        let longer = g.saturating_mul(10).saturating_add(d as usize);
                        if longer > group_count {
                            break;
                        }
                        g = longer;
                        k += 1;
                    }
                    if g > group_count {
                        return Err(err(format!("No group {g}"), at, end_of(k)));
                    }
                    group = g;
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Group(group));
            }
            _ => {
                text.push(c);
                k += 1;
            }
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

// ---------------------------------------------------------------------------------------------
// Character sets

const MAX_CP: u32 = 0x10FFFF;

/// A set of code points as sorted, disjoint, non-adjacent inclusive ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct CharSet(Vec<(u32, u32)>);

impl CharSet {
    fn from_ranges(ranges: &[(u32, u32)]) -> CharSet {
        CharSet::normalized(ranges.to_vec())
    }

    fn normalized(mut v: Vec<(u32, u32)>) -> CharSet {
        v.retain(|&(a, b)| a <= b);
        crate::engine::sort::sort_pairs(&mut v);
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(v.len());
        for (a, b) in v {
            if let Some(last) = out.last_mut()
                && a <= last.1.saturating_add(1)
            {
                last.1 = last.1.max(b);
                continue;
            }
            out.push((a, b));
        }
        CharSet(out)
    }

    fn single(c: u32) -> CharSet {
        CharSet(vec![(c, c)])
    }

    fn all() -> CharSet {
        CharSet(vec![(0, MAX_CP)])
    }

    fn union(&self, other: &CharSet) -> CharSet {
        let mut v = self.0.clone();
        v.extend_from_slice(&other.0);
        CharSet::normalized(v)
    }

    fn intersect(&self, other: &CharSet) -> CharSet {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < a.len() && j < b.len() {
            let lo = a[i].0.max(b[j].0);
            let hi = a[i].1.min(b[j].1);
            if lo <= hi {
                out.push((lo, hi));
            }
            if a[i].1 < b[j].1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        CharSet(out)
    }

    fn negate(&self) -> CharSet {
        let mut out = Vec::new();
        let mut next = 0u32;
        for &(a, b) in &self.0 {
            if a > next {
                out.push((next, a - 1));
            }
            next = b.saturating_add(1);
        }
        if next <= MAX_CP {
            out.push((next, MAX_CP));
        }
        CharSet(out)
    }

    /// Adds the other ASCII case of every ASCII letter in the set (Java's `CASE_INSENSITIVE`
    /// without `UNICODE_CASE`).
    fn ascii_case_closure(&self) -> CharSet {
        let mut v = self.0.clone();
        for &(a, b) in &self.0 {
            let (lo, hi) = (a.max(0x41), b.min(0x5A));
            if lo <= hi {
                v.push((lo + 32, hi + 32));
            }
            let (lo, hi) = (a.max(0x61), b.min(0x7A));
            if lo <= hi {
                v.push((lo - 32, hi - 32));
            }
        }
        CharSet::normalized(v)
    }

    /// The set without surrogate code points, which never occur in Rust strings.
    fn scalar_values(&self) -> CharSet {
        self.intersect(&CharSet(vec![(0, 0xD7FF), (0xE000, MAX_CP)]))
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn ascii_set(ranges: &[(u8, u8)]) -> CharSet {
    CharSet::from_ranges(
        &ranges
            .iter()
            .map(|&(a, b)| (u32::from(a), u32::from(b)))
            .collect::<Vec<_>>(),
    )
}

fn set_digit() -> CharSet {
    ascii_set(&[(b'0', b'9')])
}
fn set_word() -> CharSet {
    ascii_set(&[(b'0', b'9'), (b'A', b'Z'), (b'_', b'_'), (b'a', b'z')])
}
fn set_space() -> CharSet {
    ascii_set(&[(b'\t', b'\r'), (b' ', b' ')])
}
fn set_alpha() -> CharSet {
    ascii_set(&[(b'A', b'Z'), (b'a', b'z')])
}
fn set_horiz() -> CharSet {
    CharSet::from_ranges(&[
        (0x09, 0x09),
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x180E, 0x180E),
        (0x2000, 0x200A),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
    ])
}
fn set_vert() -> CharSet {
    CharSet::from_ranges(&[(0x0A, 0x0D), (0x85, 0x85), (0x2028, 0x2029)])
}
fn set_line_terminators() -> CharSet {
    CharSet::from_ranges(&[(0x0A, 0x0A), (0x0D, 0x0D), (0x85, 0x85), (0x2028, 0x2029)])
}
/// Unicode `Zs` (stable since Unicode 6.3).
fn set_zs() -> CharSet {
    CharSet::from_ranges(&[
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x2000, 0x200A),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
    ])
}
/// Unicode `Z` = `Zs` + `Zl` + `Zp`.
fn set_z() -> CharSet {
    set_zs().union(&CharSet::from_ranges(&[(0x2028, 0x2029)]))
}
fn set_cc() -> CharSet {
    CharSet::from_ranges(&[(0x00, 0x1F), (0x7F, 0x9F)])
}

/// What a property name means.
enum Prop {
    Set(CharSet),
    /// A real Java property that needs Unicode tables.
    NeedsTables,
}

/// Java's `CharPredicates.forProperty(name, caseIns)`: categories, POSIX (ASCII) classes and
/// `java…` methods, case-sensitive names.
fn for_property(name: &str, ci: bool) -> Option<Prop> {
    let set = |s: CharSet| Some(Prop::Set(s));
    match name {
        "ASCII" => set(ascii_set(&[(0, 0x7F)])),
        "Alnum" => set(ascii_set(&[(b'0', b'9'), (b'A', b'Z'), (b'a', b'z')])),
        "Alpha" => set(set_alpha()),
        "Blank" => set(ascii_set(&[(b'\t', b'\t'), (b' ', b' ')])),
        "Cntrl" => set(ascii_set(&[(0, 0x1F), (0x7F, 0x7F)])),
        "Digit" => set(set_digit()),
        "Graph" => set(ascii_set(&[(0x21, 0x7E)])),
        "Lower" if ci => set(set_alpha()),
        "Lower" => set(ascii_set(&[(b'a', b'z')])),
        "Print" => set(ascii_set(&[(0x20, 0x7E)])),
        "Punct" => set(ascii_set(&[
            (0x21, 0x2F),
            (0x3A, 0x40),
            (0x5B, 0x60),
            (0x7B, 0x7E),
        ])),
        "Space" => set(set_space()),
        "Upper" if ci => set(set_alpha()),
        "Upper" => set(ascii_set(&[(b'A', b'Z')])),
        "XDigit" => set(ascii_set(&[(b'0', b'9'), (b'A', b'F'), (b'a', b'f')])),
        "L1" => set(CharSet::from_ranges(&[(0, 0xFF)])),
        "all" => set(CharSet::all()),
        "Cc" | "javaISOControl" => set(set_cc()),
        "Co" => set(CharSet::from_ranges(&[
            (0xE000, 0xF8FF),
            (0xF0000, 0xFFFFD),
            (0x100000, 0x10FFFD),
        ])),
        "Cs" => set(CharSet::from_ranges(&[(0xD800, 0xDFFF)])),
        "Zs" => set(set_zs()),
        "Zl" => set(CharSet::single(0x2028)),
        "Zp" => set(CharSet::single(0x2029)),
        "Z" | "javaSpaceChar" => set(set_z()),
        "javaWhitespace" => {
            let no_break =
                CharSet::from_ranges(&[(0xA0, 0xA0), (0x2007, 0x2007), (0x202F, 0x202F)]);
            set(set_z()
                .intersect(&no_break.negate())
                .union(&CharSet::from_ranges(&[(0x09, 0x0D), (0x1C, 0x1F)])))
        }
        "Cn"
        | "Lu"
        | "Ll"
        | "Lt"
        | "Lm"
        | "Lo"
        | "Mn"
        | "Me"
        | "Mc"
        | "Nd"
        | "Nl"
        | "No"
        | "Cf"
        | "Pd"
        | "Ps"
        | "Pe"
        | "Pc"
        | "Po"
        | "Sm"
        | "Sc"
        | "Sk"
        | "So"
        | "Pi"
        | "Pf"
        | "L"
        | "M"
        | "N"
        | "C"
        | "P"
        | "S"
        | "LC"
        | "LD"
        | "javaLowerCase"
        | "javaUpperCase"
        | "javaAlphabetic"
        | "javaIdeographic"
        | "javaTitleCase"
        | "javaDigit"
        | "javaDefined"
        | "javaLetter"
        | "javaLetterOrDigit"
        | "javaJavaIdentifierStart"
        | "javaJavaIdentifierPart"
        | "javaUnicodeIdentifierStart"
        | "javaUnicodeIdentifierPart"
        | "javaIdentifierIgnorable"
        | "javaMirrored" => Some(Prop::NeedsTables),
        _ => None,
    }
}

/// Java's `CharPredicates.forUnicodeProperty` (for `\p{IsName}`; `upper` is upper-cased):
/// binary properties and the Unicode versions of the POSIX classes.
fn for_unicode_property(upper: &str) -> Option<Prop> {
    let set = |s: CharSet| Some(Prop::Set(s));
    match upper {
        "CONTROL" | "CNTRL" => set(set_cc()),
        "JOINCONTROL" | "JOIN_CONTROL" => set(CharSet::from_ranges(&[(0x200C, 0x200D)])),
        "NONCHARACTERCODEPOINT" | "NONCHARACTER_CODE_POINT" => {
            let mut v = vec![(0xFDD0, 0xFDEF)];
            for plane in 0..=0x10u32 {
                v.push((plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF));
            }
            set(CharSet::normalized(v))
        }
        "WHITESPACE" | "WHITE_SPACE" | "SPACE" => {
            set(set_z().union(&CharSet::from_ranges(&[(0x09, 0x0D), (0x85, 0x85)])))
        }
        "BLANK" => set(set_zs().union(&CharSet::single(0x09))),
        "ALPHABETIC"
        | "ASSIGNED"
        | "EMOJI"
        | "EMOJI_PRESENTATION"
        | "EMOJI_MODIFIER"
        | "EMOJI_MODIFIER_BASE"
        | "EMOJI_COMPONENT"
        | "EXTENDED_PICTOGRAPHIC"
        | "HEXDIGIT"
        | "HEX_DIGIT"
        | "IDEOGRAPHIC"
        | "LETTER"
        | "LOWERCASE"
        | "TITLECASE"
        | "PUNCTUATION"
        | "UPPERCASE"
        | "WORD"
        | "ALPHA"
        | "LOWER"
        | "UPPER"
        | "PUNCT"
        | "XDIGIT"
        | "ALNUM"
        | "DIGIT"
        | "GRAPH"
        | "PRINT" => Some(Prop::NeedsTables),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The tree

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Look {
    /// `^` (not multiline), `\A`.
    Begin,
    /// `\z`.
    End,
    /// `$` (not multiline), `\Z`.
    Dollar {
        unix: bool,
    },
    /// `^` in multiline mode.
    LineStart {
        unix: bool,
    },
    /// `$` in multiline mode.
    LineEnd {
        unix: bool,
    },
    WordBoundary,
    NotWordBoundary,
}

#[derive(Clone, Debug)]
enum Node {
    Empty,
    Set(CharSet),
    Look(Look),
    /// `\R`.
    LineBreak,
    Group {
        index: Option<usize>,
        name: Option<String>,
        inner: Box<Node>,
    },
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        inner: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
}

/// Consumes nothing and, placed right after a `$` that matched before the final line
/// terminator, holds just as well at the very end of the text: so a `$` followed only by such
/// nodes may look past that terminator (see the module docs).
fn transparent(node: &Node) -> bool {
    match node {
        Node::Empty | Node::Look(Look::Dollar { .. }) => true,
        Node::Look(_) | Node::Set(_) | Node::LineBreak => false,
        Node::Group { inner, .. } => transparent(inner),
        Node::Concat(v) | Node::Alt(v) => v.iter().all(transparent),
        Node::Repeat { inner, max, .. } => *max == Some(0) || transparent(inner),
    }
}

// ---------------------------------------------------------------------------------------------
// The parser: a port of java.util.regex.Pattern's

const UNIX_LINES: u32 = 0x01;
const CASE_INSENSITIVE: u32 = 0x02;
const COMMENTS: u32 = 0x04;
const MULTILINE: u32 = 0x08;
const DOTALL: u32 = 0x20;
const UNICODE_CASE: u32 = 0x40;
const CANON_EQ: u32 = 0x80;
const UNICODE_CHARACTER_CLASS: u32 = 0x100;

/// Groups and classes nested deeper than this are refused (Java would overflow its stack).
const MAX_DEPTH: usize = 64;

type PResult<T> = Result<T, RegexError>;

struct Parsed {
    node: Node,
    group_count: usize,
    names: Vec<(String, usize)>,
}

/// The result of an escape sequence.
enum Esc {
    Char(u32),
    Class(CharSet),
    Node(Node),
}

struct Parser<'a> {
    pattern: &'a str,
    /// The pattern's code points after `\Q…\E` removal (Java's `temp`).
    temp: Vec<char>,
    /// Byte span in `pattern` of each element of `temp`.
    spans: Vec<(usize, usize)>,
    /// Number of code points in `temp` (Java's `patternLength`).
    len: usize,
    cursor: usize,
    flags: u32,
    group_count: usize,
    names: Vec<(String, usize)>,
    depth: usize,
    /// The first unsupported construct; reported only if the pattern has no syntax error.
    unsupported: Option<RegexError>,
    /// Where `u` / `U` were last turned on.
    unicode_case_at: Option<usize>,
    unicode_class_at: Option<usize>,
}

fn is_ascii_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
}

impl<'a> Parser<'a> {
    fn new(pattern: &'a str) -> Parser<'a> {
        let (temp, spans) = remove_qe_quoting(pattern);
        Parser {
            pattern,
            len: temp.len(),
            temp,
            spans,
            cursor: 0,
            flags: 0,
            group_count: 0,
            names: Vec::new(),
            depth: 0,
            unsupported: None,
            unicode_case_at: None,
            unicode_class_at: None,
        }
    }

    fn parse(mut self) -> PResult<Parsed> {
        let node = self.expr()?;
        if self.cursor != self.len {
            if self.peek() == ')' {
                return Err(self
                    .syntax_at("Unmatched closing ')'", self.cursor, self.cursor + 1)
                    .with_hint("remove it, or add the `(` it closes"));
            }
            let mut e = self.syntax_at("Unexpected internal error", self.len, self.len);
            if self.pattern.ends_with('\\') {
                e.message = "Unescaped trailing backslash".into();
                e.span = Span::new(self.pattern.len() - 1, self.pattern.len());
                e = e.with_hint("write `\\\\` for a literal backslash");
            }
            return Err(e);
        }
        if let Some(e) = self.unsupported {
            return Err(e);
        }
        Ok(Parsed {
            node,
            group_count: self.group_count,
            names: self.names,
        })
    }

    // ----- cursor primitives, as in Java (COMMENTS mode skips whitespace and `#` comments)

    fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }

    fn at(&self, i: usize) -> char {
        self.temp.get(i).copied().unwrap_or('\0')
    }

    fn peek(&mut self) -> char {
        let ch = self.at(self.cursor);
        if self.has(COMMENTS) {
            self.peek_past_whitespace(ch)
        } else {
            ch
        }
    }

    fn read(&mut self) -> char {
        let ch = self.at(self.cursor);
        self.cursor += 1;
        if self.has(COMMENTS) {
            self.parse_past_whitespace(ch)
        } else {
            ch
        }
    }

    fn next(&mut self) -> char {
        self.cursor += 1;
        let ch = self.at(self.cursor);
        if self.has(COMMENTS) {
            self.peek_past_whitespace(ch)
        } else {
            ch
        }
    }

    fn next_escaped(&mut self) -> char {
        self.cursor += 1;
        self.at(self.cursor)
    }

    fn skip(&mut self) -> char {
        let ch = self.at(self.cursor + 1);
        self.cursor += 2;
        ch
    }

    fn unread(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    fn is_line_separator(&self, ch: char) -> bool {
        if self.has(UNIX_LINES) {
            ch == '\n'
        } else {
            matches!(ch, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
        }
    }

    fn peek_past_whitespace(&mut self, mut ch: char) -> char {
        while is_ascii_space(ch) || ch == '#' {
            while is_ascii_space(ch) {
                self.cursor += 1;
                ch = self.at(self.cursor);
            }
            if ch == '#' {
                self.cursor += 1;
                ch = self.at(self.cursor);
                while ch != '\0' && !self.is_line_separator(ch) {
                    self.cursor += 1;
                    ch = self.at(self.cursor);
                }
            }
        }
        ch
    }

    fn parse_past_whitespace(&mut self, mut ch: char) -> char {
        while is_ascii_space(ch) || ch == '#' {
            while is_ascii_space(ch) {
                ch = self.at(self.cursor);
                self.cursor += 1;
            }
            if ch == '#' {
                ch = self.at(self.cursor);
                self.cursor += 1;
                while ch != '\0' && !self.is_line_separator(ch) {
                    ch = self.at(self.cursor);
                    self.cursor += 1;
                }
            }
        }
        ch
    }

    fn accept(&mut self, want: char, msg: &str, open: usize) -> PResult<()> {
        let mut ch = self.at(self.cursor);
        self.cursor += 1;
        if self.has(COMMENTS) {
            ch = self.parse_past_whitespace(ch);
        }
        if ch != want {
            return Err(self.syntax_at(msg, open, self.len));
        }
        Ok(())
    }

    // ----- errors

    fn byte_span(&self, from: usize, to: usize) -> Span {
        let end_of_pattern = self.pattern.len();
        let start = self.spans.get(from).map_or(end_of_pattern, |s| s.0);
        let end = if to > from {
            self.spans.get(to - 1).map_or(end_of_pattern, |s| s.1)
        } else {
            start
        };
        Span::new(start, end.max(start))
    }

    fn syntax_at(&self, msg: &str, from: usize, to: usize) -> RegexError {
        RegexError::new(RegexErrorKind::Syntax, msg, self.byte_span(from, to))
    }

    /// A syntax error at Java's index (`cursor - 1`).
    fn error(&self, msg: &str) -> RegexError {
        let i = self.cursor.saturating_sub(1);
        self.syntax_at(msg, i, i + 1)
    }

    fn source(&self, from: usize, to: usize) -> &'a str {
        let span = self.byte_span(from, to);
        self.pattern.get(span.range()).unwrap_or("")
    }

    /// Records an unsupported construct (the first one wins); parsing goes on so that syntax
    /// errors, which Java would report, take precedence.
    fn unsupported(&mut self, what: String, why: &str, hint: &str, from: usize, to: usize) {
        if self.unsupported.is_none() {
            let msg = format!("{what} is a Java regex feature this playground cannot run{why}");
            self.unsupported = Some(
                RegexError::new(RegexErrorKind::Unsupported, msg, self.byte_span(from, to))
                    .with_hint(hint),
            );
        }
    }

    /// `(?U)` is on: a class that it would make Unicode-aware cannot be run.
    fn check_unicode_class(&mut self) {
        if self.has(UNICODE_CHARACTER_CLASS) {
            let at = self.unicode_class_at.unwrap_or(0);
            self.unsupported(
                "the flag `(?U)` (UNICODE_CHARACTER_CLASS)".into(),
                ": it makes `\\w`, `\\d`, `\\s`, `\\b` and the POSIX classes Unicode-aware, \
                 which needs Unicode tables this playground leaves out",
                "remove the flag: without it these classes are ASCII, as in Java by default",
                at,
                at + 1,
            );
        }
    }

    /// Case-insensitive matching of `c` with `(?u)` on cannot be run.
    fn check_unicode_case(&mut self, c: u32) {
        if self.has(CASE_INSENSITIVE)
            && self.has(UNICODE_CASE)
            && (c >= 0x80 || char::from_u32(c).is_some_and(|c| c.is_ascii_alphabetic()))
        {
            let at = self.unicode_case_at.unwrap_or(0);
            self.unsupported(
                "Unicode case folding `(?iu)` (UNICODE_CASE)".into(),
                ": it needs Unicode case tables this playground leaves out",
                "remove the `u` flag: `(?i)` alone folds ASCII letters only, which is Java's \
                 default",
                at,
                at + 1,
            );
        }
    }

    fn enter(&mut self, at: usize) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(RegexError::new(
                RegexErrorKind::TooBig,
                format!("groups and classes are nested more than {MAX_DEPTH} deep"),
                self.byte_span(at, at + 1),
            ));
        }
        Ok(())
    }

    // ----- the grammar

    fn expr(&mut self) -> PResult<Node> {
        let mut alts = Vec::new();
        loop {
            alts.push(self.sequence()?);
            if self.peek() != '|' {
                break;
            }
            self.next();
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn sequence(&mut self) -> PResult<Node> {
        let mut items = Vec::new();
        loop {
            let ch = self.peek();
            let start = self.cursor;
            let node = match ch {
                '(' => {
                    if let Some(node) = self.group0()? {
                        items.push(node);
                    }
                    continue;
                }
                '[' => Node::Set(self.clazz(true)?),
                '\\' => {
                    let ch = self.next_escaped();
                    if ch == 'p' || ch == 'P' {
                        let comp = ch == 'P';
                        let mut one_letter = true;
                        if self.next() != '{' {
                            self.unread();
                        } else {
                            one_letter = false;
                        }
                        Node::Set(self.family(one_letter, comp, start)?)
                    } else {
                        self.unread();
                        self.atom()?
                    }
                }
                '^' => {
                    self.next();
                    if self.has(MULTILINE) {
                        Node::Look(Look::LineStart {
                            unix: self.has(UNIX_LINES),
                        })
                    } else {
                        Node::Look(Look::Begin)
                    }
                }
                '$' => {
                    self.next();
                    let unix = self.has(UNIX_LINES);
                    if self.has(MULTILINE) {
                        Node::Look(Look::LineEnd { unix })
                    } else {
                        Node::Look(Look::Dollar { unix })
                    }
                }
                '.' => {
                    self.next();
                    Node::Set(if self.has(DOTALL) {
                        CharSet::all()
                    } else if self.has(UNIX_LINES) {
                        CharSet::single(u32::from('\n')).negate()
                    } else {
                        set_line_terminators().negate()
                    })
                }
                '|' | ')' => break,
                ']' | '}' => self.atom()?,
                '?' | '*' | '+' => {
                    self.next();
                    return Err(self
                        .error(&format!("Dangling meta character '{ch}'"))
                        .with_hint(format!(
                            "there is nothing before `{ch}` to repeat; write `\\{ch}` for the \
                             character itself"
                        )));
                }
                '\0' if self.cursor >= self.len => break,
                _ => self.atom()?,
            };
            let node = self.closure(node, start)?;
            items.push(node);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    /// One literal character or escape (Java's `atom()` gathers several into a slice; one at a
    /// time is equivalent).
    fn atom(&mut self) -> PResult<Node> {
        let ch = self.peek();
        match ch {
            // Java returns an empty slice here; `closure` then reports `Illegal repetition`
            // unless a counted repetition follows.
            '{' => Ok(Node::Empty),
            '\\' => match self.escape(false, false)? {
                Esc::Char(c) => Ok(self.literal(c)),
                Esc::Class(set) => Ok(Node::Set(set)),
                Esc::Node(node) => Ok(node),
            },
            '\0' if self.cursor >= self.len => Ok(Node::Empty),
            _ => {
                self.next();
                Ok(self.literal(u32::from(ch)))
            }
        }
    }

    /// A literal code point, with `(?i)` applied (ASCII letters only, as in Java).
    fn literal(&mut self, c: u32) -> Node {
        let set = CharSet::single(c);
        if self.has(CASE_INSENSITIVE) {
            self.check_unicode_case(c);
            return Node::Set(set.ascii_case_closure());
        }
        Node::Set(set)
    }

    fn escape(&mut self, inclass: bool, isrange: bool) -> PResult<Esc> {
        let bs = self.cursor;
        let ch = self.skip();
        let class = |p: &mut Parser, set: CharSet| -> PResult<Esc> {
            p.check_unicode_class();
            Ok(Esc::Class(set))
        };
        let unsupported_esc =
            |p: &mut Parser, what: String, why: &str, hint: &str| -> PResult<Esc> {
                let to = p.cursor;
                p.unsupported(what, why, hint, bs, to);
                Ok(Esc::Node(Node::Empty))
            };
        match ch {
            '0' => return self.octal().map(Esc::Char).map_err(|e| self.widen(e, bs)),
            '1'..='9' if !inclass => {
                // Java's ref(): more digits only while they name an existing group.
                let mut num = ch as usize - '0' as usize;
                loop {
                    let d = self.peek();
                    if !d.is_ascii_digit() {
                        break;
                    }
                    let longer = num * 10 + (d as usize - '0' as usize);
                    if self.group_count < longer {
                        break;
                    }
                    num = longer;
                    self.read();
                }
                let what = format!("the back-reference `\\{num}`");
                return unsupported_esc(
                    self,
                    what,
                    " (the regex engine cannot match repeated text)",
                    "list the alternatives explicitly, e.g. `(a|b)\\1` → `aa|bb`",
                );
            }
            'A' if !inclass => return Ok(Esc::Node(Node::Look(Look::Begin))),
            'B' if !inclass => {
                self.check_unicode_class();
                return Ok(Esc::Node(Node::Look(Look::NotWordBoundary)));
            }
            'D' => return class(self, set_digit().negate()),
            'G' if !inclass => {
                return unsupported_esc(
                    self,
                    "the end-of-previous-match anchor `\\G`".into(),
                    "",
                    "anchor with `^` instead, or match the pieces one by one",
                );
            }
            'H' => return Ok(Esc::Class(set_horiz().negate())),
            'N' => {
                // \N{name}: Java 9+ character names.
                if self.read() == '{' {
                    let mut closed = false;
                    while self.cursor < self.len {
                        if self.read() == '}' {
                            closed = true;
                            break;
                        }
                    }
                    if !closed {
                        return Err(self.error("Unclosed character name escape sequence"));
                    }
                    let to = self.cursor;
                    self.unsupported(
                        "a named character `\\N{…}`".into(),
                        ": character names need Unicode tables",
                        "write the character itself, or `\\x{…}` / `\\uXXXX`",
                        bs,
                        to,
                    );
                    return Ok(Esc::Char(0));
                }
                return Err(self.error("Illegal character name escape sequence"));
            }
            'R' if !inclass => return Ok(Esc::Node(Node::LineBreak)),
            'S' => return class(self, set_space().negate()),
            'V' => return Ok(Esc::Class(set_vert().negate())),
            'W' => return class(self, set_word().negate()),
            'X' if !inclass => {
                return unsupported_esc(
                    self,
                    "the grapheme cluster `\\X`".into(),
                    ": grapheme clusters need Unicode tables",
                    "match the characters explicitly, e.g. `(?s:.)`",
                );
            }
            'Z' if !inclass => {
                return Ok(Esc::Node(Node::Look(Look::Dollar {
                    unix: self.has(UNIX_LINES),
                })));
            }
            'a' => return Ok(Esc::Char(0x07)),
            'b' if !inclass => {
                if self.peek() == '{' {
                    if self.skip() == 'g' {
                        if self.read() == '}' {
                            return unsupported_esc(
                                self,
                                "the grapheme cluster boundary `\\b{g}`".into(),
                                ": grapheme clusters need Unicode tables",
                                "use `\\b` for a word boundary",
                            );
                        }
                        return Err(
                            self.widen(self.error("Illegal/unsupported escape sequence"), bs)
                        );
                    }
                    self.unread();
                    self.unread();
                }
                self.check_unicode_class();
                return Ok(Esc::Node(Node::Look(Look::WordBoundary)));
            }
            'c' => {
                if self.cursor < self.len {
                    return Ok(Esc::Char(u32::from(self.read()) ^ 64));
                }
                return Err(self.widen(self.error("Illegal control escape sequence"), bs));
            }
            'd' => return class(self, set_digit()),
            'e' => return Ok(Esc::Char(0x1B)),
            'f' => return Ok(Esc::Char(0x0C)),
            'h' => return Ok(Esc::Class(set_horiz())),
            'k' if !inclass => {
                if self.read() != '<' {
                    return Err(self.error("\\k is not followed by '<' for named capturing group"));
                }
                let first = self.read();
                let name = self.groupname(first)?;
                if !self.names.iter().any(|(n, _)| *n == name) {
                    return Err(
                        self.error(&format!("(named capturing group <{name}> does not exit"))
                    );
                }
                let what = format!("the back-reference `\\k<{name}>`");
                return unsupported_esc(
                    self,
                    what,
                    " (the regex engine cannot match repeated text)",
                    "list the alternatives explicitly, e.g. `(?<q>a|b)\\k<q>` → `aa|bb`",
                );
            }
            'n' => return Ok(Esc::Char(u32::from('\n'))),
            'r' => return Ok(Esc::Char(u32::from('\r'))),
            's' => return class(self, set_space()),
            't' => return Ok(Esc::Char(u32::from('\t'))),
            'u' => {
                return self
                    .unicode_escape()
                    .map(Esc::Char)
                    .map_err(|e| self.widen(e, bs));
            }
            'v' => {
                // Java 8+: a class of vertical whitespace, but 0x0B as a range endpoint.
                if isrange {
                    return Ok(Esc::Char(0x0B));
                }
                return Ok(Esc::Class(set_vert()));
            }
            'w' => return class(self, set_word()),
            'x' => {
                return self
                    .hex_escape()
                    .map(Esc::Char)
                    .map_err(|e| self.widen(e, bs));
            }
            'z' if !inclass => return Ok(Esc::Node(Node::Look(Look::End))),
            c if c.is_ascii_alphanumeric() => {}
            c => return Ok(Esc::Char(u32::from(c))),
        }
        let to = self.cursor;
        Err(self
            .syntax_at("Illegal/unsupported escape sequence", bs, to)
            .with_hint(if inclass {
                "inside a class, anchors, back-references and `\\R` are not allowed; a \
                 backslash before a letter must form a known escape"
            } else {
                "a backslash before a letter must form a known escape; write `\\\\` for a \
                 backslash"
            }))
    }

    /// An error inside an escape sequence, spanning the escape from its backslash.
    fn widen(&self, mut e: RegexError, bs: usize) -> RegexError {
        e.span = self.byte_span(bs, self.cursor.min(self.len).max(bs + 1));
        e
    }

    fn octal(&mut self) -> PResult<u32> {
        let is_oct = |c: char| ('0'..='7').contains(&c);
        let n = self.read();
        if is_oct(n) {
            let m = self.read();
            if is_oct(m) {
                let o = self.read();
                if is_oct(o) && ('0'..='3').contains(&n) {
                    return Ok((n as u32 - 48) * 64 + (m as u32 - 48) * 8 + (o as u32 - 48));
                }
                self.unread();
                return Ok((n as u32 - 48) * 8 + (m as u32 - 48));
            }
            self.unread();
            return Ok(n as u32 - 48);
        }
        Err(self.error("Illegal octal escape sequence"))
    }

    fn hex_escape(&mut self) -> PResult<u32> {
        let n = self.read();
        if let Some(hi) = n.to_digit(16) {
            if let Some(lo) = self.read().to_digit(16) {
                return Ok(hi * 16 + lo);
            }
        } else if n == '{' && self.peek().is_ascii_hexdigit() {
            let mut ch = 0u32;
            loop {
                let n = self.read();
                let Some(d) = n.to_digit(16) else {
                    if n != '}' {
                        return Err(self.error("Unclosed hexadecimal escape sequence"));
                    }
                    return Ok(ch);
                };
                ch = (ch << 4) + d;
                if ch > MAX_CP {
                    return Err(self.error("Hexadecimal codepoint is too big"));
                }
            }
        }
        Err(self.error("Illegal hexadecimal escape sequence"))
    }

    fn uxxxx(&mut self) -> PResult<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let Some(d) = self.read().to_digit(16) else {
                return Err(self.error("Illegal Unicode escape sequence"));
            };
            n = n * 16 + d;
        }
        Ok(n)
    }

    fn unicode_escape(&mut self) -> PResult<u32> {
        let n = self.uxxxx()?;
        if (0xD800..=0xDBFF).contains(&n) {
            let cur = self.cursor;
            if self.read() == '\\' && self.read() == 'u' {
                let n2 = self.uxxxx()?;
                if (0xDC00..=0xDFFF).contains(&n2) {
                    return Ok(0x10000 + ((n - 0xD800) << 10) + (n2 - 0xDC00));
                }
            }
            self.cursor = cur;
        }
        Ok(n)
    }

    fn groupname(&mut self, first: char) -> PResult<String> {
        let mut name = String::new();
        name.push(first);
        let mut ch;
        loop {
            ch = self.read();
            if ch.is_ascii_alphanumeric() {
                name.push(ch);
            } else {
                break;
            }
        }
        if ch != '>' {
            return Err(self.error("named capturing group is missing trailing '>'"));
        }
        Ok(name)
    }

    /// `(…)` in all its forms, with its quantifier. `None` for a flags-only group `(?i)`.
    fn group0(&mut self) -> PResult<Option<Node>> {
        let open = self.cursor;
        self.enter(open)?;
        let save = self.flags;
        let node;
        let ch = self.next();
        if ch == '?' {
            let ch = self.skip();
            match ch {
                ':' => {
                    let inner = self.expr()?;
                    node = Node::Group {
                        index: None,
                        name: None,
                        inner: Box::new(inner),
                    };
                }
                '=' | '!' | '>' => {
                    self.expr()?;
                    self.accept(')', "Unclosed group", open)?;
                    let (what, hint) = match ch {
                        '=' => (
                            "lookahead `(?=…)`",
                            "rewrite the pattern without it; a key is matched against the whole \
                             text, so `(?=.*x).*` can become `.*x.*`",
                        ),
                        '!' => (
                            "negative lookahead `(?!…)`",
                            "rewrite the pattern without it, e.g. list what may follow with a \
                             class such as `[^x]`",
                        ),
                        _ => (
                            "the atomic group `(?>…)`",
                            "a plain group `(?:…)` matches the same texts unless backtracking \
                             into it matters",
                        ),
                    };
                    let why = if ch == '>' {
                        " (the regex engine does not backtrack)"
                    } else {
                        " (the regex engine has no lookaround)"
                    };
                    let to = self.cursor;
                    self.unsupported(what.into(), why, hint, open, to);
                    self.flags = save;
                    self.depth -= 1;
                    return self.closure(Node::Empty, open).map(Some);
                }
                '<' => {
                    let ch = self.read();
                    if ch.is_ascii_alphabetic() {
                        let name = self.groupname(ch)?;
                        if self.names.iter().any(|(n, _)| *n == name) {
                            return Err(self.error(&format!(
                                "Named capturing group <{name}> is already defined"
                            )));
                        }
                        self.group_count += 1;
                        let index = self.group_count;
                        self.names.push((name.clone(), index));
                        let inner = self.expr()?;
                        node = Node::Group {
                            index: Some(index),
                            name: Some(name),
                            inner: Box::new(inner),
                        };
                    } else {
                        self.expr()?;
                        if ch != '=' && ch != '!' {
                            return Err(self
                                .syntax_at("Unknown look-behind group", open, open + 4)
                                .with_hint("a named group is `(?<name>…)`, its name starting with a letter; a lookbehind is `(?<=…)` or `(?<!…)`"));
                        }
                        self.accept(')', "Unclosed group", open)?;
                        let what = if ch == '=' {
                            "lookbehind `(?<=…)`"
                        } else {
                            "negative lookbehind `(?<!…)`"
                        };
                        let to = self.cursor;
                        self.unsupported(
                            what.into(),
                            " (the regex engine has no lookaround)",
                            "rewrite the pattern without it, e.g. match the preceding text too \
                             and use a group for the part you need",
                            open,
                            to,
                        );
                        self.flags = save;
                        self.depth -= 1;
                        return self.closure(Node::Empty, open).map(Some);
                    }
                }
                '$' | '@' => return Err(self.error("Unknown group type")),
                _ => {
                    self.unread();
                    self.add_flag();
                    let ch = self.read();
                    if ch == ')' {
                        // Flags only: they stay on until the end of the enclosing group.
                        self.depth -= 1;
                        return Ok(None);
                    }
                    if ch != ':' {
                        return Err(self.error("Unknown inline modifier").with_hint(
                            "Java's inline flags are `i d m s u x U`, as in `(?i)` or `(?i:…)`",
                        ));
                    }
                    let inner = self.expr()?;
                    node = Node::Group {
                        index: None,
                        name: None,
                        inner: Box::new(inner),
                    };
                }
            }
        } else {
            self.group_count += 1;
            let index = self.group_count;
            let inner = self.expr()?;
            node = Node::Group {
                index: Some(index),
                name: None,
                inner: Box::new(inner),
            };
        }
        self.accept(')', "Unclosed group", open)
            .map_err(|e| e.with_hint("add the missing `)`, or write `\\(` for a literal one"))?;
        self.flags = save;
        self.depth -= 1;
        self.closure(node, open).map(Some)
    }

    fn add_flag(&mut self) {
        let mut ch = self.peek();
        loop {
            match ch {
                'i' => self.flags |= CASE_INSENSITIVE,
                'm' => self.flags |= MULTILINE,
                's' => self.flags |= DOTALL,
                'd' => self.flags |= UNIX_LINES,
                'u' => {
                    self.flags |= UNICODE_CASE;
                    self.unicode_case_at = Some(self.cursor);
                }
                'c' => {
                    self.flags |= CANON_EQ;
                    let at = self.cursor;
                    self.unsupported(
                        "canonical equivalence `(?c)` (CANON_EQ)".into(),
                        ": it needs Unicode normalization tables",
                        "remove the flag",
                        at,
                        at + 1,
                    );
                }
                'x' => self.flags |= COMMENTS,
                'U' => {
                    self.flags |= UNICODE_CHARACTER_CLASS | UNICODE_CASE;
                    self.unicode_class_at = Some(self.cursor);
                    self.unicode_case_at = Some(self.cursor);
                }
                '-' => {
                    self.next();
                    self.sub_flag();
                    return;
                }
                _ => return,
            }
            ch = self.next();
        }
    }

    fn sub_flag(&mut self) {
        let mut ch = self.peek();
        loop {
            match ch {
                'i' => self.flags &= !CASE_INSENSITIVE,
                'm' => self.flags &= !MULTILINE,
                's' => self.flags &= !DOTALL,
                'd' => self.flags &= !UNIX_LINES,
                'u' => self.flags &= !UNICODE_CASE,
                'c' => self.flags &= !CANON_EQ,
                'x' => self.flags &= !COMMENTS,
                'U' => self.flags &= !(UNICODE_CHARACTER_CLASS | UNICODE_CASE),
                _ => return,
            }
            ch = self.next();
        }
    }

    /// A quantifier after `prev` (which started at `start`), if any.
    fn closure(&mut self, prev: Node, start: usize) -> PResult<Node> {
        let ch = self.peek();
        let q = self.cursor;
        let rep = |inner: Node, min: u32, max: Option<u32>, greedy: bool| Node::Repeat {
            inner: Box::new(inner),
            min,
            max,
            greedy,
        };
        match ch {
            '?' => {
                let ch = self.next();
                if ch == '?' {
                    self.next();
                    Ok(rep(prev, 0, Some(1), false))
                } else if ch == '+' {
                    self.next();
                    self.possessive(start, q);
                    Ok(rep(prev, 0, Some(1), true))
                } else {
                    Ok(rep(prev, 0, Some(1), true))
                }
            }
            '*' | '+' => {
                let min = u32::from(ch == '+');
                let ch = self.next();
                if ch == '?' {
                    self.next();
                    Ok(rep(prev, min, None, false))
                } else if ch == '+' {
                    self.next();
                    self.possessive(start, q);
                    Ok(rep(prev, min, None, true))
                } else {
                    Ok(rep(prev, min, None, true))
                }
            }
            '{' => {
                let mut ch = self.at(self.cursor + 1);
                if !ch.is_ascii_digit() {
                    return Err(self.syntax_at("Illegal repetition", q, q + 1).with_hint(
                        "write `\\{` for a literal brace; a repetition is `{n}`, `{n,}` or `{n,m}`",
                    ));
                }
                self.skip();
                // Java's int arithmetic, overflow included.
                let digit = |c: char| c as i32 - '0' as i32;
                let mut cmin: i32 = 0;
                loop {
                    cmin = cmin.wrapping_mul(10).wrapping_add(digit(ch));
                    ch = self.read();
                    if !ch.is_ascii_digit() {
                        break;
                    }
                }
                let mut cmax = cmin;
                if ch == ',' {
                    ch = self.read();
                    cmax = i32::MAX;
                    if ch != '}' {
                        cmax = 0;
                        while ch.is_ascii_digit() {
                            cmax = cmax.wrapping_mul(10).wrapping_add(digit(ch));
                            ch = self.read();
                        }
                    }
                }
                if ch != '}' {
                    let to = self.cursor;
                    return Err(self.syntax_at("Unclosed counted closure", q, to));
                }
                if (cmin | cmax | cmax.wrapping_sub(cmin)) < 0 {
                    let to = self.cursor;
                    return Err(self.syntax_at("Illegal repetition range", q, to));
                }
                let ch = self.peek();
                let greedy = if ch == '?' {
                    self.next();
                    false
                } else {
                    if ch == '+' {
                        self.next();
                        self.possessive(start, q);
                    }
                    true
                };
                let max = (cmax != i32::MAX).then_some(cmax as u32);
                Ok(rep(prev, cmin as u32, max, greedy))
            }
            _ => Ok(prev),
        }
    }

    fn possessive(&mut self, start: usize, q: usize) {
        let to = self.cursor;
        let quant = self.source(q, to).to_string();
        let greedy = quant.strip_suffix('+').unwrap_or(&quant).to_string();
        let atom = self.source(start, q).to_string();
        self.unsupported(
            format!("the possessive quantifier `{quant}`"),
            " (the regex engine does not backtrack)",
            &format!(
                "use the greedy `{atom}{greedy}` instead: it matches the same texts unless \
                 backtracking into the repetition is needed"
            ),
            start,
            to,
        );
    }

    /// `[…]`, evaluated into one set (Java's `clazz`, quirks included).
    fn clazz(&mut self, consume: bool) -> PResult<CharSet> {
        let open = self.cursor;
        self.enter(open)?;
        let mut prev: Option<CharSet> = None;
        let mut curr: Option<CharSet> = None;
        let mut bits = CharSet::default();
        let mut has_bits = false;
        let mut is_neg = false;
        let mut ch = self.next();
        if ch == '^' && self.at(self.cursor.wrapping_sub(1)) == '[' {
            ch = self.next();
            is_neg = true;
        }
        loop {
            match ch {
                '[' => {
                    let c = self.clazz(true)?;
                    prev = Some(match prev {
                        None => c.clone(),
                        Some(p) => p.union(&c),
                    });
                    curr = Some(c);
                    ch = self.peek();
                    continue;
                }
                '&' => {
                    ch = self.next();
                    if ch == '&' {
                        ch = self.next();
                        let mut right: Option<CharSet> = None;
                        while ch != ']' && ch != '&' {
                            if ch == '[' {
                                let c = self.clazz(true)?;
                                right = Some(match right {
                                    None => c,
                                    Some(r) => r.union(&c),
                                });
                            } else {
                                self.unread();
                                right = Some(self.clazz(false)?);
                            }
                            ch = self.peek();
                        }
                        if has_bits {
                            prev = Some(match prev {
                                None => {
                                    curr = Some(bits.clone());
                                    bits.clone()
                                }
                                Some(p) => p.union(&bits),
                            });
                            has_bits = false;
                        }
                        if right.is_some() {
                            curr = right.clone();
                        }
                        match prev {
                            None => match right {
                                None => return Err(self.error("Bad class syntax")),
                                Some(r) => prev = Some(r),
                            },
                            Some(p) => {
                                prev = Some(match &curr {
                                    Some(c) => p.intersect(c),
                                    None => p,
                                });
                            }
                        }
                        continue;
                    }
                    // A literal `&`.
                    self.unread();
                }
                '\0' if self.cursor >= self.len => {
                    return Err(self
                        .syntax_at("Unclosed character class", open, self.len)
                        .with_hint("add the missing `]`, or write `\\[` for a literal bracket"));
                }
                ']' if prev.is_some() || has_bits => {
                    if consume {
                        self.next();
                    }
                    let mut set = match prev {
                        None => bits,
                        Some(p) if has_bits => p.union(&bits),
                        Some(p) => p,
                    };
                    if is_neg {
                        set = set.negate();
                    }
                    self.depth -= 1;
                    return Ok(set);
                }
                _ => {}
            }
            match self.range(&mut bits)? {
                None => has_bits = true,
                Some(c) => {
                    prev = Some(match prev {
                        None => c.clone(),
                        Some(p) => p.union(&c),
                    });
                    curr = Some(c);
                }
            }
            ch = self.peek();
        }
    }

    /// One class item: a character (added to `bits` → `None`), a range, an escape class or a
    /// property.
    fn range(&mut self, bits: &mut CharSet) -> PResult<Option<CharSet>> {
        let item = self.cursor;
        let mut ch = self.peek();
        let c: u32;
        if ch == '\\' {
            ch = self.next_escaped();
            if ch == 'p' || ch == 'P' {
                let comp = ch == 'P';
                let mut one_letter = true;
                if self.next() != '{' {
                    self.unread();
                } else {
                    one_letter = false;
                }
                return self.family(one_letter, comp, item).map(Some);
            }
            let isrange = self.at(self.cursor + 1) == '-';
            self.unread();
            match self.escape(true, isrange)? {
                Esc::Char(x) => c = x,
                Esc::Class(set) => return Ok(Some(set)),
                Esc::Node(_) => return Ok(Some(CharSet::default())),
            }
        } else {
            self.next();
            c = u32::from(ch);
        }
        if self.peek() == '-' {
            let end_range = self.at(self.cursor + 1);
            if end_range == '[' {
                return Ok(self.bits_or_single(bits, c));
            }
            if end_range != ']' {
                self.next();
                let m = self.peek();
                let m: Option<u32> = if m == '\\' {
                    match self.escape(true, true)? {
                        Esc::Char(x) => Some(x),
                        _ => None,
                    }
                } else {
                    self.next();
                    Some(u32::from(m))
                };
                let Some(m) = m.filter(|&m| m >= c) else {
                    let to = self.cursor;
                    return Err(self
                        .syntax_at("Illegal character range", item, to)
                        .with_hint("a range goes from the lower code point to the higher, as in `a-z`; put `-` first or last for a literal dash"));
                };
                let set = CharSet::from_ranges(&[(c, m)]);
                if self.has(CASE_INSENSITIVE) {
                    if m >= 0x80 || !set.intersect(&set_alpha()).is_empty() {
                        self.check_unicode_case(u32::from('a'));
                    }
                    return Ok(Some(set.ascii_case_closure()));
                }
                return Ok(Some(set));
            }
        }
        Ok(self.bits_or_single(bits, c))
    }

    fn bits_or_single(&mut self, bits: &mut CharSet, c: u32) -> Option<CharSet> {
        let mut set = CharSet::single(c);
        if self.has(CASE_INSENSITIVE) {
            self.check_unicode_case(c);
            set = set.ascii_case_closure();
        }
        if c < 256 {
            *bits = bits.union(&set);
            return None;
        }
        Some(set)
    }

    /// `\p{name}`, `\pL`, `\P{…}`. `start` is the index of the backslash.
    fn family(&mut self, one_letter: bool, complement: bool, start: usize) -> PResult<CharSet> {
        self.next();
        let name: String;
        if one_letter {
            name = self.at(self.cursor).to_string();
            self.read();
        } else {
            let i = self.cursor;
            loop {
                if self.cursor >= self.len {
                    self.cursor = self.len + 1;
                    break;
                }
                let ch = self.at(self.cursor);
                self.cursor += 1;
                if ch == '}' {
                    break;
                }
            }
            let j = self.cursor;
            if j > self.len {
                return Err(self
                    .syntax_at("Unclosed character family", start, self.len)
                    .with_hint("close it with `}`, as in `\\p{Alpha}`"));
            }
            if i + 1 >= j {
                return Err(self.error("Empty character family"));
            }
            name = self.temp[i..j - 1].iter().collect();
        }
        let end = self.cursor.min(self.len);
        let src = self.source(start, end).to_string();
        let ci = self.has(CASE_INSENSITIVE);
        let needs_tables = |p: &mut Parser| -> PResult<CharSet> {
            p.unsupported(
                format!("the Unicode property `{src}`"),
                ": it needs Unicode tables, which this playground leaves out",
                "write an explicit class instead, e.g. `[a-zA-Z]`, `[\\x{C0}-\\x{FF}]`, or an \
                 ASCII POSIX class such as `\\p{Alpha}` or `\\p{Punct}`",
                start,
                end,
            );
            Ok(CharSet::default())
        };
        let set = if let Some(eq) = name.find('=') {
            let value = &name[eq + 1..];
            let key = name[..eq].to_ascii_lowercase();
            match key.as_str() {
                "sc" | "script" | "blk" | "block" => return needs_tables(self),
                "gc" | "general_category" => match for_property(value, ci) {
                    Some(Prop::Set(s)) => s,
                    Some(Prop::NeedsTables) => return needs_tables(self),
                    None => {
                        return Err(self.syntax_at(
                            &format!("Unknown Unicode property {{name=<{key}>, value=<{value}>}}"),
                            start,
                            end,
                        ));
                    }
                },
                _ => {
                    return Err(self.syntax_at(
                        &format!("Unknown Unicode property {{name=<{key}>, value=<{value}>}}"),
                        start,
                        end,
                    ));
                }
            }
        } else if name.starts_with("In") {
            // Unicode blocks: any name might be one.
            return needs_tables(self);
        } else if let Some(rest) = name.strip_prefix("Is") {
            match for_unicode_property(&crate::engine::case::to_upper(rest))
                .or_else(|| for_property(rest, ci))
            {
                Some(Prop::Set(s)) => s,
                // Or a script: any name might be one.
                _ => return needs_tables(self),
            }
        } else {
            match for_property(&name, ci) {
                Some(Prop::Set(s)) => {
                    if is_posix_name(&name) {
                        self.check_unicode_class();
                    }
                    s
                }
                Some(Prop::NeedsTables) => return needs_tables(self),
                None => {
                    return Err(self
                        .syntax_at(
                            &format!("Unknown character property name {{{name}}}"),
                            start,
                            end,
                        )
                        .with_hint(
                            "the ASCII classes are `\\p{Alpha}`, `\\p{Digit}`, `\\p{Alnum}`, \
                             `\\p{Upper}`, `\\p{Lower}`, `\\p{Punct}`, `\\p{Graph}`, \
                             `\\p{Print}`, `\\p{Blank}`, `\\p{Cntrl}`, `\\p{XDigit}`, \
                             `\\p{Space}`, `\\p{ASCII}` (names are case-sensitive)",
                        ));
                }
            }
        };
        Ok(if complement { set.negate() } else { set })
    }
}

fn is_posix_name(name: &str) -> bool {
    matches!(
        name,
        "Alnum"
            | "Alpha"
            | "Blank"
            | "Cntrl"
            | "Digit"
            | "Graph"
            | "Lower"
            | "Print"
            | "Punct"
            | "Space"
            | "Upper"
            | "XDigit"
    )
}

/// Java's `RemoveQEQuoting`: `\Q…\E` becomes escaped characters before parsing, so a quoted
/// `]` is literal inside a class and a quantifier after `\E` applies to the last quoted
/// character. Returns the code points and the byte span of each in `pattern`.
fn remove_qe_quoting(pattern: &str) -> (Vec<char>, Vec<(usize, usize)>) {
    let cps: Vec<(char, usize, usize)> = pattern
        .char_indices()
        .map(|(i, c)| (c, i, i + c.len_utf8()))
        .collect();
    let p_len = cps.len();
    let mut i = 0;
    while i + 1 < p_len {
        if cps[i].0 != '\\' {
            i += 1;
        } else if cps[i + 1].0 != 'Q' {
            i += 2;
        } else {
            break;
        }
    }
    if i + 1 >= p_len {
        return (
            cps.iter().map(|c| c.0).collect(),
            cps.iter().map(|c| (c.1, c.2)).collect(),
        );
    }
    let mut temp: Vec<char> = cps[..i].iter().map(|c| c.0).collect();
    let mut spans: Vec<(usize, usize)> = cps[..i].iter().map(|c| (c.1, c.2)).collect();
    let mut push = |c: char, span: (usize, usize)| {
        temp.push(c);
        spans.push(span);
    };
    i += 2;
    let mut in_quote = true;
    let mut begin_quote = true;
    let at = |k: usize| cps.get(k).map_or('\0', |c| c.0);
    while i < p_len {
        let (c, s, e) = cps[i];
        let span = (s, e);
        i += 1;
        if !c.is_ascii() || c.is_ascii_alphabetic() {
            push(c, span);
        } else if c.is_ascii_digit() {
            if begin_quote {
                // `\x3` + digit: keeps the digit from extending an escape before `\Q`.
                push('\\', span);
                push('x', span);
                push('3', span);
            }
            push(c, span);
        } else if c != '\\' {
            if in_quote {
                push('\\', span);
            }
            push(c, span);
        } else if in_quote {
            if at(i) == 'E' {
                i += 1;
                in_quote = false;
            } else {
                push('\\', span);
                push('\\', span);
            }
        } else if at(i) == 'Q' {
            i += 1;
            in_quote = true;
            begin_quote = true;
            continue;
        } else {
            push(c, span);
            if i != p_len {
                let (c2, s2, e2) = cps[i];
                push(c2, (s2, e2));
                i += 1;
            }
        }
        begin_quote = false;
    }
    (temp, spans)
}

// ---------------------------------------------------------------------------------------------
// Writing the `regex-lite` crate pattern

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Full,
    Search,
    /// Search in a text that ends with `\r\n`.
    SearchCrlf,
}

struct Emitter {
    mode: Mode,
    out: String,
    groups: usize,
    map: Vec<usize>,
    dollar_groups: Vec<usize>,
    uses_crlf: bool,
}

impl Emitter {
    fn new(mode: Mode, group_count: usize) -> Emitter {
        Emitter {
            mode,
            out: String::new(),
            groups: 0,
            map: vec![0; group_count + 1],
            dollar_groups: Vec::new(),
            uses_crlf: false,
        }
    }

    /// `tail`: nothing after this node can consume text (so a `$` here may look past a final
    /// line terminator).
    fn emit(&mut self, node: &Node, tail: bool) {
        match node {
            Node::Empty => {}
            Node::Set(set) => write_set(&mut self.out, set),
            Node::LineBreak => self
                .out
                .push_str(r"(?:\r\n|[\n\x0B\f\r\x{85}\x{2028}\x{2029}])"),
            Node::Look(look) => self.emit_look(*look, tail),
            Node::Group { index, name, inner } => {
                match index {
                    Some(i) => {
                        self.groups += 1;
                        if let Some(slot) = self.map.get_mut(*i) {
                            *slot = self.groups;
                        }
                        match name {
                            Some(n) => {
                                self.out.push_str("(?P<");
                                self.out.push_str(n);
                                self.out.push('>');
                            }
                            None => self.out.push('('),
                        }
                    }
                    None => self.out.push_str("(?:"),
                }
                self.emit(inner, tail);
                self.out.push(')');
            }
            Node::Concat(items) => {
                // rest_zero[k]: everything after item k is transparent.
                let mut rest_zero = vec![true; items.len()];
                for k in (0..items.len().saturating_sub(1)).rev() {
                    rest_zero[k] = rest_zero[k + 1] && transparent(&items[k + 1]);
                }
                for (item, rz) in items.iter().zip(rest_zero) {
                    if let Node::Alt(_) = item {
                        self.out.push_str("(?:");
                        self.emit(item, tail && rz);
                        self.out.push(')');
                    } else {
                        self.emit(item, tail && rz);
                    }
                }
            }
            Node::Alt(alts) => {
                for (k, alt) in alts.iter().enumerate() {
                    if k > 0 {
                        self.out.push('|');
                    }
                    self.emit(alt, tail);
                }
            }
            Node::Repeat {
                inner,
                min,
                max,
                greedy,
            } => {
                let inner_tail = if max.is_some_and(|m| m <= 1) {
                    tail
                } else {
                    tail && transparent(inner)
                };
                if matches!(**inner, Node::Set(_) | Node::Group { .. }) {
                    self.emit(inner, inner_tail);
                } else {
                    self.out.push_str("(?:");
                    self.emit(inner, inner_tail);
                    self.out.push(')');
                }
                match (min, max) {
                    (0, None) => self.out.push('*'),
                    (1, None) => self.out.push('+'),
                    (0, Some(1)) => self.out.push('?'),
                    (n, None) => self.out.push_str(&format!("{{{n},}}")),
                    (n, Some(m)) if n == m => self.out.push_str(&format!("{{{n}}}")),
                    (n, Some(m)) => self.out.push_str(&format!("{{{n},{m}}}")),
                }
                if !greedy {
                    self.out.push('?');
                }
            }
        }
    }

    fn emit_look(&mut self, look: Look, tail: bool) {
        let s = match look {
            Look::Begin => r"\A",
            Look::End => r"\z",
            Look::WordBoundary => r"(?-u:\b)",
            Look::NotWordBoundary => r"(?-u:\B)",
            Look::LineStart { unix: true } => "(?m:^)",
            Look::LineStart { unix: false } => "(?Rm:^)",
            Look::LineEnd { unix: true } => "(?m:$)",
            Look::LineEnd { unix: false } => "(?Rm:$)",
            Look::Dollar { unix } => {
                if self.mode == Mode::Full || !tail {
                    r"\z"
                } else {
                    self.groups += 1;
                    self.dollar_groups.push(self.groups);
                    let t = if unix {
                        r"\n"
                    } else {
                        self.uses_crlf = true;
                        if self.mode == Mode::SearchCrlf {
                            r"\r\n"
                        } else {
                            r"[\n\r\x{85}\x{2028}\x{2029}]"
                        }
                    };
                    self.out.push_str("(?:(");
                    self.out.push_str(t);
                    self.out.push_str(r")?\z)");
                    return;
                }
            }
        };
        self.out.push_str(s);
    }
}

/// Writes a set as one atom: a literal, `(?s:.)`, or a (possibly negated) class.
fn write_set(out: &mut String, set: &CharSet) {
    let set = set.scalar_values();
    match set.0.as_slice() {
        [] => {
            out.push_str(r"[^\x{0}-\x{10FFFF}]");
            return;
        }
        [(a, b)] if a == b => {
            write_char(out, *a);
            return;
        }
        [(0, 0xD7FF), (0xE000, MAX_CP)] => {
            out.push_str("(?s:.)");
            return;
        }
        _ => {}
    }
    let neg = set.negate().scalar_values();
    let (ranges, negated) = if neg.0.len() < set.0.len() {
        (&neg.0, true)
    } else {
        (&set.0, false)
    };
    out.push('[');
    if negated {
        out.push('^');
    }
    for &(a, b) in ranges {
        write_char(out, a);
        if b > a + 1 {
            out.push('-');
        }
        if b > a {
            write_char(out, b);
        }
    }
    out.push(']');
}

fn write_char(out: &mut String, cp: u32) {
    let Some(c) = char::from_u32(cp) else { return };
    match c {
        '\n' => out.push_str(r"\n"),
        '\r' => out.push_str(r"\r"),
        '\t' => out.push_str(r"\t"),
        ' ' => out.push(' '),
        c if c.is_ascii_alphanumeric() => out.push(c),
        c if c.is_ascii_graphic() => {
            if matches!(
                c,
                '\\' | '.'
                    | '+'
                    | '*'
                    | '?'
                    | '('
                    | ')'
                    | '|'
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '^'
                    | '$'
                    | '#'
                    | '&'
                    | '-'
                    | '~'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
        c if shows_plainly(cp) => out.push(c),
        _ => out.push_str(&format!("\\x{{{cp:X}}}")),
    }
}

/// Non-ASCII characters written as themselves in translated patterns (the others, invisible
/// or combining ones, as `\x{…}`).
fn shows_plainly(cp: u32) -> bool {
    (0xA1..0xF0000).contains(&cp)
        && !matches!(
            cp,
            0xAD | 0x300..=0x36F
                | 0x1680
                | 0x180E
                | 0x2000..=0x206F
                | 0x3000
                | 0xD800..=0xF8FF
                | 0xFE00..=0xFE0F
                | 0xFEFF
                | 0xFFF0..=0xFFFF
                | 0xE0000..=0xEFFFF
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: usize = 1 << 20;

    fn re(p: &str) -> JavaRegex {
        match compile(p, LIMIT) {
            Ok(r) => r,
            Err(e) => panic!("{p:?} does not compile: {e:?}"),
        }
    }

    fn err(p: &str) -> RegexError {
        match compile(p, LIMIT) {
            Ok(r) => panic!("{p:?} compiled to {:?}", r.translated()),
            Err(e) => e,
        }
    }

    #[test]
    fn full_matches_like_pattern_matches() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, bool)] = &[
            // API Gateway integration-response keys
            (r"2\d\d", "200", true),
            (r"2\d\d", "204", true),
            (r"2\d\d", "404", false),
            (r"2\d\d", "2000", false),
            (r"2\d\d", "x200", false),
            (r"4\d\d", "404", true),
            (r"4\d\d", "500", false),
            (r"5\d\d", "503", true),
            ("200", "200", true),
            ("200", "2000", false),
            ("200", "", false),
            (".*Invalid request.*", "error: Invalid request body", true),
            (".*Invalid request.*", "Invalid request", true),
            (".*Invalid request.*", "line one\nInvalid request", false),
            (".*Invalid request.*", "invalid request", false),
            (r"(\n|.)+", "a\nb\nc", true),
            (r"(\n|.)+", "a\r\nb", false),
            (r"(\n|.)+", "", false),
            (".+", "a\nb", false),
            (".+", "ab", true),
            (".*", "", true),
            (".", "\r", false),
            (".", "\u{85}", false),
            (".", "\u{2028}", false),
            (".", "😀", true),
            ("(?s).+", "a\nb", true),
            ("(?d).", "\r", true),
            ("(?d).", "\n", false),
            // ASCII classes, as in Java
            (r"\d", "٣", false),
            (r"\d", "3", true),
            (r"\d+", "0123456789", true),
            (r"\D", "٣", true),
            (r"\w+", "abc_XYZ_019", true),
            (r"\w", "é", false),
            (r"\W", "é", true),
            (r"\s+", " \t\n\u{0B}\u{0C}\r", true),
            (r"\s", "\u{A0}", false),
            (r"\S", "\u{A0}", true),
            (r"\h", "\u{A0}", true),
            (r"\h", "\n", false),
            (r"\v", "\u{2028}", true),
            (r"\v", " ", false),
            (r"\H", "a", true),
            (r"\V", "\n", false),
            (r"\R", "\r\n", true),
            (r"\R", "\u{85}", true),
            (r"\R\n", "\r\n", true),
            (r"a\Rb", "a\rb", true),
            // case-insensitivity is ASCII-only
            ("(?i)abc", "ABC", true),
            ("(?i)abc", "aBc", true),
            ("(?i)é", "É", false),
            ("(?i)é", "é", true),
            ("(?i)É", "é", false),
            ("(?i)[a-c]+", "AbC", true),
            ("(?i)[^a]", "A", false),
            ("(?i)[^a]", "b", true),
            ("(?i)[à-ÿ]", "À", false),
            ("(?i)[X-c]+", "xyzABC", true),
            ("(?i:a)b", "Ab", true),
            ("(?i:a)b", "AB", false),
            ("a(?i)b", "aB", true),
            ("a(?i)b", "AB", false),
            ("(?i)a(?-i)b", "AB", false),
            ("(?i)a(?-i)b", "Ab", true),
            ("(a(?i)b)c", "aBc", true),
            ("(a(?i)b)c", "aBC", false),
            ("a(?i)b|c", "C", true),
            ("(?i)\\p{Lower}", "A", true),
            ("\\p{Lower}", "A", false),
            ("(?i)\\x41", "a", true),
            // classes
            ("[abc]+", "cab", true),
            ("[^abc]", "d", true),
            ("[^abc]", "a", false),
            ("[^abc]", "😀", true),
            ("[a-d[m-p]]+", "admp", true),
            ("[a-d[m-p]]", "e", false),
            ("[a-z&&[def]]", "e", true),
            ("[a-z&&[def]]", "a", false),
            ("[a-z&&[^aeiou]]+", "bcd", true),
            ("[a-z&&[^aeiou]]", "a", false),
            ("[a-z&&[^m-p]]", "n", false),
            ("[abc&&b]", "b", true),
            ("[abc&&b]", "a", false),
            ("[&&a]", "a", true),
            ("[^a[b]]", "b", false),
            ("[^a[b]]", "c", true),
            ("[]a]+", "]a", true),
            ("[^]a]", "b", true),
            ("[^]a]", "]", false),
            ("[a^]+", "^a", true),
            ("[\\d-z]+", "1-z", true),
            ("[a-]+", "a-", true),
            ("[-a]+", "-a", true),
            ("[a-[bc]]+", "a-bc", true),
            ("[\\[\\]]+", "[]", true),
            ("[a&b]+", "a&b", true),
            ("[\\Q]\\E]", "]", true),
            ("[\\w&&[^_]]", "_", false),
            ("[\\s\\d]+", " 1\t2", true),
            ("[\\v-\\r]", "\u{0C}", true),
            ("[😀-😂]", "😁", true),
            ("[😀-😂]", "😃", false),
            // POSIX and simple properties
            ("\\p{Alpha}+", "abcXYZ", true),
            ("\\p{Alpha}", "é", false),
            ("\\P{Alpha}", "é", true),
            ("\\p{Digit}", "٣", false),
            ("\\P{Digit}", "a", true),
            ("\\p{Alnum}+", "a1B2", true),
            ("\\p{Upper}+", "ABC", true),
            ("\\p{Upper}", "a", false),
            ("\\p{Lower}+", "abc", true),
            ("\\p{Punct}+", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", true),
            ("\\p{Punct}", "a", false),
            ("\\p{Graph}+", "a!~", true),
            ("\\p{Graph}", " ", false),
            ("\\p{Print}+", "a b", true),
            ("\\p{Blank}+", " \t", true),
            ("\\p{Blank}", "\n", false),
            ("\\p{Cntrl}+", "\u{0}\u{1F}\u{7F}", true),
            ("\\p{XDigit}+", "09afAF", true),
            ("\\p{XDigit}", "g", false),
            ("\\p{Space}+", " \t\n\u{0B}\u{0C}\r", true),
            ("\\p{ASCII}+", "\u{0}\u{7F}", true),
            ("\\p{ASCII}", "é", false),
            ("\\p{L1}", "ÿ", true),
            ("\\p{L1}", "Ā", false),
            ("\\p{all}", "😀", true),
            ("\\p{Cc}", "\u{85}", true),
            ("\\p{Zs}", "\u{3000}", true),
            ("\\p{javaWhitespace}", " ", true),
            ("\\p{javaWhitespace}", "\u{A0}", false),
            ("\\p{javaWhitespace}", "\u{1F}", true),
            ("\\p{IsWhite_Space}", "\u{85}", true),
            ("\\p{IsWhiteSpace}", "\u{2003}", true),
            ("\\p{IsJoin_Control}", "\u{200D}", true),
            ("\\p{gc=Zs}", " ", true),
            ("[\\p{L1}&&\\P{ASCII}]", "é", true),
            ("[\\p{L1}&&\\P{ASCII}]", "e", false),
            ("[^\\p{Alpha}]", "1", true),
            // escapes
            ("\\x41\\u0042\\x{43}\\0104", "ABCD", true),
            ("\\0101\\07\\0777", "A\u{7}\u{3F}7", true),
            ("\\cA\\c[", "\u{1}\u{1B}", true),
            ("\\t\\n\\r\\f\\a\\e", "\t\n\r\u{C}\u{7}\u{1B}", true),
            ("\\uD83D\\uDE00", "😀", true),
            ("\\x{1F600}", "😀", true),
            ("\\uD83D", "😀", false),
            ("\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\", ".*+?()[]{}|^$\\", true),
            ("\\-\\'\\\"\\/\\@\\#\\&\\~\\<\\>\\ ", "-'\"/@#&~<> ", true),
            ("\\é", "é", true),
            ("\\\\'", "\\'", true),
            // quoting
            ("\\QA.B\\E", "A.B", true),
            ("\\QA.B\\E", "AxB", false),
            ("a\\Q.\\E+", "a...", true),
            ("\\Q(a|b)*\\E", "(a|b)*", true),
            ("\\Q123\\E", "123", true),
            ("\\Qa\\b", "a\\b", true),
            ("\\Q\\E", "", true),
            ("\\Qab", "ab", true),
            // groups, alternation, quantifiers
            ("a|ab", "ab", true),
            ("(a|ab)(c|bcd)(d*)", "abcd", true),
            ("(?:ab)+", "ababab", true),
            ("(?<year>\\d{4})-(?<m>\\d\\d)", "2024-01", true),
            ("a{2,3}", "aaaa", false),
            ("a{2,3}", "aaa", true),
            ("a{2,}", "aaaa", true),
            ("a{2}", "aa", true),
            ("a{1000}{1000}", "a".repeat(1000).leak(), true),
            ("a{0}b", "b", true),
            ("x{0,2147483647}", "xxxx", true),
            ("a{2}{3}", "aa", true),
            ("a*?b", "aab", true),
            ("a+?", "aaa", true),
            ("a??", "", true),
            ("a}", "a}", true),
            ("a]", "a]", true),
            ("}", "}", true),
            ("()", "", true),
            ("(|a)+", "aa", true),
            ("", "", true),
            ("", "a", false),
            ("a|", "", true),
            // comments mode
            ("(?x) a b # comment\n c", "abc", true),
            ("(?x)[a b]+", "ab", true),
            ("(?x)[a b]+", "a b", false),
            ("(?x)a\\ b", "a b", true),
            ("(?x)a +", "aaa", true),
            ("(?x: a b )c", "abc", true),
            ("(?x: a b ) c", "ab c", true),
            // anchors
            ("^abc$", "abc", true),
            ("abc$", "abc\n", false),
            ("abc$\\n", "abc\n", false),
            ("abc\\Z", "abc", true),
            ("\\Aabc\\z", "abc", true),
            ("$", "", true),
            ("^", "", true),
            ("^*a", "a", true),
            ("\\bfoo\\b", "foo", true),
            ("a\\Bb", "ab", true),
            ("a\\bb", "ab", false),
            ("(?m)^a$", "a", true),
            ("(?m)a$\\n^b", "a\nb", true),
            // supplementary characters
            ("😀+", "😀😀", true),
            ("😀{2}", "😀😀", true),
            ("(?i)😀", "😀", true),
            ("[^a]", "😀", true),
        ];
        for &(p, text, want) in cases {
            assert_eq!(
                re(p).is_match(text, Anchor::Full),
                want,
                "{p:?} on {text:?}"
            );
        }
    }

    #[test]
    fn search_finds_like_matcher_find() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, bool)] = &[
            (r"\d", "abc3", true),
            (r"\d", "abc٣", false),
            ("^b", "ab", false),
            ("^a", "ab", true),
            ("b$", "ab\n", true),
            ("b$", "ab\r\n", true),
            ("b$", "ab\n\n", false),
            ("b$", "ab\u{2028}", true),
            ("b$", "ab\r", true),
            ("\\r$", "a\r\n", false),
            ("(?d)b$", "ab\n", true),
            ("(?d)b$", "ab\r", false),
            ("b\\Z", "ab\r\n", true),
            ("b\\z", "ab\n", false),
            ("b\\z", "ab", true),
            ("(?m)^b", "a\nb", true),
            ("(?m)^b", "a\r\nb", true),
            ("(?m)a$", "a\nb", true),
            ("(?m)a$", "a\r\nb", true),
            ("(?m)a$", "ab", false),
            ("\\bfoo", "a foo", true),
            ("\\bfoo", "afoo", false),
            ("foo\\b", "fooé", true),
            ("\\Bfoo", "éfoo", false),
            ("\\Bfoo", "_foo", true),
            ("(?i)invalid", "An INVALID request", true),
            ("Invalid request", "line\nInvalid request\n", true),
            ("", "", true),
            ("x*", "abc", true),
        ];
        for &(p, text, want) in cases {
            assert_eq!(
                re(p).is_match(text, Anchor::Search),
                want,
                "{p:?} in {text:?}"
            );
        }
    }

    #[test]
    fn translations() {
        #[rustfmt::skip]
        let cases: &[(&str, &str)] = &[
            (r"2\d\d", "2[0-9][0-9]"),
            (".", r"[^\n\r\x{85}\x{2028}\x{2029}]"),
            ("(?s).", "(?s:.)"),
            ("(?d).", r"[^\n]"),
            (r"\w", "[0-9A-Z_a-z]"),
            (r"\W", "[^0-9A-Z_a-z]"),
            (r"\s", r"[\t-\r ]"),
            (r"\D", "[^0-9]"),
            ("(?i)ab", "[Aa][Bb]"),
            ("(?i)é1", "é1"),
            (r"\b\B", r"(?-u:\b)(?-u:\B)"),
            ("(?<name>a)(b)", "(?P<name>a)(b)"),
            ("[^abc]", "[^a-c]"),
            ("[a-d[m-p]]", "[a-dm-p]"),
            ("[a-z&&[^aeiou]]", "[b-df-hj-np-tv-z]"),
            ("a|b", "a|b"),
            ("(?:ab)*", "(?:ab)*"),
            ("ab*", "ab*"),
            ("a+?", "a+?"),
            ("x{2,5}", "x{2,5}"),
            ("x{2,}", "x{2,}"),
            ("x{3}?", "x{3}?"),
            ("x{1,2147483647}", "x+"),
            (r"\.\[", r"\.\["),
            (r"\R", r"(?:\r\n|[\n\x0B\f\r\x{85}\x{2028}\x{2029}])"),
            ("(?m)^a$", "(?Rm:^)a(?Rm:$)"),
            ("(?md)^a$", "(?m:^)a(?m:$)"),
            (r"^a\z", r"\Aa\z"),
            ("a$", r"a(?:([\n\r\x{85}\x{2028}\x{2029}])?\z)"),
            ("a$b", r"a\zb"),
            ("(?d)a$", r"a(?:(\n)?\z)"),
            ("\\uD800", r"[^\x{0}-\x{10FFFF}]"),
            ("\u{A0}", r"\x{A0}"),
            ("\\x{85}", r"\x{85}"),
        ];
        for &(p, want) in cases {
            assert_eq!(re(p).translated(), want, "{p:?}");
        }
        assert_eq!(re("a$").translated_full(), r"\A(?:a\z)\z");
        assert_eq!(re(r"2\d\d").translated_full(), r"\A(?:2[0-9][0-9])\z");
        assert_eq!(re(r"2\d\d").pattern(), r"2\d\d");
        assert_eq!(re("(a)(?:b)(?<c>d)").group_count(), 2);
    }

    #[test]
    fn syntax_errors_are_java_like() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, (usize, usize))] = &[
            ("(ab", "Unclosed group", (0, 3)),
            ("a(b(c)", "Unclosed group", (1, 6)),
            ("ab)", "Unmatched closing ')'", (2, 3)),
            ("*a", "Dangling meta character '*'", (0, 1)),
            ("a**", "Dangling meta character '*'", (2, 3)),
            ("a|+", "Dangling meta character '+'", (2, 3)),
            ("(?)?", "Dangling meta character '?'", (3, 4)),
            ("[z-a]", "Illegal character range", (1, 4)),
            ("[a-\\d]", "Illegal character range", (1, 5)),
            ("[abc", "Unclosed character class", (0, 4)),
            ("[]", "Unclosed character class", (0, 2)),
            ("[&&]", "Bad class syntax", (2, 3)),
            ("\\q", "Illegal/unsupported escape sequence", (0, 2)),
            ("\\E", "Illegal/unsupported escape sequence", (0, 2)),
            ("[\\b]", "Illegal/unsupported escape sequence", (1, 3)),
            ("[\\1]", "Illegal/unsupported escape sequence", (1, 3)),
            ("a{2", "Unclosed counted closure", (1, 3)),
            ("a{2,x}", "Unclosed counted closure", (1, 5)),
            ("a{3,2}", "Illegal repetition range", (1, 6)),
            ("a{2147483648}", "Illegal repetition range", (1, 13)),
            ("{a}", "Illegal repetition", (0, 1)),
            ("a{,3}", "Illegal repetition", (1, 2)),
            ("{\"a\":1}", "Illegal repetition", (0, 1)),
            ("\\x4", "Illegal hexadecimal escape sequence", (0, 3)),
            ("a\\xg1", "Illegal hexadecimal escape sequence", (1, 4)),
            ("\\x{110000}", "Hexadecimal codepoint is too big", (0, 9)),
            ("\\x{12", "Unclosed hexadecimal escape sequence", (0, 5)),
            ("\\u12", "Illegal Unicode escape sequence", (0, 4)),
            ("\\u12G4", "Illegal Unicode escape sequence", (0, 5)),
            ("\\09", "Illegal octal escape sequence", (0, 3)),
            ("\\c", "Illegal control escape sequence", (0, 2)),
            ("(?z)", "Unknown inline modifier", (2, 3)),
            ("(?$)", "Unknown group type", (2, 3)),
            ("(?<1a>x)", "Unknown look-behind group", (0, 4)),
            ("\\p{Foo}", "Unknown character property name {Foo}", (0, 7)),
            ("\\p{alpha}", "Unknown character property name {alpha}", (0, 9)),
            ("\\p{Alpha", "Unclosed character family", (0, 8)),
            ("\\p{}", "Empty character family", (3, 4)),
            ("\\p{foo=bar}", "Unknown Unicode property {name=<foo>, value=<bar>}", (0, 11)),
            ("(?<n>a)(?<n>b)", "Named capturing group <n> is already defined", (11, 12)),
            ("(?<n", "named capturing group is missing trailing '>'", (4, 4)),
            ("\\k<x>", "(named capturing group <x> does not exit", (4, 5)),
            ("\\kx", "\\k is not followed by '<' for named capturing group", (2, 3)),
            ("\\N{x", "Unclosed character name escape sequence", (3, 4)),
            ("\\b{x}", "Illegal repetition", (2, 3)),
            ("\\b{gx}", "Illegal/unsupported escape sequence", (0, 5)),
            // a syntax error wins over an earlier unsupported construct, as Java reports it
            ("(?<=a)(", "Unclosed group", (6, 7)),
        ];
        for &(p, msg, (a, b)) in cases {
            let e = err(p);
            assert_eq!(e.kind, RegexErrorKind::Syntax, "{p:?}: {e:?}");
            assert_eq!(e.message, msg, "{p:?}");
            assert_eq!(e.span, Span::new(a, b), "{p:?}: {e:?}");
        }
        let e = err("abc\\");
        assert_eq!(e.kind, RegexErrorKind::Syntax);
        assert_eq!(e.message, "Unescaped trailing backslash");
        assert_eq!(e.span, Span::new(3, 4));
        assert!(err("a(").hint.is_some());
    }

    #[test]
    fn unsupported_features_name_themselves() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, (usize, usize))] = &[
            ("(?<=a)b", "lookbehind `(?<=…)`", (0, 6)),
            ("x(?<!a)b", "negative lookbehind `(?<!…)`", (1, 7)),
            ("a(?=b)", "lookahead `(?=…)`", (1, 6)),
            ("a(?!b)", "negative lookahead `(?!…)`", (1, 6)),
            ("(?>ab)c", "the atomic group `(?>…)`", (0, 6)),
            ("a*+b", "the possessive quantifier `*+`", (0, 3)),
            ("xa++", "the possessive quantifier `++`", (1, 4)),
            ("a?+", "the possessive quantifier `?+`", (0, 3)),
            ("a{2}+", "the possessive quantifier `{2}+`", (0, 5)),
            ("(ab){1,3}+", "the possessive quantifier `{1,3}+`", (0, 10)),
            ("(a)\\1", "the back-reference `\\1`", (3, 5)),
            ("(a)\\12", "the back-reference `\\1`", (3, 5)),
            ("(?<q>a)\\k<q>", "the back-reference `\\k<q>`", (7, 12)),
            ("\\Ga", "the end-of-previous-match anchor `\\G`", (0, 2)),
            ("\\X", "the grapheme cluster `\\X`", (0, 2)),
            ("\\b{g}", "the grapheme cluster boundary `\\b{g}`", (0, 5)),
            ("\\N{LATIN SMALL LETTER A}", "a named character `\\N{…}`", (0, 24)),
            ("\\p{L}", "the Unicode property `\\p{L}`", (0, 5)),
            ("x\\pL", "the Unicode property `\\pL`", (1, 4)),
            ("\\P{Lu}", "the Unicode property `\\P{Lu}`", (0, 6)),
            ("\\p{IsAlphabetic}", "the Unicode property `\\p{IsAlphabetic}`", (0, 16)),
            ("\\p{IsLatin}", "the Unicode property `\\p{IsLatin}`", (0, 11)),
            ("\\p{InGreek}", "the Unicode property `\\p{InGreek}`", (0, 11)),
            ("\\p{javaLowerCase}", "the Unicode property `\\p{javaLowerCase}`", (0, 17)),
            ("\\p{sc=Latin}", "the Unicode property `\\p{sc=Latin}`", (0, 12)),
            ("\\p{IsDigit}", "the Unicode property `\\p{IsDigit}`", (0, 11)),
            ("[a\\p{L}]", "the Unicode property `\\p{L}`", (2, 7)),
            ("(?U)\\w", "the flag `(?U)` (UNICODE_CHARACTER_CLASS)", (2, 3)),
            ("(?U)\\b", "the flag `(?U)` (UNICODE_CHARACTER_CLASS)", (2, 3)),
            ("(?U)\\p{Alpha}", "the flag `(?U)` (UNICODE_CHARACTER_CLASS)", (2, 3)),
            ("(?iu)é", "Unicode case folding `(?iu)` (UNICODE_CASE)", (3, 4)),
            ("(?ui)k", "Unicode case folding `(?iu)` (UNICODE_CASE)", (2, 3)),
            ("(?iu)[a-z]", "Unicode case folding `(?iu)` (UNICODE_CASE)", (3, 4)),
            ("(?c)a", "canonical equivalence `(?c)` (CANON_EQ)", (2, 3)),
            // the first one is reported
            ("(?=a)(?<=b)", "lookahead `(?=…)`", (0, 5)),
        ];
        for &(p, what, (a, b)) in cases {
            let e = err(p);
            assert_eq!(e.kind, RegexErrorKind::Unsupported, "{p:?}: {e:?}");
            assert!(
                e.message.starts_with(what)
                    && e.message
                        .contains("is a Java regex feature this playground cannot run"),
                "{p:?}: {}",
                e.message
            );
            assert_eq!(e.span, Span::new(a, b), "{p:?}: {e:?}");
            assert!(e.hint.is_some(), "{p:?}");
        }
        assert!(err("a*+").hint.unwrap().contains("`a*`"));
        // flags that change nothing here are accepted
        for p in [
            "(?U)abc",
            "(?U)\\h",
            "(?u)é",
            "(?iu)1",
            "(?iu)[0-9]",
            "(?-U)\\w",
            "(?U-U)\\w",
        ] {
            assert!(compile(p, LIMIT).is_ok(), "{p:?}");
        }
    }

    #[test]
    fn too_big_names_the_limit() {
        let e = err("(?:a{1000}){1000}");
        assert_eq!(e.kind, RegexErrorKind::TooBig);
        assert!(e.message.contains("1048576 bytes"), "{}", e.message);
        let e = compile("(?i)abcdefghij{50}", 1000).unwrap_err();
        assert_eq!(e.kind, RegexErrorKind::TooBig);
        assert!(e.message.contains("1000 bytes"));
        let e = err("a{2147483646}");
        assert_eq!(e.kind, RegexErrorKind::TooBig);
        let deep = format!("{}a{}", "(".repeat(65), ")".repeat(65));
        assert_eq!(err(&deep).kind, RegexErrorKind::TooBig);
        let deep = format!("{}a{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(err(&deep).kind, RegexErrorKind::TooBig);
        assert_eq!(err(&"(".repeat(100_000)).kind, RegexErrorKind::TooBig);
        // The deepest accepted patterns compile and run (release builds need far less stack
        // than this debug-build allowance; 128 KB sufficed when measured).
        let ok = std::thread::Builder::new()
            .stack_size(4 << 20)
            .spawn(|| {
                let p = format!("{}a{}$", "(?:(b|".repeat(32), ")*)?".repeat(32));
                let r = compile(&p, LIMIT).map_err(|e| e.message)?;
                let q = format!("{}a{}", "[".repeat(64), "]".repeat(64));
                let c = compile(&q, LIMIT).map_err(|e| e.message)?;
                Ok::<_, String>((
                    r.is_match("a", Anchor::Full),
                    r.replace_all("ba\n", "x"),
                    c.is_match("a", Anchor::Full),
                ))
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(ok, Ok((true, Ok("xx\nx".to_string()), true)));
    }

    #[test]
    fn replace_all_like_java() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str, &str)] = &[
            (r"(\w+)@(\w+)", "a@b c@d", "$2@$1", "b@a d@c"),
            (r"(?<u>\w+)@", "x@y", "${u}!", "x!y"),
            ("a", "banana", "\\$", "b$n$n$"),
            ("a", "banana", "\\\\", "b\\n\\n\\"),
            ("a", "banana", "\\x", "bxnxnx"),
            ("\\\\'", "it\\'s", "'", "it's"),
            ("'", "it's", "\\\\'", "it\\'s"),
            ("\"", "say \"hi\"", "\\\\\"", "say \\\"hi\\\""),
            ("x*", "abc", "-", "-a-b-c-"),
            ("a*", "aaa", "-", "--"),
            (".*", "foo", "X", "XX"),
            ("", "😀a", "-", "-😀-a-"),
            ("$", "a\n", "X", "aX\nX"),
            ("$", "a", "X", "aX"),
            ("b$", "ab\r\n", "X", "aX\r\n"),
            ("b\\Z", "ab\u{2029}", "X", "aX\u{2029}"),
            ("o$", "foo\n", "0", "fo0\n"),
            ("(o)$", "foo\n", "[$1]", "fo[o]\n"),
            ("(o$)", "foo\n", "[$1]", "fo[o]\n"),
            ("(o$)()", "foo\n", "[$1|$2]", "fo[o|]\n"),
            (r"\s+$", "foo  \n", "", "foo"),
            (r" +$", "foo  \n", "", "foo\n"),
            ("(?m)^", "a\nb", ">", ">a\n>b"),
            ("(a)|b", "ab", "[$1]", "[a][]"),
            ("(a)", "aa", "$12", "a2a2"),
            ("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", "abcdefghij", "$10$1", "ja"),
            ("é", "café é", "e", "cafe e"),
            ("(?i)CAFÉ", "café", "x", "café"),
            ("x", "abc", "$", "abc"),
            ("x", "abc", "$9", "abc"),
            (r"\d+", "a1b22c333", "<$0>", "a<1>b<22>c<333>"),
            (r"\b", "ab cd", "|", "|ab| |cd|"),
        ];
        for &(p, text, rep, want) in cases {
            assert_eq!(
                re(p).replace_all(text, rep).as_deref(),
                Ok(want),
                "{p:?} {text:?} {rep:?}"
            );
        }
        assert_eq!(re("o").replace_first("foo", "0").as_deref(), Ok("f0o"));
        assert_eq!(re("x").replace_first("foo", "$").as_deref(), Ok("foo"));
        assert_eq!(
            re("(o+)").replace_first("foo boo", "<$1>").as_deref(),
            Ok("f<oo> boo")
        );
        assert_eq!(re("").replace_first("abc", "-").as_deref(), Ok("-abc"));
    }

    #[test]
    fn replacement_errors_are_java_like() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str, (usize, usize))] = &[
            ("(a)", "$2", "No group 2", (0, 2)),
            ("a", "x$1", "No group 1", (1, 3)),
            ("a", "$", "Illegal group reference: group index is missing", (0, 1)),
            ("a", "\\", "character to be escaped is missing", (0, 1)),
            ("a", "${x}", "No group with name {x}", (0, 4)),
            ("a", "$x", "Illegal group reference", (0, 2)),
            ("a", "${1a}", "capturing group name {1a} starts with digit character", (0, 5)),
            ("a", "${}", "named capturing group has 0 length name", (0, 2)),
            ("a", "${ab", "named capturing group is missing trailing '}'", (0, 4)),
            ("a", "${a-}", "named capturing group is missing trailing '}'", (0, 3)),
        ];
        for &(p, rep, msg, (a, b)) in cases {
            let e = re(p).replace_all("a", rep).unwrap_err();
            assert_eq!(e.kind, RegexErrorKind::Syntax);
            assert_eq!(e.message, msg, "{rep:?}");
            assert_eq!(e.span, Span::new(a, b), "{rep:?}");
            assert_eq!(re(p).replace_first("a", rep).unwrap_err().message, msg);
        }
    }

    #[test]
    fn split_like_java() {
        #[rustfmt::skip]
        let cases: &[(&str, &str, i32, &[&str])] = &[
            ("o", "boo:and:foo", 0, &["b", "", ":and:f"]),
            ("o", "boo:and:foo", -1, &["b", "", ":and:f", "", ""]),
            ("o", "boo:and:foo", 5, &["b", "", ":and:f", "", ""]),
            ("o", "boo:and:foo", 2, &["b", "o:and:foo"]),
            (":", "boo:and:foo", 2, &["boo", "and:foo"]),
            (":", "boo:and:foo", 5, &["boo", "and", "foo"]),
            (":", "boo:and:foo", -2, &["boo", "and", "foo"]),
            (":", "boo:and:foo", 1, &["boo:and:foo"]),
            (",", "a,b,,", 0, &["a", "b"]),
            (",", "a,b,,", -1, &["a", "b", "", ""]),
            (",", "", 0, &[""]),
            (",", "", -1, &[""]),
            (",", ",", 0, &[]),
            (",", ",", -1, &["", ""]),
            (",", ",,,", 0, &[]),
            (",", ",a", 0, &["", "a"]),
            (",", "abc", 0, &["abc"]),
            ("", "abc", 0, &["a", "b", "c"]),
            ("", "abc", -1, &["a", "b", "c", ""]),
            ("", "abc", 2, &["a", "bc"]),
            ("", "", 0, &[""]),
            ("", "é😀", 0, &["é", "😀"]),
            ("x*", "axb", 0, &["a", "", "b"]),
            (r"\s*,\s*", "a , b,c", 0, &["a", "b", "c"]),
            (r"\|", "a|b", 0, &["a", "b"]),
            (r"\d", "a1b2c3", 0, &["a", "b", "c"]),
            ("é", "aébéc", 0, &["a", "b", "c"]),
            (r"\.", "a.b.c", 0, &["a", "b", "c"]),
            (".", "abc", 0, &[]),
            ("$", "a\nb\n", 0, &["a\nb", "\n"]),
            (r"\b", "hi there", 0, &["hi", " ", "there"]),
            ("(?=x)|y", "ab", 0, &[]),
        ];
        for &(p, text, limit, want) in cases {
            let Ok(r) = compile(p, LIMIT) else { continue };
            assert_eq!(r.split(text, limit), want, "{p:?} {text:?} {limit}");
        }
    }

    /// Nothing may panic, whatever the pattern, text or replacement.
    #[test]
    fn never_panics() {
        let alphabet: Vec<char> = "\\[]()^$.*+?{}|&-:=!<>aQE0x1pP#,é😀 \n".chars().collect();
        let texts = ["", "a", "ab\n", "é😀a\r\n", "aa\u{2028}", "{}[]()\\$"];
        let reps = ["", "$0", "\\$", "$1x", "${a}", "\\"];
        let check = |p: &str| {
            if let Ok(r) = compile(p, 1 << 16) {
                for t in texts {
                    let _ = r.is_match(t, Anchor::Full);
                    let _ = r.is_match(t, Anchor::Search);
                    let _ = r.split(t, 0);
                    let _ = r.split(t, -1);
                    let _ = r.split(t, 2);
                    for rep in reps {
                        let _ = r.replace_all(t, rep);
                    }
                    let _ = r.replace_first(t, "$0$0");
                }
            }
        };
        for &a in &alphabet {
            for &b in &alphabet {
                check(&format!("{a}{b}"));
                for &c in &alphabet[..14] {
                    check(&format!("{a}{b}{c}"));
                }
            }
        }
        // longer pseudo-random patterns
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..3000 {
            let mut p = String::new();
            for _ in 0..8 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                p.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            check(&p);
            check(&format!("(?x){p}"));
            check(&format!("[{p}]"));
        }
        for p in [
            "\\Q", "\\Q\\", "\\Q\\E\\", "(?x)#", "(?x)\\", "[\\Q", "(?<", "\\k<", "\\p", "\\p{",
            "\\x{", "\\u", "\\0", "\\c", "(?x)[ ", "(?", "\\N", "\\N{",
        ] {
            check(p);
        }
    }
}
