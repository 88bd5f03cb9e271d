//! `apigw-playground probe-stack` and `apigw-playground probe URL`: the probe kit of
//! [`crate::engine::probe`] from the command line.
//!
//! `probe` opens one WebSocket connection per probe (all at once, so a run takes about one
//! time-out), sends the probe's message, and takes the first text frame; nothing within the
//! time-out counts as "no frame". One connection a probe means a late frame can never be taken
//! for another probe's, and a probe that closes its connection cannot spoil the rest.
//!
//! It speaks plain `ws://` (the local `serve --probes`) and `wss://`, which a deployed probe stack
//! always is: TLS with rustls on the `ring` provider, checked against the webpki roots built into
//! the binary (no system certificate store). A connection is made step by step (DNS, TCP, TLS,
//! the WebSocket upgrade) so that a failure says which step failed, in a sentence naming the URL:
//! a host that does not resolve, a refused connection, a TLS handshake that failed (a certificate
//! not valid for the host, a server that does not speak TLS), or API Gateway's 403 Forbidden to
//! the upgrade (a wrong stage or path). When probes cannot connect, the reason is also printed
//! once on stderr, whole, since the table cuts it.

use super::{Args, Failure};
use crate::engine::assumptions::Assumptions;
use crate::engine::probe::{self, Observed, Verdict};
use futures_util::{SinkExt, StreamExt};
use rustls::pki_types::ServerName;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a probe waits for its connection to open.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// `probe-stack [-o FILE]`.
pub(super) fn stack_command(args: &[String], out: &mut dyn Write) -> Result<i32, Failure> {
    // `-o FILE` as well as `--output FILE`
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            if a == "-o" {
                "--output".into()
            } else {
                a.clone()
            }
        })
        .collect();
    let a = Args::parse(&args, &["output"], &[])?;
    if let Some(p) = a.positional.first() {
        return Err(Failure::Usage(format!("unexpected argument `{p}`")));
    }
    let text = probe::stack_template();
    match a.value("output") {
        Some(path) if path != "-" => {
            std::fs::write(path, &text)
                .map_err(|e| Failure::Input(format!("cannot write {path}: {e}")))?;
            let _ = writeln!(
                out,
                "wrote {path}\ndeploy: {}\ndelete: {}",
                probe::DEPLOY_COMMAND.replace("probe-stack.yaml", path),
                probe::DELETE_COMMAND
            );
        }
        _ => {
            let _ = out.write_all(text.as_bytes());
        }
    }
    let _ = out.flush();
    Ok(0)
}

/// `probe URL [--json FILE] [--timeout-ms N] [--assume U-N=CHOICE]...`.
pub(super) fn command(
    args: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, Failure> {
    let a = Args::parse(args, &["json", "timeout-ms", "assume"], &[])?;
    let url = a.one_file("URL")?.to_string();
    let timeout_ms: u64 = match a.value("timeout-ms") {
        None => probe::DEFAULT_TIMEOUT_MS,
        Some(v) => match v.parse::<u64>() {
            Ok(n) if (1..=120_000).contains(&n) => n,
            _ => {
                return Err(Failure::Usage(format!(
                    "--timeout-ms needs a number of milliseconds from 1 to 120000, not `{v}`"
                )));
            }
        },
    };
    let assumptions = assumptions_of(
        a.options
            .iter()
            .filter(|(n, _)| n == "assume")
            .filter_map(|(_, v)| v.as_deref()),
    )?;
    if !url.starts_with("ws://") && !url.starts_with("wss://") {
        return Err(Failure::Usage(format!(
            "the URL must start with ws:// or wss://, not `{url}`"
        )));
    }
    let target = Target::new(&url)?;
    let probes = probe::probes();
    let _ = writeln!(
        err,
        "probing {} with {} probes (one connection each, {timeout_ms} ms for a frame)",
        probe::strip_query(&url),
        probes.len()
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Input(format!("cannot start: {e}")))?;
    let timeout = Duration::from_millis(timeout_ms);
    let observed: Vec<(String, Observed)> = rt.block_on(async {
        let runs = probes.iter().map(|p| {
            let target = &target;
            let message = p.message.clone();
            async move { (p.id.to_string(), run_one(target, &message, timeout).await) }
        });
        futures_util::future::join_all(runs).await
    });
    // the table cuts a cell, so each reason a connection failed is said once here, whole
    let mut failures: Vec<(&str, usize)> = Vec::new();
    for (_, o) in &observed {
        if let Observed::Failed { error } = o {
            match failures.iter_mut().find(|(e, _)| *e == error.as_str()) {
                Some((_, n)) => *n += 1,
                None => failures.push((error, 1)),
            }
        }
    }
    for (error, n) in failures {
        let _ = writeln!(err, "{n} of {} probes failed: {error}", observed.len());
    }
    let mut report = probe::report(&url, timeout_ms, assumptions, &observed);
    report.time = Some(iso_now());
    let _ = write!(out, "{}", report.table(48));
    if let Some(path) = a.value("json") {
        std::fs::write(path, report.to_json())
            .map_err(|e| Failure::Input(format!("cannot write {path}: {e}")))?;
        let _ = writeln!(err, "wrote the report to {path}");
    }
    let _ = out.flush();
    let all_agree = report.probes.iter().all(|r| r.verdict == Verdict::Agree);
    Ok(if all_agree { 0 } else { 1 })
}

/// `U-2=search` … as [`Assumptions`] over the defaults.
fn assumptions_of<'a>(items: impl Iterator<Item = &'a str>) -> Result<Assumptions, Failure> {
    let mut obj = serde_json::Map::new();
    for item in items {
        let Some((k, v)) = item.split_once('=') else {
            return Err(Failure::Usage(format!(
                "--assume needs U-N=CHOICE (such as U-2=search), not `{item}`"
            )));
        };
        obj.insert(k.trim().to_string(), v.trim().into());
    }
    let known = serde_json::to_value(Assumptions::default()).unwrap_or_default();
    for k in obj.keys() {
        if known.get(k).is_none() {
            let ids: Vec<&String> = known
                .as_object()
                .map(|o| o.keys().collect())
                .unwrap_or_default();
            return Err(Failure::Usage(format!(
                "--assume: `{k}` has no switch; these do: {}",
                ids.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    serde_json::from_value(serde_json::Value::Object(obj))
        .map_err(|e| Failure::Usage(format!("--assume: {e}")))
}

/// Where the probes connect: the URL taken apart once, and for `wss://` the TLS configuration.
struct Target {
    /// The URL as given (the WebSocket request is made from it).
    url: String,
    /// The URL as said in messages: without its query string, which may hold a secret.
    shown: String,
    /// The host as DNS and TLS take it (an IPv6 address without its brackets).
    host: String,
    port: u16,
    tls: Option<Arc<rustls::ClientConfig>>,
}

impl Target {
    fn new(url: &str) -> Result<Target, Failure> {
        let shown = probe::strip_query(url);
        let request = url
            .into_client_request()
            .map_err(|e| Failure::Usage(format!("{shown} is not a WebSocket URL: {e}")))?;
        let uri = request.uri();
        let secure = uri.scheme_str() == Some("wss");
        let host = uri
            .host()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| Failure::Usage(format!("{shown} has no host")))?;
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
        let tls = if secure {
            Some(tls_config().map_err(|e| Failure::Input(format!("cannot set up TLS: {e}")))?)
        } else {
            None
        };
        Ok(Target {
            url: url.to_string(),
            shown,
            host,
            port,
            tls,
        })
    }
}

/// TLS as API Gateway's endpoints speak it (1.2 and 1.3), with the `ring` provider given here
/// rather than installed process-wide, and Mozilla's roots from `webpki-roots`.
fn tls_config() -> Result<Arc<rustls::ClientConfig>, rustls::Error> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Opens one WebSocket connection to `t` step by step: DNS, TCP, TLS for `wss://`, then the
/// upgrade; an error is a sentence saying which step failed and naming the URL.
async fn connect(t: &Target) -> Result<WebSocketStream<MaybeTlsStream<TcpStream>>, String> {
    let url = &t.shown;
    let host = t.host.as_str();
    let addrs: Vec<std::net::SocketAddr> = match tokio::net::lookup_host((host, t.port)).await {
        Ok(a) => a.collect(),
        Err(e) => {
            return Err(format!(
                "the host {host} cannot be found (DNS: {e}); check the host name in {url}"
            ));
        }
    };
    if addrs.is_empty() {
        return Err(format!(
            "the host {host} cannot be found (DNS gave no address); check the host name in {url}"
        ));
    }
    let tcp = match TcpStream::connect(&addrs[..]).await {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            return Err(format!(
                "connection refused: nothing accepts connections on {host} port {}, so {url} cannot be reached",
                t.port
            ));
        }
        Err(e) => {
            return Err(format!(
                "cannot open a connection to {host} port {} for {url}: {e}",
                t.port
            ));
        }
    };
    let stream = match &t.tls {
        None => MaybeTlsStream::Plain(tcp),
        Some(config) => {
            let name = ServerName::try_from(host.to_string()).map_err(|_| {
                format!(
                    "TLS handshake not started: {host} is not a host name TLS can check ({url})"
                )
            })?;
            let connector = tokio_rustls::TlsConnector::from(config.clone());
            match connector.connect(name, tcp).await {
                Ok(s) => MaybeTlsStream::Rustls(s),
                Err(e) => return Err(tls_failure(url, host, t.port, &e)),
            }
        }
    };
    match tokio_tungstenite::client_async_with_config(t.url.as_str(), stream, None).await {
        Ok((ws, _)) => Ok(ws),
        Err(e) => Err(upgrade_failure(url, &e)),
    }
}

/// A failed TLS handshake as a sentence.
fn tls_failure(url: &str, host: &str, port: u16, e: &std::io::Error) -> String {
    let why = match e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        Some(rustls::Error::InvalidCertificate(c)) => format!(
            "the server's certificate is not valid for {host} ({}), so it cannot be trusted",
            certificate_problem(c)
        ),
        Some(
            rustls::Error::InvalidMessage(_)
            | rustls::Error::InappropriateMessage { .. }
            | rustls::Error::InappropriateHandshakeMessage { .. },
        ) => format!(
            "the server on port {port} does not speak TLS ({e}); if it is a plain endpoint, use ws://"
        ),
        Some(rustls::Error::AlertReceived(a)) => {
            format!("the server refused it with the TLS alert {a:?}")
        }
        Some(other) => other.to_string(),
        None => match e.kind() {
            std::io::ErrorKind::UnexpectedEof
            | std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::BrokenPipe => {
                format!(
                    "the server closed the connection before TLS was set up ({e}); it may not speak TLS on port {port}"
                )
            }
            _ => e.to_string(),
        },
    };
    format!("TLS handshake with {url} failed: {why}")
}

/// What is wrong with a certificate, in words.
fn certificate_problem(c: &rustls::CertificateError) -> String {
    use rustls::CertificateError as C;
    match c {
        C::UnknownIssuer => "it is not signed by an authority this program trusts; a proxy that inspects TLS on the way gives this too".into(),
        C::NotValidForName | C::NotValidForNameContext { .. } => {
            "it was issued for another host name".into()
        }
        C::Expired | C::ExpiredContext { .. } => "it has expired".into(),
        C::NotValidYet | C::NotValidYetContext { .. } => "it is not valid yet".into(),
        C::Revoked => "it has been revoked".into(),
        C::BadSignature => "its signature is wrong".into(),
        other => format!("{other}"),
    }
}

/// A failed WebSocket upgrade as a sentence.
fn upgrade_failure(url: &str, e: &tungstenite::Error) -> String {
    match e {
        tungstenite::Error::Http(r) if r.status() == 403 => format!(
            "the server refused the WebSocket upgrade of {url} with HTTP 403 Forbidden{}; from API Gateway this means no stage or route answers at that URL (check the stage in the path: the probe stack's is /{}) or the API asks for authorization",
            body_of(r),
            probe::STAGE_NAME
        ),
        tungstenite::Error::Http(r) => format!(
            "the server answered the WebSocket upgrade of {url} with HTTP {}{} instead of 101 Switching Protocols",
            r.status(),
            body_of(r)
        ),
        e => format!("the WebSocket upgrade of {url} failed: {e}"),
    }
}

/// A short text body of an HTTP answer, as ` (body)`, or nothing.
fn body_of(r: &tungstenite::http::Response<Option<Vec<u8>>>) -> String {
    let Some(body) = r.body().as_deref() else {
        return String::new();
    };
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let short: String = text.chars().take(200).collect();
    let more = if short.len() < text.len() { "…" } else { "" };
    format!(" ({short}{more})")
}

/// One probe on its own connection.
async fn run_one(target: &Target, message: &str, timeout: Duration) -> Observed {
    let connected = tokio::time::timeout(CONNECT_TIMEOUT, connect(target)).await;
    let mut ws = match connected {
        Err(_) => {
            return Observed::Failed {
                error: format!(
                    "no connection to {} within {} s",
                    target.shown,
                    CONNECT_TIMEOUT.as_secs()
                ),
            };
        }
        Ok(Err(error)) => return Observed::Failed { error },
        Ok(Ok(ws)) => ws,
    };
    if let Err(e) = ws.send(Message::text(message)).await {
        return Observed::Failed {
            error: format!("cannot send: {e}"),
        };
    }
    let start = Instant::now();
    let deadline = tokio::time::Instant::now() + timeout;
    let seen = loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Err(_) => {
                break Observed::NoFrame {
                    waited_ms: start.elapsed().as_millis() as u64,
                };
            }
            Ok(Some(Ok(Message::Text(t)))) => {
                break Observed::Frame {
                    text: t.to_string(),
                };
            }
            Ok(Some(Ok(Message::Binary(b)))) => {
                break Observed::Frame {
                    text: format!("[binary frame, {} bytes]", b.len()),
                };
            }
            Ok(Some(Ok(Message::Close(f)))) => {
                break Observed::Closed {
                    code: f.as_ref().map_or(1005, |f| u16::from(f.code)),
                    reason: f.map(|f| f.reason.to_string()).unwrap_or_default(),
                };
            }
            Ok(Some(Ok(_))) => continue, // ping, pong
            Ok(Some(Err(e))) => {
                break Observed::Failed {
                    error: format!("the connection failed: {e}"),
                };
            }
            Ok(None) => {
                break Observed::Closed {
                    code: 1006,
                    reason: "the connection ended without a close frame".into(),
                };
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_millis(500), ws.close(None)).await;
    seen
}

/// The time now, ISO 8601 in UTC, to the second.
fn iso_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = super::civil_date(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assume_takes_switches_by_u_number() {
        let a = assumptions_of(["U-2=search", "U-11=no_frame"].into_iter())
            .ok()
            .unwrap();
        assert_eq!(
            a.regex_match,
            crate::engine::assumptions::RegexMatch::Search
        );
        assert_eq!(
            a.empty_output,
            crate::engine::assumptions::EmptyOutput::NoFrame
        );
        assert!(assumptions_of(["U-99=x"].into_iter()).is_err());
        assert!(assumptions_of(["U-2"].into_iter()).is_err());
        assert!(assumptions_of(["U-2=sideways"].into_iter()).is_err());
    }

    #[test]
    fn tls_failures_say_what_went_wrong() {
        use std::io::{Error, ErrorKind};
        let cert = |c| Error::new(ErrorKind::InvalidData, rustls::Error::InvalidCertificate(c));
        let said = |e: &Error| tls_failure("wss://h.example/probe", "h.example", 443, e);
        let s = said(&cert(rustls::CertificateError::UnknownIssuer));
        assert!(
            s.starts_with("TLS handshake with wss://h.example/probe failed: the server's certificate is not valid for h.example (it is not signed by an authority"),
            "{s}"
        );
        let s = said(&cert(rustls::CertificateError::NotValidForName));
        assert!(s.contains("issued for another host name"), "{s}");
        let s = said(&cert(rustls::CertificateError::Expired));
        assert!(s.contains("it has expired"), "{s}");
        let s = said(&Error::new(ErrorKind::UnexpectedEof, "tls handshake eof"));
        assert!(
            s.contains("closed the connection before TLS was set up"),
            "{s}"
        );
        let s = said(&Error::new(
            ErrorKind::InvalidData,
            rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType),
        ));
        assert!(s.contains("does not speak TLS"), "{s}");
    }

    #[test]
    fn an_upgrade_answered_with_another_status_says_so() {
        let r = tungstenite::http::Response::builder()
            .status(404)
            .body(Some(b"no such path".to_vec()))
            .unwrap();
        let s = upgrade_failure("wss://h/x", &tungstenite::Error::Http(Box::new(r)));
        assert_eq!(
            s,
            "the server answered the WebSocket upgrade of wss://h/x with HTTP 404 Not Found (no such path) instead of 101 Switching Protocols"
        );
    }

    #[test]
    fn a_wss_target_defaults_to_port_443_and_has_tls() {
        let t = Target::new("wss://abc.execute-api.eu-west-1.amazonaws.com/probe?x=1")
            .ok()
            .unwrap();
        assert_eq!(t.port, 443);
        assert!(t.tls.is_some());
        assert_eq!(
            t.shown,
            "wss://abc.execute-api.eu-west-1.amazonaws.com/probe?…"
        );
        let t = Target::new("ws://[::1]/x").ok().unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 80));
        assert!(t.tls.is_none());
    }

    #[test]
    fn iso_time_looks_right() {
        let t = iso_now();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
    }
}
