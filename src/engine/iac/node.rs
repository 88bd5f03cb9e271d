//! A document tree with byte spans into the pasted text: what YAML (through `saphyr-parser`) and
//! JSON (through `serde_json`) both read into, so the importers see one shape. YAML tags are kept
//! (`!Ref X` is `Tagged("Ref", X)`), scalars keep whether they were quoted, so `"true"` stays a
//! string while a plain `true` is a boolean.

use crate::engine::span::Span;
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};
use serde_json::Value as Json;
use std::collections::HashMap;

/// Most nodes one document may expand to (aliases are copied): a guard against alias bombs.
const MAX_NODES: usize = 200_000;
/// Deepest nesting accepted.
const MAX_DEPTH: usize = 256;

/// One node.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node {
    pub kind: Kind,
    /// Where it is in the pasted text; `None` when not known.
    pub span: Option<Span>,
}

/// What a node is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// A scalar as written; `quoted` for quoted and block scalars (always strings).
    Scalar { text: String, quoted: bool },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in order.
    Map(Vec<(Node, Node)>),
    /// A node with a local tag, such as `!Ref`: the tag without its `!`.
    Tagged(String, Box<Node>),
}

impl Node {
    pub fn new(kind: Kind, span: Option<Span>) -> Node {
        Node { kind, span }
    }

    /// A quoted string scalar.
    pub fn string(s: impl Into<String>, span: Option<Span>) -> Node {
        Node::new(
            Kind::Scalar {
                text: s.into(),
                quoted: true,
            },
            span,
        )
    }

    /// The value of `key` in a mapping (the last one, as most YAML loaders keep).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The entries of a mapping.
    pub fn entries(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map(e) => Some(e),
            _ => None,
        }
    }

    /// The items of a sequence.
    pub fn items(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Seq(v) => Some(v),
            _ => None,
        }
    }

    /// The text of a scalar that is not null.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, quoted } if *quoted || !is_null(text) => Some(text),
            _ => None,
        }
    }

    /// True for a null scalar (`null`, `~`, or nothing).
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, quoted: false } if is_null(text))
    }

    /// True for a mapping that has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The node as JSON: plain scalars are typed by YAML 1.2's core schema, and a tagged node
    /// becomes CloudFormation's long form (`!Ref X` is `{"Ref": "X"}`, `!Sub s` is
    /// `{"Fn::Sub": s}`).
    pub fn to_json(&self) -> Json {
        match &self.kind {
            Kind::Scalar { text, quoted } => {
                if *quoted {
                    Json::String(text.clone())
                } else {
                    plain_to_json(text)
                }
            }
            Kind::Seq(items) => Json::Array(items.iter().map(Node::to_json).collect()),
            Kind::Map(entries) => {
                let mut m = serde_json::Map::new();
                for (k, v) in entries {
                    m.insert(k.key_text(), v.to_json());
                }
                Json::Object(m)
            }
            Kind::Tagged(tag, inner) => {
                let name = long_form(tag);
                let arg = if tag == "GetAtt" {
                    // `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`
                    match inner.as_str().and_then(|s| s.split_once('.')) {
                        Some((a, b)) => Json::Array(vec![a.into(), b.into()]),
                        None => inner.to_json(),
                    }
                } else {
                    inner.to_json()
                };
                let mut m = serde_json::Map::new();
                m.insert(name, arg);
                Json::Object(m)
            }
        }
    }

    /// A mapping key as text (keys that are not scalars are written as JSON).
    pub fn key_text(&self) -> String {
        match &self.kind {
            Kind::Scalar { text, .. } => text.clone(),
            _ => self.to_json().to_string(),
        }
    }

    /// Reads a JSON value (no spans; `span` is given to the root).
    pub fn from_json(v: &Json, span: Option<Span>) -> Node {
        let kind = match v {
            Json::Null => Kind::Scalar {
                text: "null".into(),
                quoted: false,
            },
            Json::Bool(b) => Kind::Scalar {
                text: b.to_string(),
                quoted: false,
            },
            Json::Number(n) => Kind::Scalar {
                text: n.to_string(),
                quoted: false,
            },
            Json::String(s) => Kind::Scalar {
                text: s.clone(),
                quoted: true,
            },
            Json::Array(a) => Kind::Seq(a.iter().map(|x| Node::from_json(x, None)).collect()),
            Json::Object(o) => Kind::Map(
                o.iter()
                    .map(|(k, x)| (Node::string(k.clone(), None), Node::from_json(x, None)))
                    .collect(),
            ),
        };
        Node::new(kind, span)
    }
}

/// `Ref` stays `Ref`, `Condition` stays; every other short-form tag `X` is `Fn::X`.
pub(crate) fn long_form(tag: &str) -> String {
    match tag {
        "Ref" | "Condition" => tag.to_string(),
        _ => format!("Fn::{tag}"),
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain scalar typed by the core schema of YAML 1.2.
fn plain_to_json(text: &str) -> Json {
    if is_null(text) {
        return Json::Null;
    }
    match text {
        "true" | "True" | "TRUE" => return Json::Bool(true),
        "false" | "False" | "FALSE" => return Json::Bool(false),
        _ => {}
    }
    let t = text.strip_prefix('+').unwrap_or(text);
    let digits = t.strip_prefix('-').unwrap_or(t);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = t.parse::<i64>()
    {
        return Json::from(i);
    }
    let looks_float = !digits.is_empty()
        && digits
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if looks_float
        && let Ok(f) = t.parse::<f64>()
        && let Some(n) = serde_json::Number::from_f64(f)
    {
        return Json::Number(n);
    }
    Json::String(text.to_string())
}

/// A syntax error in the pasted text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub span: Span,
}

/// Turns character indices (what the YAML parser counts) into byte offsets.
struct CharIndex<'a> {
    text: &'a str,
    ascii: bool,
    starts: Vec<u32>,
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> CharIndex<'a> {
        let ascii = text.is_ascii();
        let starts = if ascii {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i as u32).collect()
        };
        CharIndex {
            text,
            ascii,
            starts,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.ascii {
            char_index.min(self.text.len())
        } else {
            self.starts
                .get(char_index)
                .map_or(self.text.len(), |&b| b as usize)
        }
    }

    fn span(&self, s: &YSpan, base: usize) -> Span {
        Span::new(
            base + self.byte(s.start.index()),
            base + self.byte(s.end.index()),
        )
    }
}

/// Parses every YAML document of `text`; spans are shifted by `base` (the offset of `text` in
/// the whole paste).
pub(crate) fn parse_yaml(text: &str, base: usize) -> Result<Vec<Node>, SyntaxError> {
    let idx = CharIndex::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut docs = Vec::new();
    let mut loader = Loader {
        idx: &idx,
        base,
        anchors: HashMap::new(),
        count: 0,
    };
    while let Some(ev) = parser.next_event() {
        let (ev, _) = ev.map_err(|e| {
            let b = base + idx.byte(e.marker().index());
            SyntaxError {
                message: e.info().to_string(),
                span: Span::new(b, b + 1),
            }
        })?;
        match ev {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                loader.anchors.clear();
                loader.count = 0;
                let root = loader.node(&mut parser, 0)?;
                docs.push(root);
            }
            _ => {}
        }
    }
    Ok(docs)
}

struct Loader<'i, 'a> {
    idx: &'i CharIndex<'a>,
    base: usize,
    anchors: HashMap<usize, Node>,
    count: usize,
}

impl Loader<'_, '_> {
    fn err(&self, message: impl Into<String>, span: &YSpan) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            span: self.idx.span(span, self.base),
        }
    }

    fn next<'p>(
        &self,
        parser: &mut Parser<'p, saphyr_parser::StrInput<'p>>,
    ) -> Result<(Event<'p>, YSpan), SyntaxError> {
        match parser.next_event() {
            Some(Ok(x)) => Ok(x),
            Some(Err(e)) => {
                let b = self.base + self.idx.byte(e.marker().index());
                Err(SyntaxError {
                    message: e.info().to_string(),
                    span: Span::new(b, b + 1),
                })
            }
            None => Err(SyntaxError {
                message: "unexpected end of the text".into(),
                span: Span::point(self.base + self.idx.text.len()),
            }),
        }
    }

    /// Reads one node (its first event is next), leaving the parser after it.
    fn node<'p>(
        &mut self,
        parser: &mut Parser<'p, saphyr_parser::StrInput<'p>>,
        depth: usize,
    ) -> Result<Node, SyntaxError> {
        let (ev, span) = self.next(parser)?;
        self.node_from(ev, span, parser, depth)
    }

    fn node_from<'p>(
        &mut self,
        ev: Event<'p>,
        span: YSpan,
        parser: &mut Parser<'p, saphyr_parser::StrInput<'p>>,
        depth: usize,
    ) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.err("the document nests too deeply", &span));
        }
        self.count += 1;
        if self.count > MAX_NODES {
            return Err(self.err("the document is too large (aliases expand too far)", &span));
        }
        let sp = Some(self.idx.span(&span, self.base));
        let (node, anchor, tag) = match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let quoted = style != ScalarStyle::Plain;
                let core_str = tag
                    .as_ref()
                    .is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let node = Node::new(
                    Kind::Scalar {
                        text: text.into_owned(),
                        quoted: quoted || core_str,
                    },
                    sp,
                );
                (node, anchor, tag.map(|t| t.into_owned()))
            }
            Event::SequenceStart(anchor, tag) => {
                let mut items = Vec::new();
                let end;
                loop {
                    let (ev, s) = self.next(parser)?;
                    if matches!(ev, Event::SequenceEnd) {
                        end = s;
                        break;
                    }
                    items.push(self.node_from(ev, s, parser, depth + 1)?);
                }
                let whole = Span::new(
                    self.idx.span(&span, self.base).start as usize,
                    self.idx.span(&end, self.base).end as usize,
                );
                (
                    Node::new(Kind::Seq(items), Some(whole)),
                    anchor,
                    tag.map(|t| t.into_owned()),
                )
            }
            Event::MappingStart(anchor, tag) => {
                let mut entries = Vec::new();
                let end;
                loop {
                    let (ev, s) = self.next(parser)?;
                    if matches!(ev, Event::MappingEnd) {
                        end = s;
                        break;
                    }
                    let k = self.node_from(ev, s, parser, depth + 1)?;
                    let v = self.node(parser, depth + 1)?;
                    entries.push((k, v));
                }
                let whole = Span::new(
                    self.idx.span(&span, self.base).start as usize,
                    self.idx.span(&end, self.base).end as usize,
                );
                (
                    Node::new(Kind::Map(entries), Some(whole)),
                    anchor,
                    tag.map(|t| t.into_owned()),
                )
            }
            Event::Alias(id) => {
                let Some(n) = self.anchors.get(&id) else {
                    return Err(self.err("an alias to an unknown anchor", &span));
                };
                let mut n = n.clone();
                self.count += count_nodes(&n);
                if self.count > MAX_NODES {
                    return Err(
                        self.err("the document is too large (aliases expand too far)", &span)
                    );
                }
                n.span = sp;
                return Ok(n);
            }
            _ => {
                return Err(self.err("unexpected YAML structure", &span));
            }
        };
        let node = match tag {
            Some(t) if t.handle == "!" && !t.suffix.is_empty() => {
                let span = node.span;
                Node::new(Kind::Tagged(t.suffix.clone(), Box::new(node)), span)
            }
            _ => node,
        };
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        Ok(node)
    }
}

fn count_nodes(n: &Node) -> usize {
    1 + match &n.kind {
        Kind::Scalar { .. } => 0,
        Kind::Seq(v) => v.iter().map(count_nodes).sum(),
        Kind::Map(e) => e.iter().map(|(k, v)| count_nodes(k) + count_nodes(v)).sum(),
        Kind::Tagged(_, inner) => count_nodes(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let mut d = parse_yaml(text, 0).unwrap();
        assert_eq!(d.len(), 1);
        d.remove(0)
    }

    #[test]
    fn tags_quotes_and_spans_are_kept() {
        let text = "A: !Ref B\nC: 'true'\nD: true\nE: [x, !GetAtt F.Arn]\n";
        let n = one(text);
        assert_eq!(
            n.to_json(),
            serde_json::json!({"A": {"Ref": "B"}, "C": "true", "D": true,
                "E": ["x", {"Fn::GetAtt": ["F", "Arn"]}]})
        );
        let b = n.get("A").unwrap();
        let s = b.span.unwrap();
        assert_eq!(&text[s.range()], "!Ref B");
    }

    #[test]
    fn spans_are_bytes_in_non_ascii_text() {
        let text = "é: x\nk: 'v'\n";
        let n = one(text);
        let s = n.get("k").unwrap().span.unwrap();
        assert_eq!(&text[s.range()], "'v'");
    }

    #[test]
    fn aliases_are_copied_and_bounded() {
        let n = one("a: &x {b: 1}\nc: *x\n");
        assert_eq!(n.get("c").unwrap().to_json(), serde_json::json!({"b": 1}));
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..8 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            bomb.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        assert!(parse_yaml(&bomb, 0).is_err());
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let e = parse_yaml("a: [b\nc: d\n", 0).unwrap_err();
        assert!(!e.message.is_empty());
    }
}
