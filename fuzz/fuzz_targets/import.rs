//! Imports (`engine::iac::import`): AWS CLI JSON, CloudFormation / SAM in YAML or JSON, and
//! scenario files, as a user pastes them; then every export of what was imported.
//!
//! Checks: nothing panics or overflows; every note and error renders with a position inside
//! the pasted text; a CloudFormation export (YAML and JSON) of an imported scenario imports
//! again (what the page writes, the page must read).
//!
//! Input: the pasted text.

#![no_main]

use apigw_playground::engine::diag::{Diagnostic, render_plain};
use apigw_playground::engine::iac::{self, Format};
use apigw_playground::engine::span::Encoding;
use libfuzzer_sys::fuzz_target;

fn show(d: &Diagnostic, text: &str) {
    let _ = render_plain(d, text);
    let _ = d.position(text, Encoding::Utf16);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match iac::import(text) {
        Err(e) => show(&e.diagnostic, text),
        Ok(imported) => {
            for n in &imported.notes {
                show(n, text);
            }
            for format in Format::ALL {
                let Ok(out) = iac::export(&imported.scenario, format) else {
                    continue;
                };
                if matches!(format, Format::CfnYaml | Format::CfnJson)
                    && let Err(e) = iac::import(&out)
                {
                    panic!(
                        "the {} export does not import again: {}\n{out}",
                        format.name(),
                        e.diagnostic.message
                    );
                }
            }
        }
    }
});
