//! The presets gallery: AWS's documented examples and the common cases, one click to load.

use crate::engine::model::Scenario;
use crate::state::{Action, PRESETS};
use yew::prelude::*;

/// Props of [`Gallery`].
#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    /// The preset loaded, if any.
    pub current: Option<String>,
    /// Changes.
    pub on_action: Callback<Action>,
}

/// The presets gallery.
#[function_component(Gallery)]
pub fn gallery(p: &GalleryProps) -> Html {
    let items = PRESETS.iter().filter_map(|preset| {
        let s = Scenario::from_json(preset.json).ok()?;
        let id = preset.id.to_string();
        let onclick = {
            let s = s.clone();
            let id = id.clone();
            p.on_action.reform(move |_| Action::Load {
                scenario: Box::new(s.clone()),
                preset: Some(id.clone()),
                notice: Some(format!("Loaded the preset “{}”.", s.title)),
            })
        };
        let current = p.current.as_deref() == Some(preset.id);
        Some(html! {
            <li>
                <button type="button" class={classes!("preset", current.then_some("current"))} {onclick}
                        aria-current={current.then_some("true")} data-testid={format!("preset-{id}")}>
                    <span class="preset-title">{ s.title.clone() }</span>
                </button>
            </li>
        })
    });
    html! {
        <details class="gallery" open=true>
            <summary>{ "Examples" }</summary>
            <ul class="presets">{ for items }</ul>
        </details>
    }
}
