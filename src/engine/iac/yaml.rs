//! YAML scalars written so that every YAML parser (1.1 as CloudFormation's, and 1.2) reads back
//! the same string: plain only for words that cannot be read as anything else, single quotes
//! where no escape is needed (so `\d` and `\$default` stay as they are), literal blocks for
//! multi-line templates, and double quotes with escapes for the rest.

/// How a string is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Scalar {
    /// On the key's line.
    Inline(String),
    /// A literal block: its header (`|-`, `|` or `|+`) and its lines, without indentation.
    Block(&'static str, Vec<String>),
}

/// Words YAML 1.1 reads as booleans or null (and 1.2 as null).
const SPECIAL: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
    "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
];

/// True for a string that can be written without quotes.
fn plain_ok(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | ':' | '-'))
        && !s.ends_with(':')
        && !SPECIAL.contains(&s)
}

/// YAML's printable characters, less the ones a YAML 1.1 parser takes for line breaks and the
/// byte order mark.
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fefe}' | '\u{ff00}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}')
        && !matches!(c, '\u{2028}' | '\u{2029}')
}

/// A string as a value.
pub(crate) fn scalar(s: &str) -> Scalar {
    if plain_ok(s) {
        return Scalar::Inline(s.to_string());
    }
    if let Some(b) = block(s) {
        return b;
    }
    Scalar::Inline(quoted(s))
}

/// A string as a mapping key (never a block).
pub(crate) fn key(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// Single-quoted when no escape is needed, else double-quoted.
pub(crate) fn quoted(s: &str) -> String {
    if s.chars().all(printable) {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        double_quoted(s)
    }
}

/// A double-quoted scalar with YAML's escapes.
pub(crate) fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02X}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A literal block, when the string has several lines and a block keeps it exactly.
fn block(s: &str) -> Option<Scalar> {
    if !s.contains('\n') {
        return None;
    }
    // tabs are content in a block, but nothing else outside the printable set
    if !s.chars().all(|c| c == '\n' || c == '\t' || printable(c)) {
        return None;
    }
    let body = s.trim_end_matches('\n');
    if body.is_empty() {
        return None;
    }
    let trailing = s.len() - body.len();
    let lines: Vec<&str> = body.split('\n').collect();
    // the first line with any character sets the indentation: it must not start with a space
    // (nor be spaces only)
    let first = lines.iter().find(|l| !l.is_empty())?;
    if first.starts_with(' ') {
        return None;
    }
    let header = match trailing {
        0 => "|-",
        1 => "|",
        _ => "|+",
    };
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for _ in 1..trailing {
        out.push(String::new());
    }
    Some(Scalar::Block(header, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_yaml_would_type_are_quoted() {
        assert_eq!(scalar("WEBSOCKET"), Scalar::Inline("WEBSOCKET".into()));
        assert_eq!(scalar("yes"), Scalar::Inline("'yes'".into()));
        assert_eq!(scalar("200"), Scalar::Inline("'200'".into()));
        assert_eq!(scalar(""), Scalar::Inline("''".into()));
        assert_eq!(key("$default"), "'$default'");
        assert_eq!(scalar("\\$default"), Scalar::Inline("'\\$default'".into()));
        assert_eq!(scalar("/2\\d\\d/"), Scalar::Inline("'/2\\d\\d/'".into()));
        assert_eq!(scalar("it's"), Scalar::Inline("'it''s'".into()));
        assert_eq!(scalar("a\tb"), Scalar::Inline("\"a\\tb\"".into()));
    }

    #[test]
    fn multi_line_strings_become_blocks_when_exact() {
        assert_eq!(
            scalar("a\n  b"),
            Scalar::Block("|-", vec!["a".into(), "  b".into()])
        );
        assert_eq!(scalar("a\n"), Scalar::Block("|", vec!["a".into()]));
        assert_eq!(
            scalar("a\n\n\n"),
            Scalar::Block("|+", vec!["a".into(), "".into(), "".into()])
        );
        assert_eq!(scalar(" a\nb"), Scalar::Inline("\" a\\nb\"".into()));
        assert_eq!(scalar("a\r\nb"), Scalar::Inline("\"a\\r\\nb\"".into()));
        assert_eq!(scalar("\n\n"), Scalar::Inline("\"\\n\\n\"".into()));
    }
}
