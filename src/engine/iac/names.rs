//! Names for the exported resources, made once from the scenario's ids and route keys so every
//! format says the same thing: `FnIntegration` (CloudFormation logical id, CDK construct id),
//! `fn` (Terraform), `fnIntegration` (TypeScript), `FN_INTEGRATION_ID` (shell).

use crate::engine::model::Scenario;
use std::collections::HashSet;

/// One resource's names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Name {
    /// CloudFormation logical id and CDK construct id: `SendmessageRoute`.
    pub pascal: String,
    /// Terraform resource name: `sendmessage`.
    pub snake: String,
    /// TypeScript variable: `sendmessageRoute`.
    pub camel: String,
    /// Shell variable: `SENDMESSAGE_ROUTE_ID`.
    pub shell: String,
}

/// Names for every resource of a scenario.
#[derive(Clone, Debug)]
pub(crate) struct Names {
    pub api: Name,
    pub integrations: Vec<Name>,
    pub integration_responses: Vec<Vec<Name>>,
    pub routes: Vec<Name>,
    pub route_responses: Vec<Vec<Name>>,
}

/// Hands out unique names.
#[derive(Default)]
struct Taken {
    pascal: HashSet<String>,
    snake: HashSet<(&'static str, String)>,
}

impl Taken {
    /// A name from `words` with `suffix` words for the global forms; `kind` separates the
    /// Terraform namespaces (one per resource type).
    fn name(&mut self, kind: &'static str, words: &[String], suffix: &[&str]) -> Name {
        let mut words: Vec<String> = words.to_vec();
        if words.is_empty() {
            words.push(kind.to_string());
        }
        if words[0].starts_with(|c: char| c.is_ascii_digit()) {
            words.insert(0, "r".into());
        }
        let mut n = 1;
        loop {
            let mut w = words.clone();
            if n > 1 {
                w.push(n.to_string());
            }
            let mut all = w.clone();
            all.extend(suffix.iter().map(|s| s.to_string()));
            let pascal: String = all.iter().map(|x| capitalize(x)).collect();
            let snake = w.join("_");
            if !self.pascal.contains(&pascal) && !self.snake.contains(&(kind, snake.clone())) {
                self.pascal.insert(pascal.clone());
                self.snake.insert((kind, snake.clone()));
                let camel = {
                    let mut c = all[0].clone();
                    for x in &all[1..] {
                        c.push_str(&capitalize(x));
                    }
                    c
                };
                let mut shell = all.join("_").to_ascii_uppercase();
                shell.push_str("_ID");
                return Name {
                    pascal,
                    snake,
                    camel,
                    shell,
                };
            }
            n += 1;
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// Lowercase ASCII words of `s`: split at anything not a letter or digit and where a lowercase
/// letter meets an uppercase one (`sendMessage` is `send`, `message`).
pub(crate) fn words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            cur.push(c.to_ascii_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    // long names stay readable
    out.truncate(5);
    for w in &mut out {
        w.truncate(24);
    }
    out
}

/// A short label for an integration response key: `default`, `200`, `4xx`, else its number.
fn response_label(key: &str, index: usize) -> String {
    if key == "$default" {
        return "default".into();
    }
    let inner = key
        .strip_prefix('/')
        .and_then(|k| k.strip_suffix('/'))
        .unwrap_or(key);
    if inner.len() == 3 && inner.bytes().all(|b| b.is_ascii_digit()) {
        return inner.to_string();
    }
    for (pat, d) in [("\\d\\d", 'x'), ("\\d{2}", 'x')] {
        if let Some(first) = inner.strip_suffix(pat)
            && first.len() == 1
            && first.bytes().all(|b| b.is_ascii_digit())
        {
            return format!("{first}{d}{d}");
        }
    }
    (index + 1).to_string()
}

impl Names {
    pub fn of(s: &Scenario) -> Names {
        let mut t = Taken::default();
        let api = t.name("api", &["api".to_string()], &[]);
        let integrations: Vec<Name> = s
            .integrations
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let w = match &g.integration_id {
                    Some(id) if !words(id).is_empty() => words(id),
                    _ => vec![format!("integration{}", i + 1)],
                };
                t.name("integration", &w, &["integration"])
            })
            .collect();
        let routes: Vec<Name> = s
            .routes
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let w = match words(&r.route_key) {
                    w if w.is_empty() => vec![format!("route{}", i + 1)],
                    w => w,
                };
                t.name("route", &w, &["route"])
            })
            .collect();
        let integration_responses = s
            .integrations
            .iter()
            .zip(&integrations)
            .map(|(g, gn)| {
                let base = words_of(&gn.snake);
                g.integration_responses
                    .iter()
                    .enumerate()
                    .map(|(j, r)| {
                        let mut w = base.clone();
                        w.push("response".into());
                        w.push(response_label(&r.integration_response_key, j));
                        t.name("integration_response", &w, &[])
                    })
                    .collect()
            })
            .collect();
        let route_responses = s
            .routes
            .iter()
            .zip(&routes)
            .map(|(r, rn)| {
                let base = words_of(&rn.snake);
                r.route_responses
                    .iter()
                    .map(|_| t.name("route_response", &base, &["route", "response"]))
                    .collect()
            })
            .collect();
        Names {
            api,
            integrations,
            integration_responses,
            routes,
            route_responses,
        }
    }
}

fn words_of(snake: &str) -> Vec<String> {
    snake.split('_').map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_keys_and_ids() {
        assert_eq!(words("$default"), vec!["default"]);
        assert_eq!(words("sendMessage"), vec!["send", "message"]);
        assert_eq!(words("http-1"), vec!["http", "1"]);
        assert_eq!(words("sync_sfn"), vec!["sync", "sfn"]);
        assert!(words("$$").is_empty());
    }

    #[test]
    fn names_are_unique_and_valid() {
        let mut t = Taken::default();
        let a = t.name("route", &["default".into()], &["route"]);
        let b = t.name("route", &["default".into()], &["route"]);
        assert_eq!(a.pascal, "DefaultRoute");
        assert_eq!(b.pascal, "Default2Route");
        assert_eq!(b.snake, "default_2");
        assert_eq!(b.camel, "default2Route");
        assert_eq!(b.shell, "DEFAULT_2_ROUTE_ID");
        let c = t.name("route", &["1".into()], &["route"]);
        assert_eq!(c.pascal, "R1Route");
        assert_eq!(response_label("/4\\d\\d/", 0), "4xx");
        assert_eq!(response_label("/2\\d{2}/", 0), "2xx");
        assert_eq!(response_label("/200/", 0), "200");
        assert_eq!(response_label("/.*Invalid.*/", 2), "3");
    }
}
