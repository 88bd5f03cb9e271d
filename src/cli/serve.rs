//! `apigw-playground serve SCENARIO.json`: a real WebSocket endpoint on 127.0.0.1 that plays API
//! Gateway with the engine, so a client (wscat, the page's live console, your app) can talk to
//! the scenario before anything is deployed.
//!
//! Each text message runs through [`Prepared::run_sample`] with the message, the connection's own
//! `connectionId` and a fresh `requestId`; the client gets `client_receives` as a text frame, or
//! nothing. `HTTP`/`HTTP_PROXY` integrations call a real backend when one is known (`--backend
//! URL`, or an `IntegrationUri` on loopback): the rendered integration request is POSTed to it
//! (29 s timeout, as API Gateway) and the message is run again with the backend's real status,
//! headers and body. `MOCK` needs no backend; `AWS`/`AWS_PROXY` (and HTTP without a backend) answer
//! with the scenario's sample backend, and say so at start.
//!
//! API Gateway's limits (spec §5): a frame over 32 KB or a message over 128 KB closes the
//! connection with 1009, a binary frame with 1003; an idle connection (10 min) and every
//! connection after 2 h close with 1001. Ctrl-C (or SIGTERM) closes every connection with 1001
//! and exits 0.
//!
//! Differences from API Gateway: no `$connect`/`$disconnect` integration runs (every handshake is
//! accepted, no authorizer), subprotocols are never echoed (as API Gateway without a `$connect`
//! response header, so a browser that offers one closes the connection), and a message sent in
//! several frames is limited to 32 KB by the engine, which assumes one frame a message.

use super::{Args, Failure, load_scenario};
use crate::engine::limits::Limits;
use crate::engine::model::{Backend, IntegrationType, Sample, Scenario};
use crate::engine::pipeline::{FRAME_LIMIT, MESSAGE_LIMIT, Outcome, Prepared, Stage};
use futures_util::{SinkExt, StreamExt};
use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};
use tokio::time::{Instant, sleep, sleep_until, timeout};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::{self, Message};

/// API Gateway's idle connection timeout.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10 * 60);
/// API Gateway's maximum connection duration.
pub const MAX_DURATION: Duration = Duration::from_secs(2 * 60 * 60);
/// API Gateway's integration timeout (the most `TimeoutInMillis` allows).
pub const INTEGRATION_TIMEOUT: Duration = Duration::from_secs(29);
/// How long a client has to finish the WebSocket handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for connections to close.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// How the endpoint behaves.
#[derive(Clone, Debug)]
pub struct Options {
    /// The HTTP backend for `HTTP`/`HTTP_PROXY` integrations (overrides `IntegrationUri`).
    pub backend: Option<String>,
    /// Close a connection with 1001 after this long without a frame.
    pub idle_timeout: Duration,
    /// Close every connection with 1001 after this long.
    pub max_duration: Duration,
    /// Give up on the backend after this long (the client gets `Internal server error`).
    pub integration_timeout: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            backend: None,
            idle_timeout: IDLE_TIMEOUT,
            max_duration: MAX_DURATION,
            integration_timeout: INTEGRATION_TIMEOUT,
        }
    }
}

/// The `serve` command: parses its arguments, listens, prints `listening on ws://127.0.0.1:PORT`
/// as the first line of `out`, logs to `err` until Ctrl-C or SIGTERM.
pub(super) fn command(
    args: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, Failure> {
    let a = Args::parse(
        args,
        &["port", "backend", "idle-timeout", "max-duration"],
        &["probes"],
    )?;
    // `--probes`: the probe stack, played with the engine's defaults
    let scenario = if a.flag("probes") {
        if let Some(p) = a.positional.first() {
            return Err(Failure::Usage(format!(
                "--probes serves the probe stack: drop `{p}`"
            )));
        }
        crate::engine::probe::scenario(Default::default())
    } else {
        load_scenario(a.one_file("SCENARIO.json")?)?
    };
    let port: u16 = match a.value("port") {
        Some(p) => p
            .parse()
            .map_err(|_| Failure::Usage(format!("--port needs a port number, not `{p}`")))?,
        None => 0,
    };
    let seconds = |name: &str, default: Duration| -> Result<Duration, Failure> {
        match a.value(name) {
            None => Ok(default),
            Some(v) => match v.parse::<f64>() {
                Ok(s) if s > 0.0 && s.is_finite() && s < 1e9 => Ok(Duration::from_secs_f64(s)),
                _ => Err(Failure::Usage(format!(
                    "--{name} needs a number of seconds above 0, not `{v}`"
                ))),
            },
        }
    };
    let opts = Options {
        backend: match a.value("backend") {
            Some(u) => Some(check_backend_url(u).map_err(Failure::Usage)?),
            None => None,
        },
        idle_timeout: seconds("idle-timeout", IDLE_TIMEOUT)?,
        max_duration: seconds("max-duration", MAX_DURATION)?,
        integration_timeout: INTEGRATION_TIMEOUT,
    };
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| Failure::Input(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| Failure::Input(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    let _ = writeln!(out, "listening on ws://127.0.0.1:{}", bound.port());
    let _ = out.flush();
    let shutdown = async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            match signal(SignalKind::terminate()) {
                Ok(mut term) => {
                    tokio::select! {
                        r = tokio::signal::ctrl_c() => if r.is_err() { std::future::pending::<()>().await },
                        _ = term.recv() => {},
                    }
                }
                Err(_) => {
                    if tokio::signal::ctrl_c().await.is_err() {
                        std::future::pending::<()>().await
                    }
                }
            }
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await
        }
    };
    match run(listener, scenario, opts, err, shutdown) {
        Ok(()) => Ok(0),
        Err(e) => Err(Failure::Input(format!("the server failed: {e}"))),
    }
}

/// `--backend` must be a plain `http://` URL (this build has no TLS).
fn check_backend_url(u: &str) -> Result<String, String> {
    if u.starts_with("http://") && u.len() > "http://".len() {
        Ok(u.to_string())
    } else if u.starts_with("https://") {
        Err(format!(
            "--backend {u}: https is not supported (no TLS in this build); run the backend on http://127.0.0.1"
        ))
    } else {
        Err(format!(
            "--backend needs an http:// URL, such as http://127.0.0.1:3000/messages, not `{u}`"
        ))
    }
}

/// An `IntegrationUri` the server may call on its own: `http://` on loopback.
fn loopback_uri(u: &str) -> Option<String> {
    let rest = u.strip_prefix("http://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    let loopback = name.eq_ignore_ascii_case("localhost")
        || name == "::1"
        || name.split('.').count() == 4 && name.starts_with("127.");
    loopback.then(|| u.to_string())
}

/// Serves `scenario` on `listener` until `shutdown` completes, logging one line per connection
/// and per message to `log`. Blocks; runs its own single-threaded runtime (the engine's values
/// are not `Send`, so every connection runs on this thread, each in its own task).
pub fn run(
    listener: std::net::TcpListener,
    scenario: Scenario,
    opts: Options,
    log: &mut dyn Write,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let port = listener.local_addr()?.port();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let local = tokio::task::LocalSet::new();
    let r = local.block_on(&rt, serve(listener, scenario, opts, port, log, shutdown));
    drop(local);
    // a backend call still running (up to 29 s) must not hold the exit
    rt.shutdown_timeout(Duration::from_millis(500));
    r
}

/// What every connection shares.
struct Shared {
    prepared: Prepared,
    opts: Options,
    /// Where each integration's HTTP backend is, when it has one.
    backends: Vec<Option<String>>,
    port: u16,
    agent: ureq::Agent,
    log: mpsc::UnboundedSender<String>,
}

impl Shared {
    fn log(&self, line: String) {
        let _ = self.log.send(line);
    }
}

async fn serve(
    listener: std::net::TcpListener,
    scenario: Scenario,
    opts: Options,
    port: u16,
    log: &mut dyn Write,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let (log_tx, mut log_rx) = mpsc::unbounded_channel::<String>();
    let (stop_tx, stop_rx) = watch::channel(false);
    let prepared = Prepared::new(&scenario, &Limits::default());
    let backends = scenario
        .integrations
        .iter()
        .map(|g| match g.integration_type {
            IntegrationType::Http | IntegrationType::HttpProxy => opts
                .backend
                .clone()
                .or_else(|| g.integration_uri.as_deref().and_then(loopback_uri)),
            _ => None,
        })
        .collect();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.integration_timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .build()
        .into();
    let shared = Rc::new(Shared {
        prepared,
        opts,
        backends,
        port,
        agent,
        log: log_tx,
    });
    for line in describe(&scenario, &shared) {
        let _ = writeln!(log, "{line}");
    }
    let _ = log.flush();

    let mut tasks = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    tasks.spawn_local(connection(stream, peer, shared.clone(), stop_rx.clone()));
                }
                Err(e) => {
                    let _ = writeln!(log, "accept failed: {e}");
                    // out of file descriptors, most likely: let some connections end
                    sleep(Duration::from_millis(50)).await;
                }
            },
            Some(line) = log_rx.recv() => {
                let _ = writeln!(log, "{line}");
            }
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
        }
    }
    drop(listener);
    let open = tasks.len();
    let _ = writeln!(
        log,
        "stopping: closing {open} connection(s) with 1001 (going away)"
    );
    let _ = stop_tx.send(true);
    let grace = sleep(SHUTDOWN_GRACE);
    tokio::pin!(grace);
    loop {
        tokio::select! {
            _ = &mut grace => break,
            r = tasks.join_next() => if r.is_none() { break },
            Some(line) = log_rx.recv() => {
                let _ = writeln!(log, "{line}");
            }
        }
    }
    tasks.abort_all();
    while let Ok(line) = log_rx.try_recv() {
        let _ = writeln!(log, "{line}");
    }
    let _ = writeln!(log, "stopped");
    let _ = log.flush();
    Ok(())
}

/// The start-up lines: what is served and where each integration's answers come from.
fn describe(s: &Scenario, shared: &Shared) -> Vec<String> {
    let mut out = Vec::new();
    let title = if s.title.is_empty() {
        "(untitled scenario)"
    } else {
        &s.title
    };
    out.push(format!("serving: {title}"));
    let routes: Vec<String> = s
        .routes
        .iter()
        .map(|r| {
            let two_way = r
                .route_responses
                .iter()
                .any(|rr| rr.route_response_key == "$default");
            format!(
                "{} ({})",
                r.route_key,
                if two_way { "two-way" } else { "one-way" }
            )
        })
        .collect();
    out.push(format!(
        "routes by `{}`: {}",
        s.api.route_selection_expression,
        if routes.is_empty() {
            "none (every message gets the Forbidden frame)".to_string()
        } else {
            routes.join(", ")
        }
    ));
    if s.routes
        .iter()
        .any(|r| r.route_key == "$connect" || r.route_key == "$disconnect")
    {
        out.push("note: $connect/$disconnect are not run: every handshake is accepted".into());
    }
    for (i, g) in s.integrations.iter().enumerate() {
        let name = g
            .integration_id
            .clone()
            .unwrap_or_else(|| format!("#{}", i + 1));
        let kind = g.integration_type.as_str();
        let line = match (
            g.integration_type,
            shared.backends.get(i).cloned().flatten(),
        ) {
            (IntegrationType::Mock, _) => {
                format!("integration {name} ({kind}): answered by its request template")
            }
            (IntegrationType::Http | IntegrationType::HttpProxy, Some(url)) => format!(
                "integration {name} ({kind}): calls {} {url} (timeout {} s)",
                method_of(g.integration_method.as_deref()),
                shared.opts.integration_timeout.as_secs()
            ),
            (IntegrationType::Http | IntegrationType::HttpProxy, None) => format!(
                "integration {name} ({kind}): no backend on this machine (use --backend http://127.0.0.1:PORT/...): the scenario's sample backend answers ({})",
                crate::state::describe_backend(&s.sample.backend)
            ),
            (IntegrationType::Aws | IntegrationType::AwsProxy, _) => format!(
                "integration {name} ({kind}): AWS is not called: the scenario's sample backend answers ({})",
                crate::state::describe_backend(&s.sample.backend)
            ),
        };
        out.push(line);
    }
    out.push(format!(
        "limits: {} KB a frame, {} KB a message (1009), binary frames 1003, idle {}, at most {} (1001)",
        FRAME_LIMIT / 1024,
        MESSAGE_LIMIT / 1024,
        human(shared.opts.idle_timeout),
        human(shared.opts.max_duration)
    ));
    out
}

fn human(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 3600.0 && s % 3600.0 == 0.0 {
        format!("{} h", s / 3600.0)
    } else if s >= 60.0 && s % 60.0 == 0.0 {
        format!("{} min", s / 60.0)
    } else {
        format!("{s} s")
    }
}

fn method_of(m: Option<&str>) -> String {
    match m {
        Some(m) if !m.trim().is_empty() && !m.eq_ignore_ascii_case("ANY") => {
            m.trim().to_ascii_uppercase()
        }
        _ => "POST".into(),
    }
}

/// What woke a connection up.
enum Event {
    Message(Option<Result<Message, tungstenite::Error>>),
    Idle,
    Max,
    Stop,
}

/// Why a connection ends (for the log).
enum End {
    ClientClosed(Option<u16>),
    Gone(String),
    Closed(u16, &'static str),
}

async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    shared: Rc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let connection_id = new_id();
    let config = WebSocketConfig::default()
        .max_frame_size(Some(FRAME_LIMIT))
        .max_message_size(Some(MESSAGE_LIMIT));
    let mut offered: Option<String> = None;
    // the signature is tungstenite's: its error is an HTTP response
    #[allow(clippy::result_large_err)]
    let callback = |req: &tungstenite::handshake::server::Request,
                    resp: tungstenite::handshake::server::Response| {
        offered = req
            .headers()
            .get("sec-websocket-protocol")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        Ok(resp)
    };
    let handshake = tokio_tungstenite::accept_hdr_async_with_config(stream, callback, Some(config));
    let mut ws = match timeout(HANDSHAKE_TIMEOUT, handshake).await {
        Ok(Ok(ws)) => ws,
        Ok(Err(e)) => {
            shared.log(format!("{peer}: not a WebSocket handshake: {e}"));
            return;
        }
        Err(_) => {
            shared.log(format!("{peer}: no WebSocket handshake within 10 s"));
            return;
        }
    };
    let connected_at = now_ms();
    shared.log(format!("{connection_id} connected from {peer}"));
    if let Some(p) = offered {
        shared.log(format!(
            "{connection_id} offered subprotocol(s) `{p}`: not echoed (API Gateway echoes one only when the $connect integration returns Sec-WebSocket-Protocol), so a browser will close the connection"
        ));
    }
    let start = Instant::now();
    let max_deadline = start + shared.opts.max_duration;
    let mut idle_deadline = start + shared.opts.idle_timeout;
    let mut messages = 0u64;
    let end = loop {
        let event = tokio::select! {
            m = ws.next() => Event::Message(m),
            _ = sleep_until(idle_deadline) => Event::Idle,
            _ = sleep_until(max_deadline) => Event::Max,
            _ = stop.changed() => Event::Stop,
        };
        let m = match event {
            Event::Message(m) => m,
            Event::Idle => break End::Closed(1001, "idle timeout"),
            Event::Max => break End::Closed(1001, "maximum connection duration"),
            Event::Stop => break End::Closed(1001, "server shutting down"),
        };
        idle_deadline = Instant::now() + shared.opts.idle_timeout;
        match m {
            None => break End::Gone("the connection dropped".into()),
            Some(Ok(Message::Text(text))) => {
                messages += 1;
                let request_id = new_id();
                let reply = handle(
                    &shared,
                    text.as_str(),
                    &connection_id,
                    &request_id,
                    connected_at,
                    peer,
                )
                .await;
                match reply {
                    Reply::Frame(f) => {
                        if ws.send(Message::text(f)).await.is_err() {
                            break End::Gone("the connection dropped while sending".into());
                        }
                        idle_deadline = Instant::now() + shared.opts.idle_timeout;
                    }
                    Reply::Nothing => {}
                    Reply::Close(code, reason) => {
                        close(&mut ws, code, &reason).await;
                        break End::Closed(code, "the engine closed it");
                    }
                }
            }
            Some(Ok(Message::Binary(b))) => {
                shared.log(format!(
                    "{connection_id} binary frame of {} bytes: closing with 1003",
                    b.len()
                ));
                close(&mut ws, 1003, "Binary frames are not supported").await;
                break End::Closed(1003, "binary frame");
            }
            Some(Ok(Message::Close(f))) => break End::ClientClosed(f.map(|f| u16::from(f.code))),
            Some(Ok(_)) => {} // ping (answered by tungstenite), pong
            Some(Err(tungstenite::Error::Capacity(e))) => {
                shared.log(format!("{connection_id} {e}: closing with 1009"));
                close(&mut ws, 1009, "Message too big").await;
                break End::Closed(1009, "message too big");
            }
            Some(Err(e)) => break End::Gone(e.to_string()),
        }
    };
    match end {
        End::Closed(1001, why) => {
            close(&mut ws, 1001, "Going away").await;
            shared.log(format!(
                "{connection_id} closed with 1001 ({why}) after {messages} message(s)"
            ));
        }
        End::Closed(code, why) => shared.log(format!(
            "{connection_id} closed with {code} ({why}) after {messages} message(s)"
        )),
        End::ClientClosed(code) => {
            // sends the close reply tungstenite queued
            let _ = timeout(Duration::from_millis(500), ws.flush()).await;
            shared.log(format!(
                "{connection_id} disconnected by the client ({}) after {messages} message(s)",
                code.map_or("no code".to_string(), |c| format!("code {c}"))
            ))
        }
        End::Gone(why) => shared.log(format!(
            "{connection_id} gone ({why}) after {messages} message(s)"
        )),
    }
}

/// Sends a close frame, then waits briefly for the client's reply (the read side may be
/// unusable after an oversize frame, so not for long).
async fn close<S>(ws: &mut tokio_tungstenite::WebSocketStream<S>, code: u16, reason: &str)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let frame = CloseFrame {
        code: CloseCode::from(code),
        reason: reason.to_string().into(),
    };
    if ws.send(Message::Close(Some(frame))).await.is_err() {
        return;
    }
    let _ = timeout(Duration::from_millis(500), async {
        while let Some(Ok(m)) = ws.next().await {
            if matches!(m, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
}

/// What the client gets for one message.
#[derive(Debug, PartialEq)]
enum Reply {
    Frame(String),
    Nothing,
    Close(u16, String),
}

/// Runs one message through the API, calling the HTTP backend when there is one.
async fn handle(
    shared: &Shared,
    message: &str,
    connection_id: &str,
    request_id: &str,
    connected_at: u64,
    peer: SocketAddr,
) -> Reply {
    let t0 = Instant::now();
    let mut sample = sample_for(
        &shared.prepared.scenario().sample,
        message,
        connection_id,
        request_id,
        connected_at,
        peer,
        shared.port,
    );
    let mut outcome = shared.prepared.run_sample(&sample);
    let mut backend_note = String::new();
    let integration = shared.prepared.routed_integration(message);
    let url = integration.and_then(|i| shared.backends.get(i).cloned().flatten());
    let reached_backend = outcome.trace.iter().any(|s| s.stage == Stage::Backend);
    if let (Some(url), Some(request), true) =
        (url, outcome.integration_request.clone(), reached_backend)
    {
        let method = integration
            .and_then(|i| shared.prepared.scenario().integrations.get(i))
            .map(|g| method_of(g.integration_method.as_deref()))
            .unwrap_or_else(|| "POST".into());
        let agent = shared.agent.clone();
        let (m, u) = (method.clone(), url.clone());
        let call = tokio::task::spawn_blocking(move || call_backend(&agent, &m, &u, request)).await;
        match call {
            Ok(Ok(answer)) => {
                backend_note = format!(
                    " backend {method} {url} → {} ({} bytes, {} ms)",
                    answer.status_code,
                    answer.body.len(),
                    t0.elapsed().as_millis()
                );
                sample.backend = answer.into();
                outcome = shared.prepared.run_sample(&sample);
            }
            failed => {
                let e = match failed {
                    Ok(Err(e)) => e,
                    Err(e) => e.to_string(),
                    Ok(Ok(_)) => String::new(),
                };
                shared.log(format!(
                    "{connection_id} {request_id} route={} backend {method} {url} failed: {e} → Internal server error frame",
                    outcome.route_key.as_deref().unwrap_or("-")
                ));
                return Reply::Frame(error_frame(
                    "Internal server error",
                    connection_id,
                    request_id,
                ));
            }
        }
    }
    let reply = reply_of(&outcome);
    shared.log(format!(
        "{connection_id} {request_id} {} bytes route={} key={}{backend_note} → {}",
        message.len(),
        outcome.route_key.as_deref().unwrap_or("-"),
        outcome.integration_response_key.as_deref().unwrap_or("-"),
        match &reply {
            Reply::Frame(f) => format!("frame of {} bytes", f.len()),
            Reply::Nothing => format!(
                "no frame ({})",
                outcome
                    .trace
                    .last()
                    .map(|s| s.summary.as_str())
                    .unwrap_or("nothing sent")
            ),
            Reply::Close(c, r) => format!("close {c} ({r})"),
        }
    ));
    reply
}

fn reply_of(o: &Outcome) -> Reply {
    match (&o.close, &o.client_receives) {
        (Some(c), _) => Reply::Close(c.code, close_reason(c.code, &c.reason)),
        (None, Some(f)) => Reply::Frame(f.clone()),
        (None, None) => Reply::Nothing,
    }
}

fn close_reason(code: u16, engine: &str) -> String {
    match code {
        1009 => "Message too big".into(),
        _ => engine.to_string(),
    }
}

/// The error frame exactly as API Gateway writes it (see the engine's).
fn error_frame(message: &str, connection_id: &str, request_id: &str) -> String {
    format!(
        "{{\"message\": \"{message}\", \"connectionId\":\"{connection_id}\", \"requestId\":\"{request_id}\"}}"
    )
}

/// The scenario's sample with this message and this connection's `$context`.
fn sample_for(
    base: &Sample,
    message: &str,
    connection_id: &str,
    request_id: &str,
    connected_at: u64,
    peer: SocketAddr,
    port: u16,
) -> Sample {
    let mut s = base.clone();
    s.message = message.to_string();
    let now = now_ms();
    let c = &mut s.context;
    c.insert("connectionId".into(), connection_id.into());
    c.insert("requestId".into(), request_id.into());
    c.insert("extendedRequestId".into(), request_id.into());
    c.insert("messageId".into(), new_id().into());
    c.insert("connectedAt".into(), connected_at.into());
    c.insert("requestTimeEpoch".into(), now.into());
    c.insert("requestTime".into(), clf_time(now).into());
    c.insert("domainName".into(), format!("127.0.0.1:{port}").into());
    let ip = serde_json::Value::String(peer.ip().to_string());
    match c.get_mut("identity") {
        Some(serde_json::Value::Object(id)) => {
            id.insert("sourceIp".into(), ip);
        }
        _ => {
            let mut id = serde_json::Map::new();
            id.insert("sourceIp".into(), ip);
            c.insert("identity".into(), serde_json::Value::Object(id));
        }
    }
    s
}

/// POSTs (or sends with `method`) the integration request; the backend's answer as the engine
/// takes it. Redirects are not followed (API Gateway maps the 3xx).
fn call_backend(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: String,
) -> Result<BackendReply, String> {
    let request = ureq::http::Request::builder()
        .method(method)
        .uri(url)
        .header("Content-Type", "application/json")
        .header("User-Agent", "AmazonAPIGateway_apigw-playground")
        .body(body)
        .map_err(|e| format!("bad request: {e}"))?;
    let mut resp = agent.run(request).map_err(|e| e.to_string())?;
    let status_code = resp.status().as_u16();
    let mut headers: indexmap::IndexMap<String, String> = indexmap::IndexMap::new();
    for (k, v) in resp.headers() {
        let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
        headers
            .entry(k.as_str().to_string())
            .and_modify(|e| {
                e.push_str(", ");
                e.push_str(&v);
            })
            .or_insert(v);
    }
    let body = resp
        .body_mut()
        .with_config()
        .limit(10 * 1024 * 1024)
        .read_to_string()
        .map_err(|e| format!("reading the body: {e}"))?;
    Ok(BackendReply {
        status_code,
        headers,
        body,
    })
}

/// What [`call_backend`] read, on its own thread (a [`Backend`] shares its body with `Rc`, so
/// it is made on the server's thread).
struct BackendReply {
    status_code: u16,
    headers: indexmap::IndexMap<String, String>,
    body: String,
}

impl From<BackendReply> for Backend {
    fn from(r: BackendReply) -> Backend {
        Backend {
            status_code: r.status_code,
            headers: r.headers,
            body: r.body.into(),
            lambda_error: None,
        }
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// `dd/Mon/yyyy:HH:mm:ss +0000`, as `$context.requestTime`.
fn clf_time(ms: u64) -> String {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = super::civil_date(days);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{d:02}/{}/{y}:{:02}:{:02}:{:02} +0000",
        MONTHS[(m - 1) as usize],
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A new id in API Gateway's form: 11 bytes in URL-safe base64, so 15 characters and `=`
/// (`Qyi07eCbtjMCJKw=`). Unique within the process: a counter through a bijective mix.
pub fn new_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let seed = *SEED.get_or_init(|| {
        let t = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        splitmix(t ^ (u64::from(std::process::id()) << 32))
    });
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let a = splitmix(seed.wrapping_add(n));
    let b = splitmix(a ^ seed);
    let mut bytes = [0u8; 11];
    bytes[..8].copy_from_slice(&a.to_be_bytes());
    bytes[8..].copy_from_slice(&b.to_be_bytes()[..3]);
    base64_url(&bytes)
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn base64_url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_api_gateway_ids_and_differ() {
        let ids: Vec<String> = (0..1000).map(|_| new_id()).collect();
        for id in &ids {
            assert_eq!(id.len(), 16, "{id}");
            assert!(id.ends_with('='), "{id}");
            assert!(
                id[..15]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                "{id}"
            );
        }
        let unique: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len());
    }

    #[test]
    fn request_time_is_in_common_log_format() {
        assert_eq!(clf_time(1_764_072_000_123), "25/Nov/2025:12:00:00 +0000");
        assert_eq!(clf_time(0), "01/Jan/1970:00:00:00 +0000");
        assert_eq!(clf_time(951_782_400_000), "29/Feb/2000:00:00:00 +0000");
    }

    #[test]
    fn only_loopback_integration_uris_are_called() {
        assert!(loopback_uri("http://127.0.0.1:3000/x").is_some());
        assert!(loopback_uri("http://localhost/x").is_some());
        assert!(loopback_uri("http://[::1]:8080/").is_some());
        assert!(loopback_uri("https://backend.example.com/messages").is_none());
        assert!(loopback_uri("http://127.0.0.1.example.com/").is_none());
        assert!(loopback_uri("http://10.0.0.1/").is_none());
        assert!(loopback_uri("arn:aws:lambda:us-east-1:1:function:f").is_none());
    }

    #[test]
    fn backend_urls_must_be_http() {
        assert!(check_backend_url("http://127.0.0.1:1/x").is_ok());
        assert!(
            check_backend_url("https://x")
                .unwrap_err()
                .contains("no TLS")
        );
        assert!(check_backend_url("ftp://x").is_err());
    }

    #[test]
    fn the_context_carries_this_connection() {
        let peer: SocketAddr = "127.0.0.1:5555".parse().unwrap();
        let s = sample_for(
            &Sample::default(),
            "hi",
            "AAAAAAAAAAAAAAA=",
            "BBBBBBBBBBBBBBB=",
            1,
            peer,
            9,
        );
        assert_eq!(s.message, "hi");
        assert_eq!(s.context["connectionId"], "AAAAAAAAAAAAAAA=");
        assert_eq!(s.context["requestId"], "BBBBBBBBBBBBBBB=");
        assert_eq!(s.context["identity"]["sourceIp"], "127.0.0.1");
        assert_eq!(s.context["domainName"], "127.0.0.1:9");
    }
}
