//! The top bar: share link, scenario file download and import, theme.

use crate::engine::model::Scenario;
use crate::state::{Action, Theme};
use crate::ui::{dom, persist};
use yew::prelude::*;

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The current scenario.
    pub scenario: Scenario,
    /// The current theme.
    pub theme: Theme,
    /// The preset the scenario came from.
    pub preset: Option<String>,
    /// Changes.
    pub on_action: Callback<Action>,
}

/// The top bar.
#[function_component(Toolbar)]
pub fn toolbar(p: &ToolbarProps) -> Html {
    let link = use_state(|| None::<Result<String, String>>);
    let import_open = use_state(|| false);
    let import_text = use_state(String::new);
    let import_error = use_state(|| None::<String>);

    let on_share = {
        let scenario = p.scenario.clone();
        let link = link.clone();
        Callback::from(move |_| {
            let url = persist::share_url(&scenario);
            let fragment = url
                .split_once('#')
                .map(|(_, f)| f.to_string())
                .unwrap_or_default();
            if fragment.len() > crate::share::MAX_FRAGMENT_BYTES {
                link.set(Some(Err(format!(
                    "This scenario is too large for a link ({} bytes compressed; links hold {} bytes). Use Download scenario instead.",
                    fragment.len(),
                    crate::share::MAX_FRAGMENT_BYTES
                ))));
                return;
            }
            persist::write_fragment(&fragment);
            dom::copy(&url);
            link.set(Some(Ok(url)));
        })
    };
    let on_download = {
        let scenario = p.scenario.clone();
        Callback::from(move |_| {
            let _ = dom::download("scenario.json", "application/json", &scenario.to_json());
        })
    };
    let on_import_toggle = {
        let import_open = import_open.clone();
        let import_text = import_text.clone();
        let scenario = p.scenario.clone();
        Callback::from(move |_| {
            if !*import_open {
                import_text.set(scenario.to_json());
            }
            import_open.set(!*import_open);
        })
    };
    let on_import_input = {
        let import_text = import_text.clone();
        Callback::from(move |e: InputEvent| import_text.set(dom::event_value(&e)))
    };
    let on_import = {
        let import_text = import_text.clone();
        let import_error = import_error.clone();
        let import_open = import_open.clone();
        let on_action = p.on_action.clone();
        Callback::from(move |_| match Scenario::from_json(&import_text) {
            Ok(s) => {
                import_error.set(None);
                import_open.set(false);
                on_action.emit(Action::Load {
                    scenario: Box::new(s),
                    preset: None,
                    notice: Some("Scenario loaded.".into()),
                });
            }
            Err(e) => import_error.set(Some(format!("This is not a scenario: {e}"))),
        })
    };
    let next_theme = match p.theme {
        Theme::System => Theme::Dark,
        Theme::Dark => Theme::Light,
        Theme::Light => Theme::System,
    };
    let theme_label = match p.theme {
        Theme::System => "Theme: system",
        Theme::Dark => "Theme: dark",
        Theme::Light => "Theme: light",
    };
    html! {
        <div class="toolbar" role="toolbar" aria-label="Scenario">
            <button type="button" onclick={on_share} data-testid="share">{ "Share link" }</button>
            <button type="button" onclick={on_download}>{ "Download scenario" }</button>
            if p.preset.is_some() {
                <button type="button" onclick={p.on_action.reform(|_| Action::ResetToPreset)} data-testid="reset">{ "Reset to preset" }</button>
            }
            <button type="button" onclick={on_import_toggle} aria-expanded={(*import_open).to_string()}>{ "Scenario JSON…" }</button>
            <button type="button" onclick={p.on_action.reform(move |_| Action::SetTheme(next_theme))} data-testid="theme">{ theme_label }</button>
            if let Some(Ok(url)) = &*link {
                <p class="share-link">
                    <label for="share-url">{ "Link (copied to the clipboard): " }</label>
                    <input id="share-url" type="text" readonly=true value={url.clone()} data-testid="share-url" />
                </p>
            }
            if let Some(Err(e)) = &*link {
                <p class="share-link error" role="alert">{ e.clone() }</p>
            }
            if *import_open {
                <div class="import-box">
                    <label for="import-json">{ "The whole scenario as JSON: copy it, or paste one and load it." }</label>
                    <textarea id="import-json" rows="12" spellcheck="false" value={(*import_text).clone()} oninput={on_import_input} data-testid="import-json" />
                    <button type="button" onclick={on_import} data-testid="import-load">{ "Load this scenario" }</button>
                    if let Some(e) = &*import_error {
                        <p class="error" role="alert">{ e.clone() }</p>
                    }
                </div>
            }
        </div>
    }
}
