//! The top bar: share link, scenario download, import and export, theme.

use super::iac::ImportExport;
use crate::engine::model::Scenario;
use crate::state::{Action, Theme};
use crate::ui::iac_client;
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
    let iac_open = use_state(|| false);

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
    let on_iac_toggle = {
        let iac_open = iac_open.clone();
        Callback::from(move |_| iac_open.set(!*iac_open))
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
            // a pointer over the button or focus on it starts loading the worker, so the panel's
            // export is usually ready when it opens
            <button type="button" onclick={on_iac_toggle} onpointerenter={Callback::from(|_| iac_client::warm_up())} onfocus={Callback::from(|_| iac_client::warm_up())} aria-expanded={(*iac_open).to_string()} data-testid="iac-toggle">{ "Import / export…" }</button>
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
            if *iac_open {
                <ImportExport scenario={p.scenario.clone()} on_action={p.on_action.clone()} />
            }
        </div>
    }
}
