//! `apigw-playground probe-stack` and `apigw-playground probe URL`: the probe kit of
//! [`crate::engine::probe`] from the command line.
//!
//! `probe` opens one WebSocket connection per probe (all at once, so a run takes about one
//! time-out), sends the probe's message, and takes the first text frame; nothing within the
//! time-out counts as "no frame". One connection a probe means a late frame can never be taken
//! for another probe's, and a probe that closes its connection cannot spoil the rest. This build
//! speaks plain `ws://` (the local `serve`); `wss://` needs TLS, which it does not include.

use super::{Args, Failure};
use crate::engine::assumptions::Assumptions;
use crate::engine::probe::{self, Observed, Verdict};
use futures_util::{SinkExt, StreamExt};
use std::io::Write;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio_tungstenite::tungstenite::Message;

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
    if url.starts_with("wss://") {
        return Err(Failure::Input(format!(
            "{url}: this build has no TLS, so it speaks ws:// only. Run the probes from the page instead (live console, Probes: Run all probes), or against `apigw-playground serve --probes`"
        )));
    }
    if !url.starts_with("ws://") {
        return Err(Failure::Usage(format!(
            "the URL must start with ws://, not `{url}`"
        )));
    }
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
            let url = url.clone();
            let message = p.message.clone();
            async move { (p.id.to_string(), run_one(&url, &message, timeout).await) }
        });
        futures_util::future::join_all(runs).await
    });
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

/// One probe on its own connection.
async fn run_one(url: &str, message: &str, timeout: Duration) -> Observed {
    let connected =
        tokio::time::timeout(CONNECT_TIMEOUT, tokio_tungstenite::connect_async(url)).await;
    let mut ws = match connected {
        Err(_) => {
            return Observed::Failed {
                error: format!("no connection within {} s", CONNECT_TIMEOUT.as_secs()),
            };
        }
        Ok(Err(e)) => {
            return Observed::Failed {
                error: format!("cannot connect: {e}"),
            };
        }
        Ok(Ok((ws, _))) => ws,
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
    // days since 1970-01-01 to a civil date (Howard Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
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
    fn iso_time_looks_right() {
        let t = iso_now();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
    }
}
