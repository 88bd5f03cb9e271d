//! Integration response selection: which `IntegrationResponseKey` a backend outcome picks.
//!
//! Keys are `$default` or a Java regex in slashes (`/2\d\d/`). The value matched is the status
//! code for HTTP, MOCK and AWS-service integrations, and the `errorMessage` of a failed Lambda
//! function (DG: websocket-api-data-transformations). Full match or search (U-2) and which of
//! several matches wins (U-3) follow [`Assumptions`].

use crate::engine::assumptions::{Assumptions, RegexMatch, SeveralMatch};
use crate::engine::diag::{Diagnostic, Kind};
use crate::engine::regex_java::{self, Anchor, JavaRegex, RegexErrorKind};
use crate::engine::span::Span;
use serde::Serialize;

/// A parsed integration response key.
#[derive(Clone, Debug)]
pub enum Key {
    /// `$default`: the catch-all.
    Default,
    /// `/regex/`.
    Regex(Box<JavaRegex>),
    /// Neither, or a regex that does not compile: never matches.
    Invalid(Box<Diagnostic>),
}

/// Parses `key`; diagnostics have spans into the key text.
pub fn parse_key(key: &str, regex_limit: usize) -> Key {
    if key == "$default" {
        return Key::Default;
    }
    let trimmed = key.trim();
    if trimmed == "$default" {
        return Key::Invalid(Box::new(
            Diagnostic::error(Kind::Config, "the key has spaces around `$default`")
                .at(Span::new(0, key.len()))
                .hint("write exactly `$default`"),
        ));
    }
    if key.len() < 2 || !key.starts_with('/') || !key.ends_with('/') {
        let mut d = Diagnostic::error(
            Kind::Config,
            "a key must be `$default` or a regular expression in slashes, like `/2\\d\\d/`",
        )
        .at(Span::new(0, key.len()));
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_digit()) {
            d = d.hint(format!("for status {key}, write `/{key}/`"));
        } else if key.eq_ignore_ascii_case("default") || key == "\\$default" {
            d = d.hint("write `$default`");
        }
        d = d.hint("AWS undocumented (U-5): how API Gateway treats such a key; the playground never matches it");
        return Key::Invalid(Box::new(d));
    }
    let inner = &key[1..key.len() - 1];
    match regex_java::compile(inner, regex_limit) {
        Ok(re) => Key::Regex(Box::new(re)),
        Err(e) => {
            let kind = match e.kind {
                RegexErrorKind::Unsupported => Kind::RegexUnsupported,
                RegexErrorKind::TooBig => Kind::Limit,
                RegexErrorKind::Syntax => Kind::Regex,
            };
            let mut d = Diagnostic::error(kind, e.message).at(e.span.shift(1));
            if let Some(h) = e.hint {
                d = d.hint(h);
            }
            Key::Invalid(Box::new(d))
        }
    }
}

/// The diagnostic of a key past the first `max` of an integration.
pub fn too_many_keys(max: usize) -> Diagnostic {
    Diagnostic::error(
        Kind::Limit,
        format!(
            "more than {max} integration responses: the ones past the {max}th are never matched (limit: integration responses)"
        ),
    )
    .hint("remove integration responses, or merge keys into one regex such as `/4\\d\\d|5\\d\\d/`")
}

/// How one key fared against the selection value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    /// The regex matched.
    Matched,
    /// The regex did not match.
    NotMatched,
    /// `$default`: used only when no regex matches.
    Default,
    /// The key cannot match (see the diagnostic).
    Invalid,
    /// Not tried (a successful Lambda call matches no regex, U-6).
    Skipped,
}

/// Keys parsed once, to select many times (a status sweep, every keystroke).
#[derive(Clone, Debug)]
pub struct Selector {
    keys: Vec<Key>,
    assumptions: Assumptions,
}

/// The result of one selection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Selection {
    /// Index of the chosen integration response, if any.
    pub chosen: Option<usize>,
    /// Each key's status, in order.
    pub statuses: Vec<KeyStatus>,
    /// True when more than one regex matched (U-3 decided).
    pub several: bool,
}

impl Selector {
    /// Parses `keys`.
    pub fn new<'k>(
        keys: impl IntoIterator<Item = &'k str>,
        assumptions: Assumptions,
        regex_limit: usize,
    ) -> Selector {
        Selector::with_max_keys(keys, assumptions, regex_limit, usize::MAX)
    }

    /// Parses the first `max_keys` of `keys`; the ones past it are not compiled and never
    /// match, each [`Key::Invalid`] with a diagnostic naming the limit (`integration
    /// responses`), so a pasted configuration with thousands of keys cannot stall the page.
    pub fn with_max_keys<'k>(
        keys: impl IntoIterator<Item = &'k str>,
        assumptions: Assumptions,
        regex_limit: usize,
        max_keys: usize,
    ) -> Selector {
        Selector {
            keys: keys
                .into_iter()
                .enumerate()
                .map(|(i, k)| {
                    if i < max_keys {
                        parse_key(k, regex_limit)
                    } else {
                        Key::Invalid(Box::new(too_many_keys(max_keys)))
                    }
                })
                .collect(),
            assumptions,
        }
    }

    /// The parsed keys.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// Selects for `value` (`None`: a successful Lambda call, which only `$default` answers).
    pub fn select(&self, value: Option<&str>) -> Selection {
        let anchor = match self.assumptions.regex_match {
            RegexMatch::Full => Anchor::Full,
            RegexMatch::Search => Anchor::Search,
        };
        let mut statuses = Vec::with_capacity(self.keys.len());
        let mut matched = Vec::new();
        let mut default = None;
        for (i, k) in self.keys.iter().enumerate() {
            statuses.push(match k {
                Key::Default => {
                    if default.is_none() {
                        default = Some(i);
                    }
                    KeyStatus::Default
                }
                Key::Invalid(_) => KeyStatus::Invalid,
                Key::Regex(re) => match value {
                    None => KeyStatus::Skipped,
                    Some(v) if re.is_match(v, anchor) => {
                        matched.push(i);
                        KeyStatus::Matched
                    }
                    Some(_) => KeyStatus::NotMatched,
                },
            });
        }
        let pick = match self.assumptions.several_match {
            SeveralMatch::First => matched.first(),
            SeveralMatch::Last => matched.last(),
        };
        Selection {
            chosen: pick.copied().or(default),
            statuses,
            several: matched.len() > 1,
        }
    }

    /// For each status code 100–599, the index of the chosen response (a sweep, computed with
    /// the keys parsed once).
    pub fn sweep(&self) -> Vec<(u16, Option<usize>)> {
        let mut buf = itoa_buf();
        (100u16..=599)
            .map(|code| {
                let s = fmt_code(&mut buf, code);
                (code, self.select(Some(s)).chosen)
            })
            .collect()
    }
}

fn itoa_buf() -> [u8; 3] {
    [0; 3]
}

fn fmt_code(buf: &mut [u8; 3], code: u16) -> &str {
    buf[0] = b'0' + (code / 100) as u8;
    buf[1] = b'0' + (code / 10 % 10) as u8;
    buf[2] = b'0' + (code % 10) as u8;
    std::str::from_utf8(buf).unwrap_or("000")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(ks: &[&str]) -> Selector {
        Selector::new(ks.iter().copied(), Assumptions::default(), 1 << 20)
    }

    #[test]
    fn documented_selection_vectors() {
        // spec §7.8
        let s = keys(&["/2\\d\\d/", "/4\\d\\d/", "$default"]);
        assert_eq!(s.select(Some("200")).chosen, Some(0));
        assert_eq!(s.select(Some("404")).chosen, Some(1));
        assert_eq!(s.select(Some("302")).chosen, Some(2));
        let lambda = keys(&["/.*Invalid request.*/", "$default"]);
        assert_eq!(lambda.select(Some("Invalid request: x")).chosen, Some(0));
        assert_eq!(lambda.select(None).chosen, Some(1));
        assert_eq!(lambda.select(None).statuses[0], KeyStatus::Skipped);
    }

    #[test]
    fn full_match_versus_search() {
        let s = keys(&["/0/", "$default"]);
        assert_eq!(s.select(Some("200")).chosen, Some(1));
        let search = Selector::new(
            ["/0/", "$default"],
            Assumptions {
                regex_match: RegexMatch::Search,
                ..Assumptions::default()
            },
            1 << 20,
        );
        assert_eq!(search.select(Some("200")).chosen, Some(0));
    }

    #[test]
    fn several_matches_pick_by_order() {
        let s = keys(&["/2\\d\\d/", "/200/"]);
        let sel = s.select(Some("200"));
        assert_eq!((sel.chosen, sel.several), (Some(0), true));
        let last = Selector::new(
            ["/2\\d\\d/", "/200/"],
            Assumptions {
                several_match: SeveralMatch::Last,
                ..Assumptions::default()
            },
            1 << 20,
        );
        assert_eq!(last.select(Some("200")).chosen, Some(1));
    }

    #[test]
    fn no_match_and_no_default() {
        let s = keys(&["/4\\d\\d/"]);
        assert_eq!(s.select(Some("200")).chosen, None);
    }

    #[test]
    fn invalid_keys_never_match_and_say_why() {
        let s = keys(&["200", "/(/", "default", "$default"]);
        let sel = s.select(Some("200"));
        assert_eq!(sel.chosen, Some(3));
        assert_eq!(
            &sel.statuses[..3],
            &[KeyStatus::Invalid, KeyStatus::Invalid, KeyStatus::Invalid]
        );
        match &s.keys()[0] {
            Key::Invalid(d) => assert!(d.hints.iter().any(|h| h.contains("/200/"))),
            _ => panic!("200 should be invalid"),
        }
        match &s.keys()[2] {
            Key::Invalid(d) => assert!(d.hints.iter().any(|h| h.contains("`$default`"))),
            _ => panic!("default should be invalid"),
        }
    }

    #[test]
    fn java_only_features_are_named() {
        let s = keys(&["/(?<=2)00/"]);
        match &s.keys()[0] {
            Key::Invalid(d) => assert_eq!(d.kind, Kind::RegexUnsupported),
            _ => panic!("lookbehind should be unsupported"),
        }
    }

    #[test]
    fn sweep_covers_every_code() {
        let s = keys(&["/2\\d\\d/", "/4\\d\\d/", "$default"]);
        let sw = s.sweep();
        assert_eq!(sw.len(), 500);
        assert_eq!(sw[0], (100, Some(2)));
        assert_eq!(sw[100], (200, Some(0)));
        assert_eq!(sw[304], (404, Some(1)));
        assert_eq!(sw[499], (599, Some(2)));
    }
}
