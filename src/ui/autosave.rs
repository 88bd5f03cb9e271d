//! Autosave: the scenario goes to localStorage a moment after the last edit, not on every
//! keystroke (with a 1 MB backend body, serialising and storing it takes tens of milliseconds,
//! which typing must not pay each time), and at once when the page is hidden, left or reloaded,
//! so nothing typed is lost.

use crate::engine::model::Scenario;
use crate::ui::persist;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// How long after the last edit the scenario is saved.
pub const DELAY_MS: i32 = 400;

/// The events after which a pending save is written at once.
const FLUSH_ON: [&str; 2] = ["pagehide", "visibilitychange"];

#[derive(Default)]
struct Pending {
    scenario: Option<Scenario>,
    timer: Option<i32>,
}

/// Saves what [`Autosave::schedule`] is given, [`DELAY_MS`] after the last call, or when the
/// page goes away. Dropping it writes what is pending and removes its listeners.
pub struct Autosave {
    pending: Rc<RefCell<Pending>>,
    tick: Closure<dyn FnMut()>,
    flush: Closure<dyn FnMut(web_sys::Event)>,
}

fn write(pending: &RefCell<Pending>) {
    let taken = {
        let mut p = pending.borrow_mut();
        if let (Some(id), Some(w)) = (p.timer.take(), web_sys::window()) {
            w.clear_timeout_with_handle(id);
        }
        p.scenario.take()
    };
    if let Some(s) = taken {
        // A full storage keeps the older save; the page itself goes on (see `persist::save`).
        let _ = persist::save(&s);
    }
}

impl Autosave {
    /// Listens for the page going away; nothing is saved until [`Autosave::schedule`].
    pub fn new() -> Autosave {
        let pending = Rc::new(RefCell::new(Pending::default()));
        let tick = {
            let pending = pending.clone();
            Closure::<dyn FnMut()>::new(move || {
                pending.borrow_mut().timer = None;
                write(&pending);
            })
        };
        let flush = {
            let pending = pending.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| write(&pending))
        };
        if let Some(w) = web_sys::window() {
            for event in FLUSH_ON {
                let _ = w.add_event_listener_with_callback(event, flush.as_ref().unchecked_ref());
            }
        }
        Autosave {
            pending,
            tick,
            flush,
        }
    }

    /// Saves `s` after [`DELAY_MS`] unless another scenario comes first. Without a timer (no
    /// window) it saves at once.
    pub fn schedule(&self, s: Scenario) {
        let mut p = self.pending.borrow_mut();
        p.scenario = Some(s);
        let Some(w) = web_sys::window() else {
            drop(p);
            write(&self.pending);
            return;
        };
        if let Some(id) = p.timer.take() {
            w.clear_timeout_with_handle(id);
        }
        match w.set_timeout_with_callback_and_timeout_and_arguments_0(
            self.tick.as_ref().unchecked_ref(),
            DELAY_MS,
        ) {
            Ok(id) => p.timer = Some(id),
            Err(_) => {
                drop(p);
                write(&self.pending);
            }
        }
    }

    /// Writes what is pending now.
    pub fn flush(&self) {
        write(&self.pending);
    }
}

impl Default for Autosave {
    fn default() -> Self {
        Autosave::new()
    }
}

impl Drop for Autosave {
    fn drop(&mut self) {
        write(&self.pending);
        if let Some(w) = web_sys::window() {
            for event in FLUSH_ON {
                let _ = w.remove_event_listener_with_callback(
                    event,
                    self.flush.as_ref().unchecked_ref(),
                );
            }
        }
    }
}
