//! The page's side of the import/export worker (`src/bin/iac-worker.rs`): requests of
//! `engine::iac::service` go to a web worker made on the first one, so the import, the export
//! writers and the YAML reader load when first used, not with the page. A worker that cannot be
//! loaded answers every waiting request with an error that says so, and the next request tries
//! again.
//!
//! Component tests run without the worker's files: they put the service itself behind
//! [`set_backend`], so the same components answer from the same engine code.

use crate::engine::json_doc;
use crate::ui::dom;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use yew::Callback;

/// Something that answers a request's text with the answer's text.
pub type Backend = Rc<dyn Fn(String, Callback<String>)>;

/// The worker's loader (www/iac-worker-boot.js), next to the page with the worker's files
/// (trunk does not hash a worker's names: they are asked for with the build's id,
/// [`dom::versioned`]).
const WORKER_SCRIPT: &str = "./iac-worker-boot.js";

thread_local! {
    static BACKEND: RefCell<Option<Backend>> = const { RefCell::new(None) };
    static WORKER: RefCell<Option<Rc<Worker>>> = const { RefCell::new(None) };
}

/// Answers requests with `backend` instead of the worker (component tests).
pub fn set_backend(backend: Backend) {
    BACKEND.with(|b| *b.borrow_mut() = Some(backend));
}

/// `{"error": message}`, the answer that says something failed.
fn error_answer(message: String) -> Value {
    json_doc::object([("error", message.into())])
}

/// Sends `request` (see `engine::iac::service`) and calls `reply` with the answer, an object
/// with an `error` when something failed, the loading of the worker included.
pub fn request(request: Value, reply: Callback<Value>) {
    let on_text = Callback::from(move |text: String| {
        reply.emit(json_doc::parse(&text).unwrap_or_else(|e| {
            error_answer(format!(
                "the import/export worker gave an answer that is not JSON: {}",
                json_doc::located(&text, &e)
            ))
        }))
    });
    if let Some(b) = BACKEND.with(|b| b.borrow().clone()) {
        b(json_doc::to_compact(&request), on_text);
        return;
    }
    match worker() {
        Ok(w) => w.send(json_doc::to_compact(&request), on_text),
        Err(e) => on_text.emit(json_doc::to_compact(&error_answer(e))),
    }
}

/// Starts loading the worker (a pointer over the button that opens the panel): the first
/// request then finds it ready or nearly. Nothing when another backend answers.
pub fn warm_up() {
    if BACKEND.with(|b| b.borrow().is_none()) {
        let _ = worker();
    }
}

/// The worker, made on first use, and again after one failed.
fn worker() -> Result<Rc<Worker>, String> {
    if let Some(w) = WORKER.with(|w| w.borrow().clone()) {
        if !w.shared.dead.get() {
            return Ok(w);
        }
        // its handlers are not running now: it can go
        w.worker.terminate();
    }
    let w = Rc::new(Worker::new()?);
    WORKER.with(|slot| *slot.borrow_mut() = Some(w.clone()));
    Ok(w)
}

/// What the worker's handlers share with it.
#[derive(Default)]
struct Shared {
    waiting: RefCell<HashMap<u64, Callback<String>>>,
    /// It failed: the next request makes a new one.
    dead: std::cell::Cell<bool>,
    /// Its handler is set (it said `ready`); until then requests wait in `queue`, since a
    /// message that arrives while the worker's wasm loads finds no handler and is lost.
    ready: std::cell::Cell<bool>,
    queue: RefCell<Vec<String>>,
}

/// A web worker and the requests waiting for it.
struct Worker {
    worker: web_sys::Worker,
    next: std::cell::Cell<u64>,
    shared: Rc<Shared>,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::ErrorEvent)>,
}

/// The worker failed (its files did not load, or it threw): every waiting request hears it,
/// and the next request makes a new worker.
fn fail_all(shared: &Shared, why: &str) {
    let answer = json_doc::to_compact(&error_answer(format!(
        "the import/export code could not be loaded{}: check the connection and try again",
        if why.is_empty() {
            String::new()
        } else {
            format!(" ({why})")
        }
    )));
    shared.dead.set(true);
    shared.queue.borrow_mut().clear();
    let pending: Vec<Callback<String>> = shared
        .waiting
        .borrow_mut()
        .drain()
        .map(|(_, r)| r)
        .collect();
    for reply in pending {
        reply.emit(answer.clone());
    }
}

impl Worker {
    fn new() -> Result<Worker, String> {
        let worker = web_sys::Worker::new(&dom::versioned(WORKER_SCRIPT)).map_err(|e| {
            format!(
                "the import/export worker could not be started: {}",
                dom::js_error_text(&e)
            )
        })?;
        let shared: Rc<Shared> = Rc::default();
        let on_message = {
            let shared = shared.clone();
            let worker = worker.clone();
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data().as_string().unwrap_or_default();
                if let Some(why) = data.strip_prefix("failed\n") {
                    fail_all(&shared, why);
                    return;
                }
                if data == "ready" {
                    shared.ready.set(true);
                    for message in shared.queue.borrow_mut().drain(..) {
                        // a failure here shows as the worker's error event
                        let _ = worker.post_message(&message.into());
                    }
                    return;
                }
                let (id, answer) = data.split_once('\n').unwrap_or(("", ""));
                let reply = id
                    .parse::<u64>()
                    .ok()
                    .and_then(|id| shared.waiting.borrow_mut().remove(&id));
                if let Some(reply) = reply {
                    reply.emit(answer.to_string());
                }
            })
        };
        let on_error = {
            let shared = shared.clone();
            Closure::<dyn Fn(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
                // the script did not load, or the worker failed
                fail_all(&shared, &e.message());
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Worker {
            worker,
            next: std::cell::Cell::new(0),
            shared,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    fn send(&self, request: String, reply: Callback<String>) {
        let id = self.next.get();
        self.next.set(id + 1);
        self.shared.waiting.borrow_mut().insert(id, reply.clone());
        let message = format!("{id}\n{request}");
        if !self.shared.ready.get() {
            self.shared.queue.borrow_mut().push(message);
            return;
        }
        if let Err(e) = self.worker.post_message(&message.into()) {
            self.shared.waiting.borrow_mut().remove(&id);
            reply.emit(json_doc::to_compact(&error_answer(format!(
                "the import/export worker could not be asked: {}",
                dom::js_error_text(&e)
            ))));
        }
    }
}
