//! The page's components, one per file: each gets data and `on*` callbacks, nothing else.

pub mod configure;
pub mod editor;
pub mod gallery;
pub mod iac;
pub mod results;
pub mod toolbar;

use crate::engine::diag::{Diagnostic, Source};
use crate::engine::model::Scenario;

/// The start of a text too long to show whole: at most `max` bytes, cut back to a character
/// boundary, and how much that is of all of it ("first 4 KB of 1012 KB").
pub(crate) fn text_head(text: &str, max: usize) -> (&str, String) {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let kb = |n: usize| n.div_ceil(1024);
    (
        &text[..end],
        format!("first {} KB of {} KB", kb(end), kb(text.len())),
    )
}

/// The id of the editor that shows `source`'s text, so a diagnostic can focus it.
pub fn editor_id(scenario: &Scenario, source: &Source) -> Option<String> {
    let key_index = |m: &indexmap::IndexMap<String, String>, k: &str| m.get_index_of(k);
    Some(match source {
        Source::RequestTemplate { integration, key } => {
            let g = scenario.integrations.get(*integration)?;
            format!(
                "ed-request-{integration}-{}",
                key_index(&g.request_templates, key)?
            )
        }
        Source::ResponseTemplate {
            integration,
            response,
            key,
        } => {
            let r = scenario
                .integrations
                .get(*integration)?
                .integration_responses
                .get(*response)?;
            format!(
                "ed-response-{integration}-{response}-{}",
                key_index(&r.response_templates, key)?
            )
        }
        Source::ResponseKey {
            integration,
            response,
        } => format!("ed-key-{integration}-{response}"),
        Source::RouteSelection => "ed-route-selection".into(),
        Source::RequestTemplateSelection { integration } => {
            format!("ed-request-selection-{integration}")
        }
        Source::ResponseTemplateSelection {
            integration,
            response,
        } => {
            format!("ed-response-selection-{integration}-{response}")
        }
        Source::Message => "ed-message".into(),
        Source::BackendBody => "ed-body".into(),
        Source::Template | Source::Scenario => return None,
    })
}

/// The diagnostics that belong to `source`.
pub fn diagnostics_for(all: &[Diagnostic], source: &Source) -> Vec<Diagnostic> {
    all.iter()
        .filter(|d| &d.source == source)
        .cloned()
        .collect()
}
