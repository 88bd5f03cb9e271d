//! Infrastructure code in and out: users come from their CloudFormation, SAM, Terraform, CDK or
//! AWS CLI output and go back to it, so a scenario can be read from what they paste and written in
//! the form they keep.
//!
//! - [`import`] reads `aws apigatewayv2 get-*` output (one document, several concatenated, or a
//!   JSON array of them) and CloudFormation / SAM templates or snippets in YAML or JSON, with
//!   intrinsic functions resolved between the snippet's own resources. What it cannot use is kept
//!   or named in a [`Diagnostic`] that points into the pasted text.
//! - [`export`] writes CloudFormation (YAML, JSON), Terraform, an AWS CLI script or a CDK
//!   (TypeScript) app. Every writer escapes for its own syntax: `\d` in JSON and YAML strings,
//!   `${` in Terraform (`$${`), `'` in shell, and never wraps a template in `!Sub`.

mod cdk;
mod cfn_in;
mod cfn_out;
mod hcl;
mod imp;
mod names;
mod node;
pub mod service;
mod shell;
mod yaml;

use crate::engine::diag::Diagnostic;
use crate::engine::model::Scenario;
use std::fmt;

pub use imp::import;

/// `s` as the text of a one-line `#` comment (YAML, HCL, shell): whitespace runs, line breaks
/// included, become one space, and what a comment may not hold (control characters, a byte
/// order mark, the non-characters U+FFFE and U+FFFF: a YAML parser rejects them) becomes
/// U+FFFD. Found by the `import` fuzzer: a title with a BOM made an export that does not parse.
pub(crate) fn comment(s: &str) -> String {
    let shown: String = s
        .chars()
        .map(|c| {
            let bad = (c.is_control() && !c.is_whitespace())
                || matches!(c, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}');
            if bad { '\u{FFFD}' } else { c }
        })
        .collect();
    shown.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What an import found.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The scenario: the configuration, and a sample routed to its first route.
    pub scenario: Scenario,
    /// What could not be used, was assumed or was kept as text; spans are byte ranges of the
    /// pasted text (`Source::Scenario`).
    pub notes: Vec<Diagnostic>,
    /// What the text was read as.
    pub detected: Detected,
}

/// What kind of text an import read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    /// Output of `aws apigatewayv2 get-*` (or `create-*`) commands.
    CliJson,
    /// A CloudFormation or SAM template, or a snippet of its resources.
    CloudFormation,
    /// This playground's own scenario JSON.
    Scenario,
    /// More than one of the above.
    Mixed,
}

/// Why nothing could be imported.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportError {
    /// What and where (a span into the pasted text when there is one).
    pub diagnostic: Diagnostic,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for ImportError {}

/// What [`export`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// A CloudFormation (and SAM) template in YAML.
    CfnYaml,
    /// A CloudFormation template in JSON.
    CfnJson,
    /// Terraform (HCL) for the `hashicorp/aws` provider.
    Terraform,
    /// A bash script of `aws apigatewayv2 create-*` commands.
    Cli,
    /// An AWS CDK v2 app in TypeScript.
    Cdk,
}

impl Format {
    /// Every format, in the order a menu lists them.
    pub const ALL: [Format; 5] = [
        Format::CfnYaml,
        Format::CfnJson,
        Format::Terraform,
        Format::Cli,
        Format::Cdk,
    ];

    /// The name the command line uses: `cfn-yaml`, `cfn-json`, `terraform`, `cli`, `cdk`.
    pub fn name(self) -> &'static str {
        match self {
            Format::CfnYaml => "cfn-yaml",
            Format::CfnJson => "cfn-json",
            Format::Terraform => "terraform",
            Format::Cli => "cli",
            Format::Cdk => "cdk",
        }
    }

    /// The format of a command-line name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// A file name extension for it.
    pub fn extension(self) -> &'static str {
        match self {
            Format::CfnYaml => "cfn.yaml",
            Format::CfnJson => "cfn.json",
            Format::Terraform => "tf",
            Format::Cli => "sh",
            Format::Cdk => "ts",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Format::CfnYaml => "CloudFormation / SAM (YAML)",
            Format::CfnJson => "CloudFormation (JSON)",
            Format::Terraform => "Terraform",
            Format::Cli => "AWS CLI (bash)",
            Format::Cdk => "CDK (TypeScript)",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a scenario could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportError {
    /// Short and lowercase.
    pub message: String,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExportError {}

/// An export and what it left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    /// The text.
    pub text: String,
    /// Members the format has no place for, and other things worth knowing; the text carries
    /// them as comments where the format has comments.
    pub notes: Vec<String>,
}

/// Writes `s` in `format`.
pub fn export(s: &Scenario, format: Format) -> Result<String, ExportError> {
    export_with_notes(s, format).map(|e| e.text)
}

/// Writes `s` in `format`, with notes on what was left out.
pub fn export_with_notes(s: &Scenario, format: Format) -> Result<Exported, ExportError> {
    check(s)?;
    let names = names::Names::of(s);
    let mut notes = Vec::new();
    let text = match format {
        Format::CfnYaml => cfn_out::yaml(s, &names, &mut notes),
        Format::CfnJson => cfn_out::json(s, &names, &mut notes),
        Format::Terraform => hcl::terraform(s, &names, &mut notes),
        Format::Cli => shell::script(s, &names, &mut notes),
        Format::Cdk => cdk::app(s, &names, &mut notes),
    };
    Ok(Exported { text, notes })
}

/// A deployable CloudFormation stack around a scenario (see [`cloudformation_stack`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stack {
    /// The template's `Description` (one line; CloudFormation allows 1,024 bytes).
    pub description: String,
    /// Comment lines at the top of the file (an empty string is an empty comment line).
    pub comments: Vec<String>,
    /// The stage's name.
    pub stage_name: String,
    /// The name of the output that gives the `wss://` URL.
    pub output: String,
}

/// Writes `s` as a CloudFormation template (YAML) that deploys as it is: the resources of the
/// `cfn-yaml` export, each integration response created after the one listed before it, a
/// `Deployment` that waits for every route, route response and integration response, a `Stage`,
/// and an output with the stage's `wss://` URL. Members the format has no place for are left
/// out, as in [`export`].
pub fn cloudformation_stack(s: &Scenario, stack: &Stack) -> String {
    let names = names::Names::of(s);
    let mut notes = Vec::new();
    cfn_out::stack_yaml(s, &names, &mut notes, stack)
}

/// Reads YAML (CloudFormation's short-form tags included: `!Ref X` is `{"Ref": "X"}`, `!Sub s`
/// is `{"Fn::Sub": s}`) into one JSON value per document, with the reader the import uses.
pub fn read_yaml(text: &str) -> Result<Vec<serde_json::Value>, String> {
    let docs = node::parse_yaml(text, 0).map_err(|e| {
        let end = (e.span.start as usize).min(text.len());
        let line = text.get(..end).unwrap_or(text).matches('\n').count() + 1;
        format!("{} (line {line})", e.message)
    })?;
    Ok(docs.iter().map(node::Node::to_json).collect())
}

/// What every format needs: unambiguous targets.
fn check(s: &Scenario) -> Result<(), ExportError> {
    let mut seen = std::collections::HashSet::new();
    for g in &s.integrations {
        if let Some(id) = &g.integration_id
            && !seen.insert(id.as_str())
        {
            return Err(ExportError {
                message: format!(
                    "two integrations have IntegrationId `{id}`, so a route's Target cannot say which one it means"
                ),
            });
        }
    }
    Ok(())
}

/// The integration a route targets, by index.
pub(crate) fn target_index(s: &Scenario, target: Option<&str>) -> Option<usize> {
    let target = target?;
    let id = target.strip_prefix("integrations/").unwrap_or(target);
    s.integrations
        .iter()
        .position(|g| g.integration_id.as_deref() == Some(id))
        .or_else(|| {
            (s.integrations.len() == 1 && s.integrations[0].integration_id.is_none()).then_some(0)
        })
}
