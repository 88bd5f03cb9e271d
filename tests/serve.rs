//! `apigw-playground serve`: the real binary on a free loopback port, driven by a real WebSocket
//! client (tokio-tungstenite): routes, one-way routes, error frames, MOCK, an HTTP backend this
//! test runs, API Gateway's limits and timeouts, concurrent connections, and a clean stop.
#![cfg(not(target_arch = "wasm32"))]

use futures_util::{SinkExt, StreamExt};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

const BIN: &str = env!("CARGO_BIN_EXE_apigw-playground");

fn preset(name: &str) -> String {
    format!("{}/www/presets/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

/// A scenario file written for one test.
fn scenario_file(name: &str, json: &serde_json::Value) -> String {
    let dir = std::env::temp_dir().join(format!("apigw-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("{name}.json"));
    std::fs::write(&p, serde_json::to_string_pretty(json).unwrap()).unwrap();
    p.to_string_lossy().into_owned()
}

/// The server process; killed when dropped. Its stderr (the log) is collected line by line.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(scenario: &str, extra: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .arg("serve")
            .arg(scenario)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let port = first
            .trim()
            .strip_prefix("listening on ws://127.0.0.1:")
            .unwrap_or_else(|| panic!("first line: {first:?}"))
            .parse()
            .unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                sink.lock().unwrap().push(line);
            }
        });
        Server { child, port, log }
    }

    async fn connect(&self) -> Ws {
        let (ws, _) = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{}", self.port))
            .await
            .unwrap();
        ws
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Waits (up to 5 s) until the log has a line containing `text`.
    async fn wait_log(&self, text: &str) -> bool {
        for _ in 0..200 {
            if self.log().contains(text) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The next text frame within `within`, if any (pings and pongs skipped).
async fn next_text(ws: &mut Ws, within: Duration) -> Option<String> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Err(_) => return None,
            Ok(Some(Ok(Message::Text(t)))) => return Some(t.to_string()),
            Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => continue,
            Ok(other) => panic!("expected a text frame, got {other:?}"),
        }
    }
}

async fn ask(ws: &mut Ws, message: &str) -> String {
    ws.send(Message::text(message)).await.unwrap();
    next_text(ws, Duration::from_secs(5))
        .await
        .unwrap_or_else(|| panic!("no frame for {message}"))
}

/// The close code and reason the server sends next (within 5 s).
async fn closed_with(ws: &mut Ws) -> (u16, String) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await {
            Err(_) => panic!("no close within 5 s"),
            Ok(Some(Ok(Message::Close(Some(f))))) => {
                return (u16::from(f.code), f.reason.to_string());
            }
            Ok(Some(Ok(Message::Close(None)))) => return (1005, String::new()),
            Ok(Some(Ok(_))) => continue,
            Ok(Some(Err(e))) => panic!("error instead of a close frame: {e}"),
            Ok(None) => panic!("the connection ended without a close frame"),
        }
    }
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn is_api_gateway_id(id: &str) -> bool {
    id.len() == 16
        && id.ends_with('=')
        && id[..15]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[tokio::test]
async fn the_routes_of_a_multi_route_preset() {
    let server = Server::start(&preset("route-selection"), &[]);
    let mut ws = server.connect().await;
    assert_eq!(
        ask(&mut ws, r#"{"action": "join", "room": "r1"}"#).await,
        r#"{"route": "join"}"#
    );
    assert_eq!(
        ask(&mut ws, r#"{"action": "leave"}"#).await,
        r#"{"route": "leave"}"#
    );
    assert_eq!(
        ask(&mut ws, r#"{"action": "dance"}"#).await,
        r#"{"route": "$default"}"#
    );
    assert_eq!(ask(&mut ws, "plain text").await, r#"{"route": "$default"}"#);
    assert!(server.wait_log("route=leave").await, "{}", server.log());
    assert!(
        server.log().contains("frame of 17 bytes"),
        "{}",
        server.log()
    );
}

fn mock_routes(routes: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "version": 1,
        "title": "two routes",
        "api": {"RouteSelectionExpression": "$request.body.action"},
        "routes": routes,
        "integrations": [{
            "IntegrationId": "mock",
            "IntegrationType": "MOCK",
            "RequestTemplates": {"$default": "{\"statusCode\": 200}"},
            "IntegrationResponses": [{
                "IntegrationResponseKey": "$default",
                "ResponseTemplates": {"$default": "{\"route\": \"$context.routeKey\", \"conn\": \"$context.connectionId\"}"}
            }]
        }],
        "sample": {"message": "{}"}
    })
}

#[tokio::test]
async fn a_one_way_route_sends_nothing_and_a_two_way_route_answers() {
    let file = scenario_file(
        "one-and-two-way",
        &mock_routes(serde_json::json!([
            {"RouteKey": "ask", "Target": "integrations/mock",
             "RouteResponseSelectionExpression": "$default", "RouteResponses": [{"RouteResponseKey": "$default"}]},
            {"RouteKey": "tell", "Target": "integrations/mock"}
        ])),
    );
    let server = Server::start(&file, &[]);
    let mut ws = server.connect().await;
    ws.send(Message::text(r#"{"action": "tell"}"#))
        .await
        .unwrap();
    assert_eq!(next_text(&mut ws, Duration::from_millis(400)).await, None);
    assert!(server.wait_log("route=tell").await, "{}", server.log());
    assert!(server.log().contains("no frame"), "{}", server.log());
    // the next frame is the two-way route's, not a late one from `tell`
    let f = json(&ask(&mut ws, r#"{"action": "ask"}"#).await);
    assert_eq!(f["route"], "ask");
    assert!(is_api_gateway_id(f["conn"].as_str().unwrap()), "{f}");
}

#[tokio::test]
async fn no_route_and_no_default_gives_the_forbidden_frame_with_this_connections_ids() {
    let mut s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(preset("route-selection")).unwrap()).unwrap();
    s["routes"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["RouteKey"] != "$default");
    let server = Server::start(&scenario_file("no-default", &s), &[]);
    let mut ws = server.connect().await;
    let a = ask(&mut ws, r#"{"action": "dance"}"#).await;
    assert!(
        a.starts_with(r#"{"message": "Forbidden", "connectionId":""#),
        "{a}"
    );
    let a = json(&a);
    let b = json(&ask(&mut ws, r#"{"action": "dance"}"#).await);
    let conn = a["connectionId"].as_str().unwrap();
    assert!(is_api_gateway_id(conn), "{a}");
    assert!(is_api_gateway_id(a["requestId"].as_str().unwrap()), "{a}");
    assert_eq!(b["connectionId"], conn, "one connection, one connectionId");
    assert_ne!(
        b["requestId"], a["requestId"],
        "each message its own requestId"
    );
    assert_ne!(conn, "Qyi07eCbtjMCJKw=", "not the simulator's default id");
    // the routes that exist still answer
    assert_eq!(
        ask(&mut ws, r#"{"action": "join"}"#).await,
        r#"{"route": "join"}"#
    );
}

#[tokio::test]
async fn a_mock_preset_answers_from_its_templates() {
    let server = Server::start(&preset("mock-integration"), &[]);
    let mut ws = server.connect().await;
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let f = json(&ask(&mut ws, r#"{"action": "mock"}"#).await);
    assert_eq!(f["pong"], true, "{f}");
    let at = f["at"].as_i64().unwrap();
    assert!(
        (before - 1000..before + 10_000).contains(&at),
        "$context.requestTimeEpoch is the real time: {at} vs {before}"
    );
    let f = json(&ask(&mut ws, r#"{"action": "mock", "status": 500}"#).await);
    assert_eq!(f, serde_json::json!({"pong": false, "route": "mock"}));
    assert!(
        server.wait_log("answered by its request template").await,
        "{}",
        server.log()
    );
}

/// A tiny HTTP backend on loopback: records each request's body and answers
/// `{"id": <the connectionId it was sent>, "text": <text>}` with 200, or 404 for the text
/// `missing`.
struct Backend {
    port: u16,
    bodies: Arc<Mutex<Vec<String>>>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Backend {
    fn start() -> Backend {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (b, r) = (bodies.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let (b, r) = (b.clone(), r.clone());
                std::thread::spawn(move || Backend::answer(stream, &b, &r));
            }
        });
        Backend {
            port,
            bodies,
            requests,
        }
    }

    fn answer(
        mut stream: std::net::TcpStream,
        bodies: &Mutex<Vec<String>>,
        requests: &Mutex<Vec<String>>,
    ) {
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = String::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().unwrap_or(0);
            }
            head.push_str(&line);
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let body = String::from_utf8(body).unwrap();
        requests.lock().unwrap().push(head);
        bodies.lock().unwrap().push(body.clone());
        let req: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        let (status, answer) = if req["text"] == "missing" {
            (
                "404 Not Found",
                serde_json::json!({"error": "no such room"}),
            )
        } else {
            (
                "200 OK",
                serde_json::json!({"id": req["connectionId"], "text": req["text"]}),
            )
        };
        let answer = answer.to_string();
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
            answer.len()
        );
    }
}

#[tokio::test]
async fn an_http_integration_calls_the_backend_and_maps_its_real_answer() {
    let backend = Backend::start();
    let url = format!("http://127.0.0.1:{}/messages", backend.port);
    let server = Server::start(&preset("http-status-mapping"), &["--backend", &url]);
    let mut ws = server.connect().await;
    let f = json(&ask(&mut ws, r#"{"action": "sendmessage", "message": "hello"}"#).await);
    let conn = f["id"].as_str().unwrap().to_string();
    assert!(is_api_gateway_id(&conn), "{f}");
    assert_eq!(
        f,
        serde_json::json!({"ok": true, "id": conn, "echo": "hello"})
    );
    // the backend got the rendered request template, with this connection's id
    let sent = backend.bodies.lock().unwrap()[0].clone();
    assert_eq!(
        sent,
        format!("{{\n  \"connectionId\": \"{conn}\",\n  \"text\": \"hello\"\n}}")
    );
    let head = backend.requests.lock().unwrap()[0].clone();
    assert!(head.starts_with("POST /messages HTTP/1.1\r\n"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    // a 404 selects /4\d\d/
    assert_eq!(
        ask(
            &mut ws,
            r#"{"action": "sendmessage", "message": "missing"}"#
        )
        .await,
        r#"{"ok": false, "error": "no such room", "status": "client"}"#
    );
    assert!(server.wait_log("→ 404").await, "{}", server.log());
    assert!(server.log().contains("key=/4\\d\\d/"), "{}", server.log());
}

#[tokio::test]
async fn a_loopback_integration_uri_is_called_without_backend_flag_and_a_dead_backend_is_an_error_frame()
 {
    let backend = Backend::start();
    let mut s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(preset("http-status-mapping")).unwrap())
            .unwrap();
    s["integrations"][0]["IntegrationUri"] =
        format!("http://127.0.0.1:{}/messages", backend.port).into();
    let server = Server::start(&scenario_file("loopback-uri", &s), &[]);
    let mut ws = server.connect().await;
    let f = json(&ask(&mut ws, r#"{"action": "sendmessage", "message": "hi"}"#).await);
    assert_eq!(f["echo"], "hi");
    assert_eq!(backend.bodies.lock().unwrap().len(), 1);

    // a backend that is not there: API Gateway's Internal server error frame
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_port = dead.local_addr().unwrap().port();
    drop(dead);
    let server = Server::start(
        &preset("http-status-mapping"),
        &["--backend", &format!("http://127.0.0.1:{dead_port}/x")],
    );
    let mut ws = server.connect().await;
    let f = ask(&mut ws, r#"{"action": "sendmessage", "message": "hi"}"#).await;
    assert!(
        f.starts_with(r#"{"message": "Internal server error", "connectionId":""#),
        "{f}"
    );
    assert!(server.wait_log("failed").await, "{}", server.log());
}

#[tokio::test]
async fn without_a_backend_the_sample_answers_and_the_log_says_so() {
    let server = Server::start(&preset("lambda-proxy"), &[]);
    let mut ws = server.connect().await;
    assert_eq!(
        ask(&mut ws, r#"{"action": "echo"}"#).await,
        r#"{"echo": "hi"}"#
    );
    // the log is written by the server's task, maybe after the frame: wait for it
    assert!(
        server
            .wait_log("AWS is not called: the scenario's sample backend answers")
            .await,
        "{}",
        server.log()
    );
}

#[tokio::test]
async fn an_oversize_message_closes_with_1009() {
    let server = Server::start(&preset("route-selection"), &[]);
    let mut ws = server.connect().await;
    let big = format!(r#"{{"action": "join", "pad": "{}"}}"#, "x".repeat(40_000));
    ws.send(Message::text(big)).await.unwrap();
    let (code, reason) = closed_with(&mut ws).await;
    assert_eq!(code, 1009, "{reason}");
    assert!(
        server.wait_log("closing with 1009").await,
        "{}",
        server.log()
    );
    // exactly 32 KB is still fine
    let mut ws = server.connect().await;
    let head = r#"{"action": "join", "pad": ""#;
    let exact = format!("{head}{}\"}}", "x".repeat(32 * 1024 - head.len() - 2));
    assert_eq!(exact.len(), 32 * 1024);
    assert_eq!(ask(&mut ws, &exact).await, r#"{"route": "join"}"#);
}

#[tokio::test]
async fn a_binary_frame_closes_with_1003() {
    let server = Server::start(&preset("route-selection"), &[]);
    let mut ws = server.connect().await;
    ws.send(Message::binary(vec![1u8, 2, 3])).await.unwrap();
    assert_eq!(closed_with(&mut ws).await.0, 1003);
}

#[tokio::test]
async fn fifty_concurrent_connections_each_get_their_own_answer_and_connection_id() {
    let backend = Backend::start();
    let url = format!("http://127.0.0.1:{}/messages", backend.port);
    let server = Server::start(&preset("http-status-mapping"), &["--backend", &url]);
    let port = server.port;
    let t0 = Instant::now();
    let clients = (0..50).map(|i| {
        tokio::spawn(async move {
            let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}"))
                .await
                .unwrap();
            let mut ids = Vec::new();
            for round in 0..3 {
                let text = format!("client {i} round {round}");
                let f = json(
                    &ask(
                        &mut ws,
                        &serde_json::json!({"action": "sendmessage", "message": text}).to_string(),
                    )
                    .await,
                );
                assert_eq!(f["echo"], text.as_str(), "{f}");
                ids.push(f["id"].as_str().unwrap().to_string());
            }
            ws.close(None).await.unwrap();
            ids
        })
    });
    let mut seen = std::collections::HashSet::new();
    for c in clients.collect::<Vec<_>>() {
        let ids = c.await.unwrap();
        assert!(
            ids.iter().all(|id| id == &ids[0]),
            "one id a connection: {ids:?}"
        );
        assert!(is_api_gateway_id(&ids[0]));
        seen.insert(ids[0].clone());
    }
    assert_eq!(seen.len(), 50, "every connection has its own connectionId");
    assert_eq!(backend.bodies.lock().unwrap().len(), 150);
    assert!(t0.elapsed() < Duration::from_secs(20), "{:?}", t0.elapsed());
}

#[tokio::test]
async fn idle_and_maximum_duration_close_with_1001() {
    let server = Server::start(&preset("route-selection"), &["--idle-timeout", "0.5"]);
    let mut ws = server.connect().await;
    let t0 = Instant::now();
    assert_eq!(closed_with(&mut ws).await.0, 1001);
    assert!(
        t0.elapsed() >= Duration::from_millis(450),
        "{:?}",
        t0.elapsed()
    );
    assert!(server.wait_log("idle timeout").await, "{}", server.log());

    // activity keeps it open, but not past the maximum duration
    let server = Server::start(
        &preset("route-selection"),
        &["--idle-timeout", "0.6", "--max-duration", "1.5"],
    );
    let mut ws = server.connect().await;
    let t0 = Instant::now();
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            ask(&mut ws, r#"{"action": "join"}"#).await,
            r#"{"route": "join"}"#
        );
    }
    assert_eq!(closed_with(&mut ws).await.0, 1001);
    assert!(
        t0.elapsed() >= Duration::from_millis(1400),
        "{:?}",
        t0.elapsed()
    );
    assert!(
        server.wait_log("maximum connection duration").await,
        "{}",
        server.log()
    );
}

#[tokio::test]
async fn ctrl_c_closes_connections_with_1001_and_exits_0() {
    let mut server = Server::start(&preset("route-selection"), &[]);
    let mut ws = server.connect().await;
    assert_eq!(
        ask(&mut ws, r#"{"action": "join"}"#).await,
        r#"{"route": "join"}"#
    );
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(closed_with(&mut ws).await.0, 1001);
    let t0 = Instant::now();
    let exit = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(t0.elapsed() < Duration::from_secs(5), "still running");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(exit.success(), "{exit:?}");
    assert!(server.wait_log("stopped").await, "{}", server.log());
}

#[test]
fn usage_errors() {
    let out = Command::new(BIN).arg("serve").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing SCENARIO.json"));
    let out = Command::new(BIN)
        .args([
            "serve",
            &preset("route-selection"),
            "--backend",
            "https://x.example",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no TLS"));
    let out = Command::new(BIN)
        .args(["serve", &preset("route-selection"), "--idle-timeout", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
