//! Where AWS is undocumented, the engine must choose. Every such choice lives here, named after
//! its U-number in the behaviour spec (`shared/spec/api-gateway-websocket.md` §8), with the
//! alternative a user can switch to. The trace names the assumption wherever it decides an
//! outcome ("AWS undocumented: U-2 — assumed full match").

use serde::{Deserialize, Serialize};

/// U-2: is an integration-response regex matched against the whole value, or searched in it?
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegexMatch {
    /// The whole value must match (Java `Pattern.matches`), as AWS documents for REST.
    #[default]
    Full,
    /// A match anywhere in the value (Java `Matcher.find`).
    Search,
}

/// U-3: when several regex keys match, which one wins?
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeveralMatch {
    /// The first in the order the responses are listed (creation order).
    #[default]
    First,
    /// The last in that order.
    Last,
}

/// What the client gets when API Gateway fails without a documented frame (U-4 no matching
/// integration response, U-8 passthrough rejection, U-12 template error).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureFrame {
    /// `{"message": "Internal server error", "connectionId":…, "requestId":…}`.
    #[default]
    InternalServerError,
    /// Nothing at all.
    Nothing,
}

/// U-8: what a passthrough rejection (NEVER / WHEN_NO_TEMPLATES) sends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectFrame {
    /// `{"message": "Unsupported Media Type", …}`: what REST APIs answer (HTTP 415).
    #[default]
    UnsupportedMediaType,
    /// `{"message": "Internal server error", …}`.
    InternalServerError,
    /// Nothing at all.
    Nothing,
}

/// U-11: what a two-way route sends when the rendered output is empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmptyOutput {
    /// An empty text frame.
    #[default]
    EmptyFrame,
    /// No frame.
    NoFrame,
}

/// U-15: leading and trailing whitespace of a rendered template.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Whitespace {
    /// Kept, as Velocity does.
    #[default]
    Keep,
    /// Trimmed, as LocalStack does (`template.strip()`).
    Trim,
}

/// The engine's choices where AWS is undocumented. `Default` gives the spec §9 recommendations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Assumptions {
    /// U-2.
    #[serde(rename = "U-2")]
    pub regex_match: RegexMatch,
    /// U-3.
    #[serde(rename = "U-3")]
    pub several_match: SeveralMatch,
    /// U-4.
    #[serde(rename = "U-4")]
    pub no_match: FailureFrame,
    /// U-8.
    #[serde(rename = "U-8")]
    pub passthrough_reject: RejectFrame,
    /// U-11.
    #[serde(rename = "U-11")]
    pub empty_output: EmptyOutput,
    /// U-12.
    #[serde(rename = "U-12")]
    pub template_error: FailureFrame,
    /// U-15.
    #[serde(rename = "U-15")]
    pub whitespace: Whitespace,
}

// Each choice's name in a scenario's JSON (`"assumptions": {"U-2": "search"}`), for the page's
// hand-written reader and writer (`engine::model_json`); the same names as serde's derives
// above give (the command line's `--assume` goes through those), which a test checks.

/// U-2's choices by name.
pub const REGEX_MATCH: [(&str, RegexMatch); 2] =
    [("full", RegexMatch::Full), ("search", RegexMatch::Search)];
/// U-3's choices by name.
pub const SEVERAL_MATCH: [(&str, SeveralMatch); 2] =
    [("first", SeveralMatch::First), ("last", SeveralMatch::Last)];
/// U-4's and U-12's choices by name.
pub const FAILURE_FRAME: [(&str, FailureFrame); 2] = [
    ("internal_server_error", FailureFrame::InternalServerError),
    ("nothing", FailureFrame::Nothing),
];
/// U-8's choices by name.
pub const REJECT_FRAME: [(&str, RejectFrame); 3] = [
    ("unsupported_media_type", RejectFrame::UnsupportedMediaType),
    ("internal_server_error", RejectFrame::InternalServerError),
    ("nothing", RejectFrame::Nothing),
];
/// U-11's choices by name.
pub const EMPTY_OUTPUT: [(&str, EmptyOutput); 2] = [
    ("empty_frame", EmptyOutput::EmptyFrame),
    ("no_frame", EmptyOutput::NoFrame),
];
/// U-15's choices by name.
pub const WHITESPACE: [(&str, Whitespace); 2] =
    [("keep", Whitespace::Keep), ("trim", Whitespace::Trim)];

/// The name of `v` in `table`.
pub fn name_of<T: PartialEq>(table: &[(&'static str, T)], v: &T) -> &'static str {
    table.iter().find(|(_, t)| t == v).map_or("", |(n, _)| n)
}

/// One undocumented behaviour: its id, question, the default and its alternatives, for the
/// page's settings and the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Unknown {
    /// `U-2`.
    pub id: &'static str,
    /// What AWS does not say.
    pub question: &'static str,
    /// What the engine assumes by default.
    pub default: &'static str,
    /// The alternative a user can switch to.
    pub alternative: &'static str,
}

/// The undocumented behaviours the engine decides, in spec order.
pub const UNKNOWNS: &[Unknown] = &[
    Unknown {
        id: "U-2",
        question: "is an integration-response regex matched against the whole value or searched in it?",
        default: "full match (AWS documents this for REST)",
        alternative: "search: a match anywhere",
    },
    Unknown {
        id: "U-3",
        question: "when several regex keys match, which one wins?",
        default: "the first in the listed order",
        alternative: "the last in the listed order",
    },
    Unknown {
        id: "U-4",
        question: "what does the client get when no key matches and there is no $default?",
        default: "the Internal server error frame (REST answers 500)",
        alternative: "no frame",
    },
    Unknown {
        id: "U-5",
        question: "how are keys without slashes, with inner slashes, or with invalid regexes treated?",
        default: "a key must be $default or /regex/; anything else never matches",
        alternative: "",
    },
    Unknown {
        id: "U-6",
        question: "for a Lambda that succeeds, is anything matched against the keys?",
        default: "no: only $default applies (as for REST)",
        alternative: "",
    },
    Unknown {
        id: "U-7",
        question: "are /regex/ keys of request or response templates regexes?",
        default: "no: template keys are literal strings",
        alternative: "",
    },
    Unknown {
        id: "U-8",
        question: "what does the client get when PassthroughBehavior rejects a message?",
        default: "an Unsupported Media Type frame (REST answers 415)",
        alternative: "the Internal server error frame, or no frame",
    },
    Unknown {
        id: "U-9",
        question: "how do selection expressions print numbers, booleans, null and objects?",
        default: "numbers and booleans as text, null as \"\", objects as {k=v}",
        alternative: "",
    },
    Unknown {
        id: "U-10",
        question: "is a $default route response alone enough for two-way, without RouteResponseSelectionExpression?",
        default: "yes (the AWS sample relies on it)",
        alternative: "",
    },
    Unknown {
        id: "U-11",
        question: "does an empty rendered template send an empty frame or none?",
        default: "an empty frame",
        alternative: "no frame",
    },
    Unknown {
        id: "U-12",
        question: "what does the client get when a template fails at run time?",
        default: "the Internal server error frame",
        alternative: "no frame",
    },
    Unknown {
        id: "U-14",
        question: "what happens past the 1,000-iteration #foreach cap?",
        default: "the loop stops there (Velocity's maxloops)",
        alternative: "",
    },
    Unknown {
        id: "U-15",
        question: "is leading and trailing whitespace of a rendered template kept?",
        default: "kept, as Velocity does",
        alternative: "trimmed, as LocalStack does",
    },
    Unknown {
        id: "U-16",
        question: "does $input.json print compact JSON?",
        default: "compact, keys in order, no escaping of / or non-ASCII",
        alternative: "",
    },
    Unknown {
        id: "U-17",
        question: "how are numbers printed (1.0, 1e7, big integers)?",
        default: "like Java (JDK 19 and later): 1.0, 1.0E7, the shortest digits that read back (of two as near, the even one), big integers in full",
        alternative: "",
    },
    Unknown {
        id: "U-19",
        question: "what does $util.escapeJavaScript do to /, control characters and non-ASCII?",
        default: "as Apache Commons Lang 2: \\/, \\n, \\u00E9",
        alternative: "",
    },
];

/// The entry for `id`.
pub fn unknown(id: &str) -> Option<&'static Unknown> {
    UNKNOWNS.iter().find(|u| u.id == id)
}
