//! The live console (wasm32 only): wscat in the browser, aware of API Gateway. It connects to a
//! deployed API (or to `apigw-playground serve`), logs every frame both ways, and runs each
//! message it sends through the simulator with the page's scenario, to show the predicted frame
//! beside the one that comes back.
//!
//! The socket is a hook-like controller ([`Ctl`]) that appends every frame to one reducer
//! ([`Log`]) and drops its closures when the connection ends (design habit 8): handlers are
//! detached first, and the closures themselves are dropped after the handler that runs returns.
//! Nothing here panics: a bad URL, a refused connection or a storage error is a message.

use crate::engine::assumptions::Assumptions;
use crate::engine::case;
use crate::engine::limits::Limits;
use crate::engine::model::Scenario;
use crate::engine::pipeline::{FRAME_LIMIT, MESSAGE_LIMIT, Prepared};
use crate::ui::dom;
use std::cell::RefCell;
use std::collections::{HashSet, VecDeque};
use std::rc::{Rc, Weak};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

/// The log keeps this many entries; older ones are dropped (and counted).
pub const LOG_CAP: usize = crate::engine::limits::LOG_ENTRIES;
/// How long the console waits for the frame that answers a message.
pub const PREDICTION_WINDOW_MS: f64 = 5000.0;
/// API Gateway closes a connection idle this long (10 min).
pub const IDLE_MS: f64 = 10.0 * 60.0 * 1000.0;
/// API Gateway closes every connection after this long (2 h).
pub const MAX_MS: f64 = 2.0 * 60.0 * 60.0 * 1000.0;
/// API Gateway's limit on a WebSocket URL.
pub const URL_LIMIT: usize = 4096;
/// Comparisons kept.
const COMPARISONS: usize = 20;
/// Text kept per log entry (a frame can be bigger than API Gateway allows).
const KEEP_BYTES: usize = 256 * 1024;
/// Characters of a frame shown in its log row (all of it on expand).
const SHOWN_CHARS: usize = 2000;
/// Rows rendered at once (the newest matching ones).
const SHOWN_ROWS: usize = 300;
/// Incoming frames are added to the log in batches, at most this often.
const BATCH_MS: u64 = 50;
/// Where saved messages live in `localStorage`.
pub const SAVED_KEY: &str = "apigw-playground/v1/console-messages";

// ---------------------------------------------------------------------------------------------
// Pure parts: URL checks, close codes, predictions, comparison, diff.

/// What [`check_url`] makes of the URL field and the query parameters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlCheck {
    /// The URL to connect to (with the query parameters), when it can be used.
    pub url: Option<String>,
    /// Why it cannot be used.
    pub error: Option<String>,
    /// Things to know that do not stop a connection.
    pub notes: Vec<String>,
}

fn is_local_host(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    h == "localhost"
        || h == "[::1]"
        || h.strip_prefix("127.").is_some_and(|rest| {
            let parts: Vec<&str> = rest.split('.').collect();
            parts.len() == 3
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
        })
}

fn encode_component(s: &str) -> String {
    js_sys::encode_uri_component(s)
        .as_string()
        .unwrap_or_else(|| s.to_string())
}

/// Checks a WebSocket URL as a person would type it, and appends the query parameters
/// (`key=value` lines). `wss://` for any host; `ws://` only for localhost and 127.0.0.1.
pub fn check_url(raw: &str, query: &str) -> UrlCheck {
    let mut out = UrlCheck::default();
    let raw = raw.trim();
    let fail = |mut out: UrlCheck, m: String| {
        out.error = Some(m);
        out
    };
    if raw.is_empty() {
        return fail(
            out,
            "Enter your API's WebSocket URL, such as wss://abc123.execute-api.us-east-1.amazonaws.com/production".into(),
        );
    }
    let Some((scheme, rest)) = raw.split_once("://") else {
        return fail(
            out,
            "Start the URL with wss:// (or ws:// for localhost), e.g. wss://abc123.execute-api.us-east-1.amazonaws.com/production".into(),
        );
    };
    let scheme = scheme.to_ascii_lowercase();
    if raw.contains('#') {
        return fail(
            out,
            "A WebSocket URL cannot have a #fragment: remove the part from #".into(),
        );
    }
    if raw.chars().any(char::is_whitespace) {
        return fail(
            out,
            "The URL contains a space: remove it, or encode it as %20 in a query parameter".into(),
        );
    }
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    if authority.contains('@') {
        return fail(
            out,
            "Remove the user:password@ part: browsers do not send it on a WebSocket; use a query parameter".into(),
        );
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((h, p)) => (format!("[{h}]"), p.strip_prefix(':')),
            None => {
                return fail(
                    out,
                    "The IPv6 address is missing its closing `]`, as in ws://[::1]:8080/".into(),
                );
            }
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (authority.to_string(), None),
        }
    };
    if host.is_empty() {
        return fail(out, "The URL has no host name".into());
    }
    if let Some(p) = port
        && !(p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n)))
    {
        return fail(
            out,
            format!("The port `{p}` is not a number from 1 to 65535"),
        );
    }
    match scheme.as_str() {
        "wss" => {}
        "ws" if is_local_host(&host) => out.notes.push(
            "ws:// is unencrypted: fine for a local server (apigw-playground serve); API Gateway itself needs wss://".into(),
        ),
        "ws" => {
            return fail(
                out,
                format!("ws:// (unencrypted) is only for localhost or 127.0.0.1; use wss://{rest}"),
            );
        }
        "https" => {
            return fail(
                out,
                format!("https:// is an HTTP address: the WebSocket URL starts with wss:// (wss://{rest})"),
            );
        }
        "http" => {
            return fail(
                out,
                format!("http:// is an HTTP address: use wss://{rest} (or ws:// for localhost)"),
            );
        }
        other => {
            return fail(
                out,
                format!("The URL must start with wss:// (or ws:// for localhost), not {other}://"),
            );
        }
    }
    let path = rest[authority.len()..].split('?').next().unwrap_or("");
    if host.to_ascii_lowercase().ends_with(".amazonaws.com") && (path.is_empty() || path == "/") {
        out.notes.push(
            "API Gateway URLs end with the stage name, such as /production: without it the handshake fails".into(),
        );
    }
    let mut url = raw.to_string();
    for (i, line) in query.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            return fail(
                out,
                format!("Query parameter line {}: write key=value", i + 1),
            );
        };
        let k = k.trim();
        if k.is_empty() {
            return fail(
                out,
                format!("Query parameter line {}: the key is empty", i + 1),
            );
        }
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&encode_component(k));
        url.push('=');
        url.push_str(&encode_component(v.trim()));
    }
    if url.to_ascii_lowercase().contains("x-amz-signature=") {
        out.notes.push(
            "A presigned URL (IAM auth): it stops working when its X-Amz-Expires runs out; make a new one".into(),
        );
    }
    if url.len() > URL_LIMIT {
        out.notes.push(format!(
            "The URL is {} characters: over API Gateway's limit of {URL_LIMIT}",
            url.len()
        ));
    }
    out.url = Some(url);
    out
}

/// `url` with its query values hidden (`?token=…`), for the log and the status: tokens and
/// signatures stay out of screenshots and exported logs.
pub fn redact(url: &str) -> String {
    match url.split_once('?') {
        None => url.to_string(),
        Some((base, query)) => {
            let pairs: Vec<String> = query
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) => format!("{k}=…"),
                    None => p.to_string(),
                })
                .collect();
            format!("{base}?{}", pairs.join("&"))
        }
    }
}

/// The subprotocols of the comma-separated field, or why they cannot be sent.
pub fn check_protocols(raw: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for p in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let token = p
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return Err(format!(
                "`{p}` is not a valid subprotocol: letters, digits and !#$%&'*+-.^_`|~ only, no spaces"
            ));
        }
        if out.iter().any(|q| q == p) {
            return Err(format!("`{p}` is listed twice"));
        }
        out.push(p.to_string());
    }
    Ok(out)
}

/// A close code in plain words; `was_open` tells a failed connection from a dropped one.
pub fn close_code_meaning(code: u16, was_open: bool) -> String {
    match code {
        1000 => "Closed normally (by you or by the server).".into(),
        1001 => "Going away: API Gateway closes a connection after 10 minutes without a frame and every connection after 2 hours; a server that shuts down uses it too.".into(),
        1002 => "Protocol error: a frame broke the WebSocket protocol.".into(),
        1003 => "Unsupported data: API Gateway closes the connection when it receives a binary frame.".into(),
        1005 => "Closed without a status code.".into(),
        1006 if !was_open => "The connection failed: the server refused it, the name did not resolve, or TLS failed — browsers do not say which. It also happens when the $connect route or an authorizer rejects the handshake (401/403), or when the server does not echo a subprotocol you asked for.".into(),
        1006 => "The connection dropped without a close frame: the network went away, or the server closed the TCP connection.".into(),
        1007 => "Invalid data: a text frame was not valid UTF-8.".into(),
        1008 => "Policy violation: the server refused a message (for example, not authorized).".into(),
        1009 => "Message too big: over API Gateway's 32 KB frame or 128 KB message limit.".into(),
        1010 => "The client needed an extension the server did not offer.".into(),
        1011 => "Internal error: the server hit an unexpected condition.".into(),
        1012 => "Service restart: the server is restarting; reconnect later.".into(),
        1013 => "Try again later: the server is overloaded.".into(),
        1014 => "Bad gateway: a proxy got a bad answer upstream.".into(),
        1015 => "TLS handshake failure (browsers report it as 1006).".into(),
        3000..=3999 => "A code registered for libraries and frameworks.".into(),
        4000..=4999 => "A code your application chose: see its documentation.".into(),
        _ => "A code outside the WebSocket standard's list.".into(),
    }
}

/// The ids in an API Gateway error frame (`{"message": "Forbidden", "connectionId":…,
/// "requestId":…}`).
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorIds {
    /// `message`.
    pub message: String,
    /// `connectionId`.
    pub connection_id: Option<String>,
    /// `requestId` (or `messageId` in a validation error).
    pub request_id: Option<String>,
}

/// The ids of `frame` if it is an API Gateway error frame.
pub fn error_frame_ids(frame: &str) -> Option<ErrorIds> {
    let v: serde_json::Value = serde_json::from_str(frame).ok()?;
    let o = v.as_object()?;
    let s = |k: &str| o.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let message = s("message")?;
    let connection_id = s("connectionId");
    let request_id = s("requestId").or_else(|| s("messageId"));
    (connection_id.is_some() || request_id.is_some()).then_some(ErrorIds {
        message,
        connection_id,
        request_id,
    })
}

/// What the simulator says the client receives for a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Predicted {
    /// This frame.
    Frame(String),
    /// No frame, and why.
    Nothing(String),
    /// The connection closes.
    Close(u16, String),
}

/// Runs `message` through `scenario` (its sample backend, `$context` and stage variables).
pub fn predict(scenario: &Scenario, message: &str) -> Predicted {
    let mut sample = scenario.sample.clone();
    sample.message = message.to_string();
    let o = Prepared::new(scenario, &Limits::default()).run_sample(&sample);
    match (&o.close, &o.client_receives) {
        (Some(c), _) => Predicted::Close(c.code, c.reason.clone()),
        (None, Some(f)) => Predicted::Frame(f.clone()),
        (None, None) => Predicted::Nothing(
            o.trace
                .last()
                .map(|s| s.summary.clone())
                .unwrap_or_else(|| "nothing is sent".into()),
        ),
    }
}

/// What actually came after a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Actual {
    /// This frame.
    Frame(String),
    /// Nothing within the window.
    NoFrame,
    /// The connection closed with this code first.
    Closed(u16),
}

/// How a prediction and what happened compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The same.
    Agree,
    /// The same JSON once ids and times (which must differ) are set aside.
    AgreeExceptIds,
    /// Different.
    Differ,
}

const VOLATILE: [&str; 7] = [
    "connectionId",
    "requestId",
    "messageId",
    "extendedRequestId",
    "requestTimeEpoch",
    "requestTime",
    "connectedAt",
];

fn mask(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(o) => {
            for (k, v) in o.iter_mut() {
                if VOLATILE.contains(&k.as_str()) {
                    *v = serde_json::Value::Null;
                } else {
                    mask(v);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(mask),
        _ => {}
    }
}

/// Compares a prediction with what happened.
pub fn compare(p: &Predicted, a: &Actual) -> Verdict {
    match (p, a) {
        (Predicted::Frame(p), Actual::Frame(a)) if p == a => Verdict::Agree,
        (Predicted::Frame(p), Actual::Frame(a)) => {
            let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).ok();
            match (parse(p), parse(a)) {
                (Some(mut x), Some(mut y)) => {
                    mask(&mut x);
                    mask(&mut y);
                    if x == y {
                        Verdict::AgreeExceptIds
                    } else {
                        Verdict::Differ
                    }
                }
                _ => Verdict::Differ,
            }
        }
        (Predicted::Nothing(_), Actual::NoFrame) => Verdict::Agree,
        (Predicted::Close(c, _), Actual::Closed(d)) if c == d => Verdict::Agree,
        _ => Verdict::Differ,
    }
}

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffLine {
    /// In both.
    Same(String),
    /// Only in the prediction.
    Predicted(String),
    /// Only in what came.
    Actual(String),
}

/// A line diff of two frames (pretty-printed first when both are JSON).
pub fn line_diff(predicted: &str, actual: &str) -> Vec<DiffLine> {
    const MAX_LINES: usize = 400;
    let pretty = |s: &str| {
        serde_json::from_str::<serde_json::Value>(s)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
    };
    let (a, b) = match (pretty(predicted), pretty(actual)) {
        (Some(a), Some(b)) => (a, b),
        _ => (predicted.to_string(), actual.to_string()),
    };
    let x: Vec<&str> = a.lines().take(MAX_LINES).collect();
    let y: Vec<&str> = b.lines().take(MAX_LINES).collect();
    // longest common subsequence, from the end
    let (n, m) = (x.len(), y.len());
    let mut t = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if x[i] == y[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        if x[i] == y[j] {
            out.push(DiffLine::Same(x[i].to_string()));
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            out.push(DiffLine::Predicted(x[i].to_string()));
            i += 1;
        } else {
            out.push(DiffLine::Actual(y[j].to_string()));
            j += 1;
        }
    }
    out.extend(x[i..].iter().map(|l| DiffLine::Predicted(l.to_string())));
    out.extend(y[j..].iter().map(|l| DiffLine::Actual(l.to_string())));
    out
}

/// Whether `text` looks like JSON, and if so whether it parses.
pub fn json_check(text: &str) -> Option<Result<(), String>> {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    Some(
        serde_json::from_str::<serde_json::Value>(text)
            .map(|_| ())
            .map_err(|e| e.to_string()),
    )
}

// ---------------------------------------------------------------------------------------------
// The log: one reducer for everything the connection did.

/// Which way a log entry went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    /// Sent by this page (↑).
    Out,
    /// Received (↓).
    In,
    /// A connection event (•).
    Event,
}

/// One log entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Unique within the log.
    pub id: u64,
    /// Which way.
    pub dir: Dir,
    /// When (milliseconds since the epoch).
    pub at: f64,
    /// The text (cut at 256 KB).
    pub text: String,
    /// The frame's size in bytes.
    pub size: usize,
    /// A binary frame (shown as a note).
    pub binary: bool,
}

/// The connection's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Conn {
    /// Never connected.
    #[default]
    Idle,
    /// Handshake under way.
    Connecting {
        /// To where.
        url: String,
    },
    /// Open.
    Open {
        /// The subprotocol the server chose (empty: none).
        protocol: String,
    },
    /// Closing (asked by this page).
    Closing,
    /// Closed.
    Closed {
        /// The close code.
        code: u16,
        /// The close reason.
        reason: String,
        /// Whether the closing handshake completed.
        clean: bool,
        /// Whether the connection had opened.
        was_open: bool,
    },
}

/// A sent message, its prediction and what came.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The sent entry's id.
    pub id: u64,
    /// When it was sent.
    pub sent_at: f64,
    /// The message.
    pub message: String,
    /// Sent by the heartbeat.
    pub heartbeat: bool,
    /// The simulator's prediction.
    pub predicted: Predicted,
    /// What came, once known.
    pub actual: Option<Actual>,
}

/// Everything the console shows about the connection.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Log {
    /// The newest [`LOG_CAP`] entries.
    pub entries: VecDeque<Rc<Entry>>,
    /// Entries dropped to keep the cap.
    pub dropped: u64,
    /// Next entry id.
    pub next_id: u64,
    /// The connection.
    pub conn: Conn,
    /// The clock, as of the last action.
    pub now: f64,
    /// When the connection opened.
    pub opened_at: Option<f64>,
    /// The last frame either way.
    pub last_activity: f64,
    /// Recent comparisons, oldest first.
    pub comparisons: VecDeque<Rc<Comparison>>,
    /// The ids of the last error frame.
    pub error_ids: Option<ErrorIds>,
    /// A reconnect under way: attempt and when.
    pub reconnect: Option<(u32, f64)>,
    /// Frames sent and received since the page opened.
    pub counts: (u64, u64),
    /// A socket error message (a URL the browser refused).
    pub failure: Option<String>,
}

/// Changes to the [`Log`].
#[derive(Clone, Debug, PartialEq)]
pub enum LogAction {
    /// A connection starts.
    Connecting {
        /// To where.
        url: String,
        /// When.
        at: f64,
    },
    /// The browser refused to start one.
    Failed {
        /// Why.
        error: String,
        /// When.
        at: f64,
    },
    /// It opened.
    Opened {
        /// The server's subprotocol.
        protocol: String,
        /// When.
        at: f64,
    },
    /// Frames came: text (or a note for a binary frame), size, when, binary.
    Received(Vec<(String, usize, f64, bool)>),
    /// A message went out.
    Sent {
        /// The message.
        text: String,
        /// When.
        at: f64,
        /// What the simulator predicts.
        predicted: Predicted,
        /// Sent by the heartbeat.
        heartbeat: bool,
    },
    /// This page asked to close.
    Closing {
        /// When.
        at: f64,
    },
    /// It closed.
    Closed {
        /// Code.
        code: u16,
        /// Reason.
        reason: String,
        /// Clean.
        clean: bool,
        /// When.
        at: f64,
    },
    /// The socket's error event (always followed by a close).
    ErrorEvent {
        /// When.
        at: f64,
    },
    /// A reconnect is scheduled.
    Reconnecting {
        /// Which attempt.
        attempt: u32,
        /// When it was scheduled.
        at: f64,
        /// When it will happen.
        due: f64,
    },
    /// The pending reconnect is off.
    ReconnectCancelled,
    /// The clock.
    Tick(f64),
    /// Empty the log.
    Clear,
}

impl Log {
    fn push(&mut self, dir: Dir, mut text: String, size: usize, at: f64, binary: bool) {
        if text.len() > KEEP_BYTES {
            let mut cut = KEEP_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            text.push_str(" … (cut)");
        }
        self.entries.push_back(Rc::new(Entry {
            id: self.next_id,
            dir,
            at,
            text,
            size,
            binary,
        }));
        self.next_id += 1;
        while self.entries.len() > LOG_CAP {
            self.entries.pop_front();
            self.dropped += 1;
        }
    }

    fn event(&mut self, text: impl Into<String>, at: f64) {
        let text = text.into();
        let size = text.len();
        self.push(Dir::Event, text, size, at, false);
    }

    fn settle(&mut self, at: f64, actual: impl Fn(&Comparison) -> Option<Actual>) {
        for c in self.comparisons.iter_mut() {
            if c.actual.is_none()
                && let Some(a) = actual(c)
            {
                Rc::make_mut(c).actual = Some(a);
            }
        }
        self.now = self.now.max(at);
    }

    fn expire(&mut self, now: f64) {
        self.settle(now, |c| {
            (now - c.sent_at > PREDICTION_WINDOW_MS).then_some(Actual::NoFrame)
        });
    }

    /// The latest comparison.
    pub fn latest(&self) -> Option<&Comparison> {
        self.comparisons.back().map(|c| &**c)
    }
}

/// Applies one change.
pub fn apply(log: &mut Log, action: LogAction) {
    match action {
        LogAction::Connecting { url, at } => {
            let url = redact(&url);
            log.conn = Conn::Connecting { url: url.clone() };
            log.reconnect = None;
            log.failure = None;
            log.now = at;
            log.event(format!("connecting to {url}"), at);
        }
        LogAction::Failed { error, at } => {
            log.conn = Conn::Idle;
            log.event(format!("the browser refused to connect: {error}"), at);
            log.failure = Some(error);
        }
        LogAction::Opened { protocol, at } => {
            log.event(
                if protocol.is_empty() {
                    "open".to_string()
                } else {
                    format!("open (subprotocol {protocol})")
                },
                at,
            );
            log.conn = Conn::Open { protocol };
            log.opened_at = Some(at);
            log.last_activity = at;
            log.now = at;
        }
        LogAction::Received(frames) => {
            for (text, size, at, binary) in frames {
                log.expire(at);
                if !binary && let Some(ids) = error_frame_ids(&text) {
                    log.error_ids = Some(ids);
                }
                // the oldest message still waiting gets this frame
                if let Some(c) = log.comparisons.iter_mut().find(|c| c.actual.is_none()) {
                    Rc::make_mut(c).actual = Some(Actual::Frame(text.clone()));
                }
                log.push(Dir::In, text, size, at, binary);
                log.counts.1 += 1;
                log.last_activity = at;
                log.now = log.now.max(at);
            }
        }
        LogAction::Sent {
            text,
            at,
            predicted,
            heartbeat,
        } => {
            log.expire(at);
            let id = log.next_id;
            let size = text.len();
            log.push(Dir::Out, text.clone(), size, at, false);
            log.comparisons.push_back(Rc::new(Comparison {
                id,
                sent_at: at,
                message: text,
                heartbeat,
                predicted,
                actual: None,
            }));
            while log.comparisons.len() > COMPARISONS {
                log.comparisons.pop_front();
            }
            log.counts.0 += 1;
            log.last_activity = at;
            log.now = log.now.max(at);
        }
        LogAction::Closing { at } => {
            log.conn = Conn::Closing;
            log.event("closing (asked by you)", at);
        }
        LogAction::Closed {
            code,
            reason,
            clean,
            at,
        } => {
            log.expire(at);
            log.settle(at, |_| Some(Actual::Closed(code)));
            let was_open = log.opened_at.is_some();
            log.event(
                format!(
                    "closed: {code}{}{}",
                    if reason.is_empty() {
                        String::new()
                    } else {
                        format!(" “{reason}”")
                    },
                    if clean { "" } else { " (not clean)" }
                ),
                at,
            );
            log.conn = Conn::Closed {
                code,
                reason,
                clean,
                was_open,
            };
            log.opened_at = None;
        }
        LogAction::ErrorEvent { at } => {
            log.event(
                "error event (browsers give no detail; the close code follows)",
                at,
            );
        }
        LogAction::Reconnecting { attempt, at, due } => {
            log.reconnect = Some((attempt, due));
            log.event(
                format!(
                    "reconnecting in {} s (attempt {attempt})",
                    ((due - at) / 1000.0).round()
                ),
                at,
            );
        }
        LogAction::ReconnectCancelled => log.reconnect = None,
        LogAction::Tick(now) => {
            log.now = now;
            log.expire(now);
        }
        LogAction::Clear => {
            log.entries.clear();
            log.dropped = 0;
            log.comparisons.clear();
            log.error_ids = None;
        }
    }
}

impl Reducible for Log {
    type Action = LogAction;

    fn reduce(self: Rc<Self>, action: LogAction) -> Rc<Self> {
        let mut next = (*self).clone();
        apply(&mut next, action);
        Rc::new(next)
    }
}

// ---------------------------------------------------------------------------------------------
// The socket controller.

/// What the controller needs from the form, kept current by the component.
#[derive(Clone, Debug, Default, PartialEq)]
struct Settings {
    url: Option<String>,
    protocols: Vec<String>,
    send_on_connect: Option<String>,
    heartbeat: Option<(u32, String)>,
    reconnect: bool,
    scenario: ScenarioSource,
}

/// An open (or opening) socket with its handlers. Dropping it detaches them.
struct Live {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut(web_sys::Event)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Live {
    /// Detaches the handlers: the browser calls none of the closures after this.
    fn detach(&self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        self.ws.set_onerror(None);
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.detach();
    }
}

/// The socket, its timers and a way into the log.
#[derive(Default)]
struct Ctl {
    live: Option<Live>,
    /// Bumped by every connect and disconnect: a stale reconnect sees it and stays away.
    generation: u64,
    attempt: u32,
    user_closed: bool,
    reconnect_pending: bool,
    ticking: bool,
    pending: Vec<(String, usize, f64, bool)>,
    flush_scheduled: bool,
    last_activity: f64,
    settings: Settings,
    dispatch: Option<UseReducerDispatcher<Log>>,
}

type Shared = Rc<RefCell<Ctl>>;

/// Runs `f` on the controller unless it is busy (never panics on a re-entrant call).
fn with<R>(ctl: &Shared, f: impl FnOnce(&mut Ctl) -> R) -> Option<R> {
    ctl.try_borrow_mut().ok().map(|mut c| f(&mut c))
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Dispatches with no borrow of the controller held (Yew may render at once).
fn dispatch(ctl: &Shared, a: LogAction) {
    if let Some(d) = with(ctl, |c| c.dispatch.clone()).flatten() {
        d.dispatch(a);
    }
}

/// Moves the batched incoming frames into the log.
fn flush(ctl: &Shared) {
    let frames = with(ctl, |c| std::mem::take(&mut c.pending)).unwrap_or_default();
    if !frames.is_empty() {
        dispatch(ctl, LogAction::Received(frames));
    }
}

/// Drops `live` after the running handler returns (a closure must not be freed while it runs).
fn drop_later(live: Live) {
    live.detach();
    spawn_local(async move { drop(live) });
}

/// Connect, as the user asked: a fresh backoff.
fn user_connect(ctl: &Shared) {
    with(ctl, |c| c.attempt = 0);
    connect(ctl);
}

fn connect(ctl: &Shared) {
    let Some((url, protocols, old)) = with(ctl, |c| {
        c.generation += 1;
        c.user_closed = false;
        c.reconnect_pending = false;
        (
            c.settings.url.clone(),
            c.settings.protocols.clone(),
            c.live.take(),
        )
    }) else {
        return;
    };
    if let Some(old) = old {
        let _ = old.ws.close();
        drop_later(old);
    }
    flush(ctl);
    let Some(url) = url else {
        return;
    };
    let at = now();
    dispatch(
        ctl,
        LogAction::Connecting {
            url: url.clone(),
            at,
        },
    );
    let ws = if protocols.is_empty() {
        WebSocket::new(&url)
    } else {
        let list = js_sys::Array::new();
        for p in &protocols {
            list.push(&wasm_bindgen::JsValue::from_str(p));
        }
        WebSocket::new_with_str_sequence(&url, &list)
    };
    let ws = match ws {
        Ok(ws) => ws,
        Err(e) => {
            dispatch(
                ctl,
                LogAction::Failed {
                    error: dom::js_error_text(&e),
                    at: now(),
                },
            );
            return;
        }
    };
    ws.set_binary_type(BinaryType::Arraybuffer);
    let weak = Rc::downgrade(ctl);
    let on_open = {
        let weak = weak.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if let Some(ctl) = weak.upgrade() {
                opened(&ctl);
            }
        })
    };
    let on_message = {
        let weak = weak.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(ctl) = weak.upgrade() {
                received(&ctl, &e);
            }
        })
    };
    let on_close = {
        let weak = weak.clone();
        Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            if let Some(ctl) = weak.upgrade() {
                closed(&ctl, &e);
            }
        })
    };
    let on_error = {
        let weak = weak.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if let Some(ctl) = weak.upgrade() {
                dispatch(&ctl, LogAction::ErrorEvent { at: now() });
            }
        })
    };
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    ws.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let live = Live {
        ws,
        _on_open: on_open,
        _on_message: on_message,
        _on_close: on_close,
        _on_error: on_error,
    };
    if let Some(Some(stale)) = with(ctl, |c| c.live.replace(live)) {
        drop_later(stale);
    }
    start_ticker(ctl);
}

fn opened(ctl: &Shared) {
    let at = now();
    let Some((protocol, first)) = with(ctl, |c| {
        c.attempt = 0;
        c.last_activity = at;
        (
            c.live.as_ref().map(|l| l.ws.protocol()).unwrap_or_default(),
            c.settings.send_on_connect.clone(),
        )
    }) else {
        return;
    };
    dispatch(ctl, LogAction::Opened { protocol, at });
    if let Some(m) = first {
        let _ = send(ctl, m, false);
    }
}

fn received(ctl: &Shared, e: &MessageEvent) {
    let data = e.data();
    let (text, size, binary) = if let Some(s) = data.as_string() {
        let n = s.len();
        (s, n, false)
    } else if let Some(b) = data.dyn_ref::<js_sys::ArrayBuffer>() {
        let n = b.byte_length() as usize;
        (format!("[binary frame, {n} bytes]"), n, true)
    } else {
        ("[a frame of an unknown type]".to_string(), 0, true)
    };
    let at = now();
    let schedule = with(ctl, |c| {
        c.pending.push((text, size, at, binary));
        c.last_activity = at;
        !std::mem::replace(&mut c.flush_scheduled, true)
    });
    if schedule == Some(true) {
        let weak = Rc::downgrade(ctl);
        spawn_local(async move {
            sleep(Duration::from_millis(BATCH_MS)).await;
            if let Some(ctl) = weak.upgrade() {
                with(&ctl, |c| c.flush_scheduled = false);
                flush(&ctl);
            }
        });
    }
}

fn backoff_ms(attempt: u32) -> f64 {
    (1000.0 * 2f64.powi(attempt.saturating_sub(1).min(10) as i32)).min(30_000.0)
}

fn closed(ctl: &Shared, e: &CloseEvent) {
    flush(ctl);
    let at = now();
    let Some((live, retry, generation)) = with(ctl, |c| {
        let retry = c.settings.reconnect && !c.user_closed;
        if retry {
            c.attempt += 1;
            c.reconnect_pending = true;
        }
        (c.live.take(), retry.then_some(c.attempt), c.generation)
    }) else {
        return;
    };
    if let Some(live) = live {
        drop_later(live);
    }
    dispatch(
        ctl,
        LogAction::Closed {
            code: e.code(),
            reason: e.reason(),
            clean: e.was_clean(),
            at,
        },
    );
    if let Some(attempt) = retry {
        let delay = backoff_ms(attempt);
        dispatch(
            ctl,
            LogAction::Reconnecting {
                attempt,
                at,
                due: at + delay,
            },
        );
        let weak = Rc::downgrade(ctl);
        spawn_local(async move {
            sleep(Duration::from_millis(delay as u64)).await;
            let Some(ctl) = weak.upgrade() else {
                return;
            };
            let go = with(&ctl, |c| {
                c.generation == generation && !c.user_closed && c.live.is_none()
            });
            if go == Some(true) {
                connect(&ctl);
            }
        });
    }
}

fn disconnect(ctl: &Shared) {
    let Some((ws, was_pending)) = with(ctl, |c| {
        c.user_closed = true;
        c.generation += 1;
        (
            c.live.as_ref().map(|l| l.ws.clone()),
            std::mem::replace(&mut c.reconnect_pending, false),
        )
    }) else {
        return;
    };
    if was_pending {
        dispatch(ctl, LogAction::ReconnectCancelled);
    }
    if let Some(ws) = ws {
        flush(ctl);
        let _ = ws.close_with_code_and_reason(1000, "closed by the user");
        dispatch(ctl, LogAction::Closing { at: now() });
    }
}

/// Sends `text`, logs it with its prediction; the error for people when it cannot.
fn send(ctl: &Shared, text: String, heartbeat: bool) -> Result<(), String> {
    let (ws, scenario) = with(ctl, |c| {
        (
            c.live.as_ref().map(|l| l.ws.clone()),
            c.settings.scenario.clone(),
        )
    })
    .ok_or("busy: try again")?;
    let ws = ws
        .filter(|w| w.ready_state() == WebSocket::OPEN)
        .ok_or("not connected: connect first")?;
    flush(ctl);
    ws.send_with_str(&text)
        .map_err(|e| format!("the browser could not send it: {}", dom::js_error_text(&e)))?;
    let at = now();
    with(ctl, |c| c.last_activity = at);
    let predicted = match scenario.get() {
        Ok(s) => predict(&s, &text),
        Err(why) => Predicted::Nothing(format!("the page's scenario could not be read: {why}")),
    };
    dispatch(
        ctl,
        LogAction::Sent {
            text,
            at,
            predicted,
            heartbeat,
        },
    );
    Ok(())
}

/// A one-second clock while a connection is open or a reconnect is pending: timers,
/// prediction windows, heartbeats.
fn start_ticker(ctl: &Shared) {
    if with(ctl, |c| std::mem::replace(&mut c.ticking, true)) != Some(false) {
        return;
    }
    let weak: Weak<RefCell<Ctl>> = Rc::downgrade(ctl);
    spawn_local(async move {
        loop {
            sleep(Duration::from_millis(1000)).await;
            let Some(ctl) = weak.upgrade() else {
                return;
            };
            let at = now();
            let Some((alive, beat)) = with(&ctl, |c| {
                let alive = c.live.is_some() || c.reconnect_pending;
                let beat = match (&c.live, &c.settings.heartbeat) {
                    (Some(l), Some((secs, m)))
                        if l.ws.ready_state() == WebSocket::OPEN
                            && at - c.last_activity >= f64::from(*secs) * 1000.0 =>
                    {
                        Some(m.clone())
                    }
                    _ => None,
                };
                if !alive {
                    c.ticking = false;
                }
                (alive, beat)
            }) else {
                continue;
            };
            if let Some(m) = beat {
                let _ = send(&ctl, m, true);
            }
            flush(&ctl);
            dispatch(&ctl, LogAction::Tick(at));
            if !alive {
                return;
            }
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Saved messages.

/// A named message kept in `localStorage`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Saved {
    /// Its name.
    pub name: String,
    /// The message.
    pub text: String,
}

/// The saved messages (none when storage is off or holds something else).
pub fn load_saved() -> Vec<Saved> {
    dom::storage()
        .and_then(|s| s.get_item(SAVED_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn store_saved(list: &[Saved]) -> Result<(), String> {
    let s = dom::storage().ok_or("this browser keeps no local storage here")?;
    let text = serde_json::to_string(list).map_err(|e| e.to_string())?;
    s.set_item(SAVED_KEY, &text)
        .map_err(|_| "the browser refused to store it (storage full or off)".to_string())
}

// ---------------------------------------------------------------------------------------------
// The component.

/// The form's fields.
#[derive(Clone, Debug, PartialEq)]
struct Form {
    url: String,
    query: String,
    protocols: String,
    message: String,
    save_name: String,
    saved: Vec<Saved>,
    notice: Option<String>,
    send_on_connect: bool,
    reconnect: bool,
    heartbeat: bool,
    heartbeat_secs: String,
    heartbeat_message: String,
    filter: String,
    paused: bool,
    expanded: HashSet<u64>,
    confirm_big: bool,
}

impl Form {
    fn new(url: String) -> Form {
        Form {
            url,
            query: String::new(),
            protocols: String::new(),
            message: "{\"action\": \"sendmessage\", \"message\": \"hello\"}".into(),
            save_name: String::new(),
            saved: load_saved(),
            notice: None,
            send_on_connect: false,
            reconnect: false,
            heartbeat: false,
            heartbeat_secs: "540".into(),
            heartbeat_message: "{\"action\": \"ping\"}".into(),
            filter: String::new(),
            paused: false,
            expanded: HashSet::new(),
            confirm_big: false,
        }
    }

    fn heartbeat_secs(&self) -> Result<u32, String> {
        match self.heartbeat_secs.trim().parse::<u32>() {
            Ok(n) if (1..=86_400).contains(&n) => Ok(n),
            _ => Err("a number of seconds from 1 to 86400".into()),
        }
    }
}

type Edit = Rc<dyn Fn(&mut Form)>;

impl Reducible for Form {
    type Action = Edit;

    fn reduce(self: Rc<Self>, edit: Edit) -> Rc<Self> {
        let mut next = (*self).clone();
        edit(&mut next);
        Rc::new(next)
    }
}

/// Where the console reads the page's scenario, at the moment a message is sent (the console
/// can be a module of its own, loaded after the page: see `ui::console_host`).
#[derive(Clone)]
pub struct ScenarioSource(Rc<dyn Fn() -> Result<Scenario, String>>);

impl ScenarioSource {
    /// Reads the scenario with `read`.
    pub fn new(read: impl Fn() -> Result<Scenario, String> + 'static) -> ScenarioSource {
        ScenarioSource(Rc::new(read))
    }

    /// Always this scenario.
    pub fn fixed(scenario: Scenario) -> ScenarioSource {
        let scenario = Rc::new(scenario);
        ScenarioSource::new(move || Ok((*scenario).clone()))
    }

    /// The scenario now.
    pub fn get(&self) -> Result<Scenario, String> {
        (self.0)()
    }
}

impl Default for ScenarioSource {
    fn default() -> ScenarioSource {
        ScenarioSource::new(|| Ok(Scenario::default()))
    }
}

impl PartialEq for ScenarioSource {
    fn eq(&self, other: &ScenarioSource) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for ScenarioSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ScenarioSource")
    }
}

/// Props of [`Console`].
#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    /// The page's scenario: each sent message is also run through it.
    pub scenario: ScenarioSource,
    /// The page's assumptions: the probe kit's predictions follow them.
    #[prop_or_default]
    pub assumptions: Assumptions,
    /// The URL field's first value.
    #[prop_or_default]
    pub url: Option<String>,
}

fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
        d.get_milliseconds()
    )
}

fn countdown(ms: f64) -> String {
    let s = (ms.max(0.0) / 1000.0).floor() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

fn kb(n: usize) -> String {
    if n < 1024 {
        format!("{n} bytes")
    } else {
        format!("{:.1} KB", n as f64 / 1024.0)
    }
}

fn ndjson(log: &Log) -> String {
    let mut out = String::new();
    for e in &log.entries {
        let time = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(e.at))
            .to_iso_string()
            .as_string()
            .unwrap_or_default();
        let v = serde_json::json!({
            "direction": match e.dir { Dir::Out => "sent", Dir::In => "received", Dir::Event => "event" },
            "time": time,
            "size": e.size,
            "binary": e.binary,
            "text": e.text,
        });
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out
}

fn predicted_text(p: &Predicted) -> String {
    match p {
        Predicted::Frame(f) => f.clone(),
        Predicted::Nothing(why) => format!("(no frame: {why})"),
        Predicted::Close(c, r) => format!("(the connection closes with {c}: {r})"),
    }
}

fn actual_text(a: Option<&Actual>) -> String {
    match a {
        None => "(waiting for a frame, up to 5 s)".into(),
        Some(Actual::Frame(f)) => f.clone(),
        Some(Actual::NoFrame) => "(no frame within 5 s)".into(),
        Some(Actual::Closed(c)) => format!("(the connection closed with {c} first)"),
    }
}

/// The live WebSocket console.
#[function_component(Console)]
pub fn console(props: &ConsoleProps) -> Html {
    let log = use_reducer(Log::default);
    let form = use_reducer({
        let url = props.url.clone().unwrap_or_default();
        move || Form::new(url)
    });
    let ctl: Shared = use_mut_ref(Ctl::default);
    let log_ref = use_node_ref();

    let url_check = check_url(&form.url, &form.query);
    let protocols = check_protocols(&form.protocols);
    // keep the controller's view of the form current
    {
        let settings = Settings {
            url: url_check.url.clone(),
            protocols: protocols.clone().unwrap_or_default(),
            send_on_connect: form.send_on_connect.then(|| form.message.clone()),
            heartbeat: match (form.heartbeat, form.heartbeat_secs()) {
                (true, Ok(s)) => Some((s, form.heartbeat_message.clone())),
                _ => None,
            },
            reconnect: form.reconnect,
            scenario: props.scenario.clone(),
        };
        with(&ctl, |c| {
            if c.dispatch.is_none() {
                c.dispatch = Some(log.dispatcher());
            }
            if c.settings != settings {
                c.settings = settings;
            }
        });
    }
    // on unmount: close the socket, drop its closures, stop the timers
    {
        let ctl = ctl.clone();
        use_effect_with((), move |_| {
            move || {
                let live = with(&ctl, |c| {
                    c.generation += 1;
                    c.user_closed = true;
                    c.reconnect_pending = false;
                    c.dispatch = None;
                    c.live.take()
                })
                .flatten();
                if let Some(live) = live {
                    let _ = live.ws.close_with_code_and_reason(1000, "page closed");
                    drop(live);
                }
            }
        });
    }
    // follow the newest entry unless paused
    {
        let log_ref = log_ref.clone();
        let last = log.entries.back().map(|e| e.id);
        let paused = form.paused;
        use_effect_with((last, paused), move |(_, paused)| {
            if !*paused && let Some(el) = log_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let edit = |f: fn(&mut Form, String)| {
        let form = form.dispatcher();
        Callback::from(move |e: InputEvent| {
            let v = dom::event_value(&e);
            form.dispatch(Rc::new(move |x: &mut Form| f(x, v.clone())));
        })
    };
    let toggle = |f: fn(&mut Form, bool)| {
        let form = form.dispatcher();
        Callback::from(move |e: Event| {
            let on = dom::event_checked(&e);
            form.dispatch(Rc::new(move |x: &mut Form| f(x, on)));
        })
    };
    let set_notice = {
        let form = form.dispatcher();
        move |n: Option<String>| form.dispatch(Rc::new(move |x: &mut Form| x.notice = n.clone()))
    };

    let open = matches!(log.conn, Conn::Open { .. });
    let busy = matches!(log.conn, Conn::Connecting { .. } | Conn::Closing);
    let on_connect = {
        let ctl = ctl.clone();
        Callback::from(move |_: MouseEvent| user_connect(&ctl))
    };
    let on_disconnect = {
        let ctl = ctl.clone();
        Callback::from(move |_: MouseEvent| disconnect(&ctl))
    };
    let bytes = form.message.len();
    let too_big = bytes > FRAME_LIMIT;
    let on_send = {
        let ctl = ctl.clone();
        let form_d = form.dispatcher();
        let text = form.message.clone();
        let confirmed = form.confirm_big;
        let set_notice = set_notice.clone();
        Callback::from(move |_: MouseEvent| {
            if too_big && !confirmed {
                form_d.dispatch(Rc::new(|x: &mut Form| x.confirm_big = true));
                return;
            }
            form_d.dispatch(Rc::new(|x: &mut Form| x.confirm_big = false));
            match send(&ctl, text.clone(), false) {
                Ok(()) => set_notice(None),
                Err(e) => set_notice(Some(e)),
            }
        })
    };
    let on_save = {
        let form_d = form.dispatcher();
        Callback::from(move |_: MouseEvent| {
            form_d.dispatch(Rc::new(|x: &mut Form| {
                let name = match x.save_name.trim() {
                    "" => x.message.chars().take(40).collect::<String>(),
                    n => n.to_string(),
                };
                let mut list = x.saved.clone();
                match list.iter_mut().find(|s| s.name == name) {
                    Some(s) => s.text = x.message.clone(),
                    None => list.push(Saved {
                        name: name.clone(),
                        text: x.message.clone(),
                    }),
                }
                match store_saved(&list) {
                    Ok(()) => {
                        x.saved = list;
                        x.notice = Some(format!("Saved “{name}” in this browser"));
                        x.save_name.clear();
                    }
                    Err(e) => x.notice = Some(format!("Not saved: {e}")),
                }
            }))
        })
    };
    let on_clear = {
        let d = log.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(LogAction::Clear))
    };
    let on_export = {
        let log = log.clone();
        let set_notice = set_notice.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = dom::download(
                "websocket-log.ndjson",
                "application/x-ndjson",
                &ndjson(&log),
            ) {
                set_notice(Some(format!("Export failed: {e}")));
            }
        })
    };

    // --- the connection's state
    let (state_class, state_text) = match &log.conn {
        Conn::Idle => ("idle", "not connected".to_string()),
        Conn::Connecting { url } => ("connecting", format!("connecting to {url}…")),
        Conn::Open { protocol } if protocol.is_empty() => ("open", "open".to_string()),
        Conn::Open { protocol } => ("open", format!("open (subprotocol {protocol})")),
        Conn::Closing => ("closing", "closing…".to_string()),
        Conn::Closed {
            code,
            reason,
            clean,
            ..
        } => (
            "closed",
            format!(
                "closed: {code}{}{}",
                if reason.is_empty() {
                    String::new()
                } else {
                    format!(" “{reason}”")
                },
                if *clean { "" } else { ", not clean" }
            ),
        ),
    };
    let explained = match &log.conn {
        Conn::Closed { code, was_open, .. } => Some(close_code_meaning(*code, *was_open)),
        _ => None,
    };
    let timers = match (&log.conn, log.opened_at) {
        (Conn::Open { .. }, Some(since)) => Some(format!(
            "API Gateway would close it: idle in {} (any frame resets it), at most in {}",
            countdown(IDLE_MS - (log.now - log.last_activity)),
            countdown(MAX_MS - (log.now - since))
        )),
        _ => None,
    };
    let reconnect_text = log.reconnect.map(|(attempt, due)| {
        format!(
            "reconnecting in {} s (attempt {attempt}, backoff doubles up to 30 s)",
            ((due - log.now) / 1000.0).ceil().max(0.0)
        )
    });

    // --- composer
    let json_badge = match json_check(&form.message) {
        Some(Ok(())) => {
            html! { <span class="badge ok" data-testid="ws-json">{ "valid JSON" }</span> }
        }
        Some(Err(e)) => {
            html! { <span class="badge bad" data-testid="ws-json">{ format!("invalid JSON: {e}") }</span> }
        }
        None => html! { <span class="badge neutral" data-testid="ws-json">{ "text" }</span> },
    };
    let size_text = if bytes > MESSAGE_LIMIT {
        format!(
            "{} — over API Gateway's 128 KB message limit: it closes the connection with 1009",
            kb(bytes)
        )
    } else if too_big {
        format!(
            "{} — over API Gateway's 32 KB frame limit: browsers send one frame, so it closes the connection with 1009",
            kb(bytes)
        )
    } else {
        format!(
            "{} of API Gateway's 32 KB frame limit ({}%)",
            kb(bytes),
            bytes * 100 / FRAME_LIMIT
        )
    };
    let heartbeat_error = if form.heartbeat {
        form.heartbeat_secs().err()
    } else {
        None
    };

    // --- the log
    let needle = case::to_lower(&form.filter);
    let matching: Vec<&Rc<Entry>> = log
        .entries
        .iter()
        .filter(|e| needle.is_empty() || case::to_lower(&e.text).contains(&needle))
        .collect();
    let hidden = matching.len().saturating_sub(SHOWN_ROWS);
    let rows = matching[hidden..].iter().map(|e| {
        let id = e.id;
        let expanded = form.expanded.contains(&id);
        let (arrow, dir_class, dir_label) = match e.dir {
            Dir::Out => ("↑", "out", "sent"),
            Dir::In => ("↓", "in", "received"),
            Dir::Event => ("•", "event", "event"),
        };
        let shown: String = e.text.chars().take(SHOWN_CHARS).collect();
        let cut = shown.len() < e.text.len();
        let pretty = expanded
            .then(|| {
                serde_json::from_str::<serde_json::Value>(&e.text)
                    .ok()
                    .and_then(|v| serde_json::to_string_pretty(&v).ok())
            })
            .flatten();
        let toggle_row = {
            let form_d = form.dispatcher();
            Callback::from(move |_: MouseEvent| {
                form_d.dispatch(Rc::new(move |x: &mut Form| {
                    if !x.expanded.remove(&id) {
                        x.expanded.insert(id);
                    }
                }))
            })
        };
        html! {
            <li key={id} class={classes!("ws-entry", dir_class)} data-testid="ws-entry">
                <span class="ws-dir" aria-label={dir_label}>{ arrow }</span>
                <span class="ws-time">{ clock(e.at) }</span>
                if e.dir != Dir::Event {
                    <span class="ws-size">{ kb(e.size) }</span>
                }
                if e.dir == Dir::Event {
                    <span class="ws-text">{ shown }</span>
                } else {
                    <button type="button" class="ws-text link-like" aria-expanded={expanded.to_string()}
                            title="Show all of it, pretty-printed when it is JSON" onclick={toggle_row}>
                        { shown }{ if cut && !expanded { " …" } else { "" } }
                    </button>
                }
                if expanded {
                    <pre class="ws-full">{ pretty.unwrap_or_else(|| e.text.clone()) }</pre>
                }
            </li>
        }
    });

    // --- predicted vs actual
    let compare_view = match log.latest() {
        None => html! {
            <p class="field-hint" data-testid="ws-verdict">
                { "Send a message: the simulator's prediction for it, with this page's scenario and its sample backend, appears beside the frame that comes back." }
            </p>
        },
        Some(c) => {
            let verdict = c.actual.as_ref().map(|a| compare(&c.predicted, a));
            let (class, text) = match verdict {
                None => ("pending", "waiting for the answer…"),
                Some(Verdict::Agree) => ("agree", "agree"),
                Some(Verdict::AgreeExceptIds) => {
                    ("agree", "agree (ids and times differ, as they must)")
                }
                Some(Verdict::Differ) => ("differ", "differ"),
            };
            let diff = match (&c.predicted, &c.actual, verdict) {
                (Predicted::Frame(p), Some(Actual::Frame(a)), Some(Verdict::Differ)) => {
                    let lines = line_diff(p, a).into_iter().map(|l| match l {
                        DiffLine::Same(s) => {
                            html! { <span class="diff-same">{ format!("  {s}\n") }</span> }
                        }
                        DiffLine::Predicted(s) => {
                            html! { <span class="diff-predicted">{ format!("- {s}\n") }</span> }
                        }
                        DiffLine::Actual(s) => {
                            html! { <span class="diff-actual">{ format!("+ {s}\n") }</span> }
                        }
                    });
                    Some(html! {
                        <>
                            <p class="field-hint">{ "Line diff: - predicted, + actual" }</p>
                            <pre class="ws-diff" data-testid="ws-diff">{ for lines }</pre>
                        </>
                    })
                }
                _ => None,
            };
            html! {
                <>
                    <p class={classes!("ws-verdict", class)} data-testid="ws-verdict">
                        { format!("{}{}: {text}", if c.heartbeat { "heartbeat " } else { "" }, c.message.chars().take(80).collect::<String>()) }
                    </p>
                    <div class="ws-pair">
                        <div>
                            <h5>{ "Predicted by the simulator" }</h5>
                            <pre class="frame" data-testid="ws-predicted">{ predicted_text(&c.predicted) }</pre>
                        </div>
                        <div>
                            <h5>{ "Actual" }</h5>
                            <pre class="frame" data-testid="ws-actual">{ actual_text(c.actual.as_ref()) }</pre>
                        </div>
                    </div>
                    { for diff }
                </>
            }
        }
    };
    let history = log.comparisons.iter().rev().skip(1).take(8).map(|c| {
        let v = c.actual.as_ref().map(|a| compare(&c.predicted, a));
        let mark = match v {
            None => "…",
            Some(Verdict::Agree | Verdict::AgreeExceptIds) => "✓ agree",
            Some(Verdict::Differ) => "✗ differ",
        };
        html! { <li>{ format!("{mark} — {}", c.message.chars().take(60).collect::<String>()) }</li> }
    });

    let saved = form.saved.iter().enumerate().map(|(i, s)| {
        let load = {
            let form_d = form.dispatcher();
            let text = s.text.clone();
            Callback::from(move |_: MouseEvent| {
                let text = text.clone();
                form_d.dispatch(Rc::new(move |x: &mut Form| {
                    x.message = text.clone();
                    x.confirm_big = false;
                }))
            })
        };
        let remove = {
            let form_d = form.dispatcher();
            Callback::from(move |_: MouseEvent| {
                form_d.dispatch(Rc::new(move |x: &mut Form| {
                    let mut list = x.saved.clone();
                    if i < list.len() {
                        list.remove(i);
                    }
                    match store_saved(&list) {
                        Ok(()) => x.saved = list,
                        Err(e) => x.notice = Some(format!("Not removed: {e}")),
                    }
                }))
            })
        };
        html! {
            <li>
                <button type="button" class="small" title={s.text.chars().take(200).collect::<String>()} onclick={load}>{ s.name.clone() }</button>
                <button type="button" class="icon small" aria-label={format!("Remove saved message {}", s.name)} onclick={remove}>{ "✕" }</button>
            </li>
        }
    });

    html! {
        <section class="card console" aria-labelledby="ws-title" data-testid="ws-console">
            <h3 id="ws-title">{ "Live WebSocket" }</h3>
            <p class="field-hint">
                { "Connect to your deployed API, or to a local one: " }
                <code>{ "apigw-playground serve scenario.json" }</code>
                { ". Frames go only between this page and that URL." }
            </p>
            <div class="field">
                <label for="ws-url">{ "WebSocket URL" }</label>
                <input id="ws-url" type="text" data-testid="ws-url" value={form.url.clone()} spellcheck="false"
                       autocomplete="off" placeholder="wss://abc123.execute-api.us-east-1.amazonaws.com/production"
                       aria-invalid={(url_check.error.is_some() && !form.url.trim().is_empty()).to_string()}
                       aria-describedby="ws-url-check"
                       oninput={edit(|f, v| f.url = v)} />
                <div id="ws-url-check" class="ws-url-check" data-testid="ws-url-check">
                    if let Some(e) = &url_check.error {
                        <p class="diag error">{ e.clone() }</p>
                    }
                    { for url_check.notes.iter().map(|n| html! { <p class="hint">{ n.clone() }</p> }) }
                </div>
            </div>
            <details class="ws-auth">
                <summary>{ "Authentication: query parameters, presigned URL, subprotocols" }</summary>
                <p class="hint" data-testid="ws-headers-note">
                    { "Browsers cannot set headers on a WebSocket; use a query parameter or a presigned URL." }
                </p>
                <div class="field">
                    <label for="ws-query">{ "Query parameters (key=value, one a line; added to the URL, encoded)" }</label>
                    <textarea id="ws-query" rows="2" data-testid="ws-query" value={form.query.clone()} spellcheck="false"
                              placeholder="token=eyJ…" oninput={edit(|f, v| f.query = v)} />
                    <p class="field-hint">{ "For a Lambda authorizer with an identity source such as route.request.querystring.token. Query strings can end up in logs: prefer short-lived tokens." }</p>
                </div>
                <p class="field-hint">
                    { "IAM auth: paste a presigned URL (SigV4 in the query: X-Amz-Signature…), made with the AWS SDK or CLI, into the URL field. This page never asks for your keys." }
                </p>
                <div class="field">
                    <label for="ws-protocols">{ "Subprotocols (comma-separated, optional)" }</label>
                    <input id="ws-protocols" type="text" data-testid="ws-protocols" value={form.protocols.clone()} spellcheck="false"
                           aria-invalid={protocols.is_err().to_string()} oninput={edit(|f, v| f.protocols = v)} />
                    if let Err(e) = &protocols {
                        <p class="diag error" data-testid="ws-protocols-error">{ e.clone() }</p>
                    } else if !form.protocols.trim().is_empty() {
                        <p class="hint" data-testid="ws-protocols-warning">
                            { "The server must answer with one of these (Sec-WebSocket-Protocol), or the browser closes the connection at once (1006). API Gateway echoes one only when your $connect integration returns that header." }
                        </p>
                    }
                </div>
            </details>
            <div class="ws-controls">
                <button type="button" data-testid="ws-connect" onclick={on_connect}
                        disabled={url_check.url.is_none() || protocols.is_err() || open || busy}>{ "Connect" }</button>
                <button type="button" data-testid="ws-disconnect" onclick={on_disconnect}
                        disabled={!(open || busy || log.reconnect.is_some())}>{ "Disconnect" }</button>
                <label class="inline">
                    <input type="checkbox" checked={form.reconnect} data-testid="ws-reconnect" onchange={toggle(|f, on| f.reconnect = on)} />
                    { " Reconnect when it drops (backoff)" }
                </label>
                <span class={classes!("ws-state", state_class)} role="status" data-testid="ws-state">{ state_text }</span>
            </div>
            if let Some(f) = &log.failure {
                <p class="diag error" data-testid="ws-failure">{ format!("The browser refused to connect: {f}") }</p>
            }
            if let Some(e) = explained {
                <p class="ws-explained" data-testid="ws-close-explained">{ e }</p>
            }
            if let Some(r) = reconnect_text {
                <p class="hint" data-testid="ws-reconnecting">{ r }</p>
            }
            if let Some(t) = timers {
                <p class="hint" data-testid="ws-timers">{ t }</p>
            }
            if let Some(ids) = &log.error_ids {
                <p class="ws-ids" data-testid="ws-ids">
                    { format!("API Gateway error frame “{}”", ids.message) }
                    if let Some(c) = &ids.connection_id { { " — connectionId " }<code>{ c.clone() }</code> }
                    if let Some(r) = &ids.request_id { { ", requestId " }<code>{ r.clone() }</code> }
                    { ". Look the requestId up in the stage's CloudWatch execution logs to see why." }
                </p>
            }

            <div class="ws-composer">
                <div class="field">
                    <label for="ws-message">{ "Message" }</label>
                    <textarea id="ws-message" rows="4" data-testid="ws-message" value={form.message.clone()} spellcheck="false"
                              oninput={edit(|f, v| { f.message = v; f.confirm_big = false; })} />
                </div>
                <div class="ws-meter-row">
                    { json_badge }
                    <meter min="0" max={FRAME_LIMIT.to_string()} low={(FRAME_LIMIT * 3 / 4).to_string()} high={(FRAME_LIMIT * 9 / 10).to_string()}
                           optimum="0" value={bytes.min(FRAME_LIMIT).to_string()} aria-label="Size against the 32 KB frame limit" />
                    <span class={classes!("ws-size-text", too_big.then_some("over"))} data-testid="ws-size">{ size_text }</span>
                </div>
                <div class="ws-controls">
                    <button type="button" data-testid="ws-send" onclick={on_send} disabled={!open}>
                        { if form.confirm_big { "Send anyway (closes with 1009)" } else { "Send" } }
                    </button>
                    <label class="inline">
                        <input type="checkbox" checked={form.send_on_connect} data-testid="ws-send-on-connect"
                               onchange={toggle(|f, on| f.send_on_connect = on)} />
                        { " Send on connect" }
                    </label>
                    <input type="text" class="ws-save-name" data-testid="ws-save-name" placeholder="name" aria-label="Name for the saved message"
                           value={form.save_name.clone()} oninput={edit(|f, v| f.save_name = v)} />
                    <button type="button" data-testid="ws-save" onclick={on_save}>{ "Save message" }</button>
                </div>
                if form.confirm_big {
                    <p class="diag error" data-testid="ws-big-warning">{ "This message is over API Gateway's 32 KB frame limit: API Gateway will close the connection with 1009. Click again to send it anyway." }</p>
                }
                if let Some(n) = &form.notice {
                    <p class="hint" role="status" data-testid="ws-notice">{ n.clone() }</p>
                }
                if !form.saved.is_empty() {
                    <ul class="ws-saved" aria-label="Saved messages" data-testid="ws-saved">{ for saved }</ul>
                }
                <details class="ws-heartbeat">
                    <summary>{ "Heartbeat (keep the connection from going idle)" }</summary>
                    <p class="field-hint">{ "Browsers cannot send ping frames: this sends a text message, which API Gateway routes like any other (a $default route may answer it)." }</p>
                    <div class="ws-controls">
                        <label class="inline">
                            <input type="checkbox" checked={form.heartbeat} data-testid="ws-heartbeat" onchange={toggle(|f, on| f.heartbeat = on)} />
                            { " Every " }
                        </label>
                        <input type="text" class="ws-secs" inputmode="numeric" aria-label="Heartbeat interval in seconds" data-testid="ws-heartbeat-secs"
                               aria-invalid={heartbeat_error.is_some().to_string()} value={form.heartbeat_secs.clone()} oninput={edit(|f, v| f.heartbeat_secs = v)} />
                        { " s of silence, send " }
                        <input type="text" class="ws-heartbeat-message" aria-label="Heartbeat message" data-testid="ws-heartbeat-message"
                               value={form.heartbeat_message.clone()} oninput={edit(|f, v| f.heartbeat_message = v)} />
                    </div>
                    if let Some(e) = heartbeat_error {
                        <p class="diag error">{ format!("Heartbeat interval: {e}") }</p>
                    }
                </details>
            </div>

            <section class="ws-compare" aria-labelledby="ws-compare-title" data-testid="ws-compare">
                <h4 id="ws-compare-title">{ "Predicted vs actual" }</h4>
                { compare_view }
                if log.comparisons.len() > 1 {
                    <ul class="ws-history">{ for history }</ul>
                }
            </section>

            <div class="ws-log-bar">
                <input type="text" class="ws-filter" placeholder="filter" aria-label="Filter the log" data-testid="ws-filter"
                       value={form.filter.clone()} oninput={edit(|f, v| f.filter = v)} />
                <label class="inline">
                    <input type="checkbox" checked={form.paused} data-testid="ws-pause" onchange={toggle(|f, on| f.paused = on)} />
                    { " Pause auto-scroll" }
                </label>
                <button type="button" class="small" data-testid="ws-clear" onclick={on_clear}>{ "Clear" }</button>
                <button type="button" class="small" data-testid="ws-export" onclick={on_export} disabled={log.entries.is_empty()}>{ "Export NDJSON" }</button>
                <span class="field-hint" data-testid="ws-count">
                    { format!("↑ {} sent, ↓ {} received", log.counts.0, log.counts.1) }
                    if log.dropped > 0 { { format!("; {} older entries dropped: the log keeps the newest {LOG_CAP} (limit: log entries)", log.dropped) } }
                    if hidden > 0 { { format!("; showing the newest {SHOWN_ROWS} of {}", matching.len()) } }
                </span>
            </div>
            <ol class="ws-log" ref={log_ref} aria-label="Frames" aria-live="off" data-testid="ws-log">
                { for rows }
            </ol>
            <crate::ui::probe::Probes url={url_check.url.clone()} assumptions={props.assumptions} />
        </section>
    }
}
