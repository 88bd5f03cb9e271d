//! The page (wasm32 only): Yew components over the engine. One reducer holds the state
//! ([`crate::state`]); results are derived from the scenario with `use_memo`, so each edit
//! parses the templates once and every pane reads the same outcome.

pub mod autosave;
pub mod components;
pub mod console;
pub mod console_host;
pub mod crash;
pub mod dom;
pub mod iac_client;
pub mod persist;
pub mod probe;

use crate::engine::model::Scenario;
use crate::state::{self, Action, State};
pub use crate::state::{Derived, derive};
use components::configure::Configure;
use components::gallery::Gallery;
use components::results::Results;
use components::toolbar::Toolbar;
use std::rc::Rc;
use yew::prelude::*;

/// The reducer's state: [`State`] behind an `Rc`, changed only by [`state::apply`].
#[derive(Clone, Debug, PartialEq)]
pub struct Store(pub State);

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = self.0.clone();
        state::apply(&mut next, action);
        Rc::new(Store(next))
    }
}

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Start with this scenario instead of the link's, the saved one or the default (tests and
    /// embedding pages use it).
    #[prop_or_default]
    pub initial: Option<Scenario>,
}

/// The page.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let given = props.initial.clone();
    let store = use_reducer(move || {
        let (scenario, notice) = match given {
            Some(s) => (s, None),
            None if crash::reset_requested() => (
                state::default_scenario(),
                Some("Started from the default scenario. Your saved scenario is untouched until you edit this one.".into()),
            ),
            None => persist::initial(state::default_scenario),
        };
        let is_default = scenario == state::default_scenario();
        let mut s = State::new(scenario);
        if is_default {
            s.preset = state::PRESETS.first().map(|p| p.id.to_string());
        }
        s.notice = notice;
        s.theme = dom::saved_theme();
        Store(s)
    });
    let embed = use_memo((), |_| {
        let on = dom::embed_mode();
        if on {
            dom::mark_embed();
        }
        on
    });
    let scenario = store.0.scenario.clone();
    let derived = use_memo(scenario.clone(), derive);

    // Autosave every change, a moment after the last one (and at once when the page is left),
    // but not the scenario the page opened with: a link being opened must not overwrite what
    // the user had saved.
    {
        let opened = use_mut_ref(|| true);
        let autosave = use_memo((), |_| autosave::Autosave::new());
        use_effect_with(scenario.clone(), move |s| {
            if std::mem::replace(&mut *opened.borrow_mut(), false) {
                return;
            }
            autosave.schedule(s.clone());
        });
    }
    {
        let theme = store.0.theme;
        use_effect_with(theme, |t| dom::apply_theme(*t));
    }

    // One callback for the page's lifetime: panes whose other props did not change then skip
    // their re-render (a new callback each render would make every pane's props differ).
    let on_action = {
        let dispatcher = store.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |a: Action| dispatcher.dispatch(a))
        }))
        .clone()
    };
    let s = &store.0;
    let class = classes!("app", embed.then_some("embed"));
    html! {
        <div class={class} data-testid="app">
            if !*embed {
                <Toolbar scenario={scenario.clone()} theme={s.theme} preset={s.preset.clone()} on_action={on_action.clone()} />
            }
            if let Some(n) = &s.notice {
                <div class="notice" role="status" data-testid="notice">
                    <p>{ n.clone() }</p>
                    if s.previous.is_some() {
                        <button type="button" onclick={on_action.reform(|_| Action::UndoLoad)}>{ "Undo" }</button>
                    }
                    <button type="button" onclick={on_action.reform(|_| Action::DismissNotice)}>{ "Dismiss" }</button>
                </div>
            }
            <div class="layout">
                <section class="pane configure-pane" aria-labelledby="configure-title">
                    <h2 id="configure-title" class="visually-hidden">{ "Configuration" }</h2>
                    if !*embed {
                        <Gallery current={s.preset.clone()} on_action={on_action.clone()} />
                    }
                    <Configure state={s.clone()} derived={derived.clone()} on_action={on_action.clone()} />
                </section>
                <section class="pane results-pane" aria-labelledby="results-title">
                    <h2 id="results-title" class="visually-hidden">{ "Results" }</h2>
                    <Results state={s.clone()} derived={derived.clone()} on_action={on_action.clone()} />
                    if !*embed {
                        <console_host::ConsoleSlot scenario={scenario.clone()} />
                    }
                </section>
            </div>
            if !*embed {
                <footer class="site-footer">
                    <p>
                        { "Everything runs in your browser: nothing you type leaves this page. \
                           Where AWS is undocumented the playground says so (U-numbers) and lets you switch the assumption." }
                    </p>
                </footer>
            }
        </div>
    }
}
