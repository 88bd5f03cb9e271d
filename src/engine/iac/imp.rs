//! Import: reads the pasted text (JSON or YAML, one or more documents), tells each document's
//! kind by its members, and merges what it finds into one scenario.

use super::node::{self, Node};
use super::{Detected, ImportError, Imported, cfn_in};
use crate::engine::diag::{Diagnostic, Kind, Severity, Source};
use crate::engine::model::{
    Api, Backend, Integration, IntegrationResponse, IntegrationType, Route, RouteResponse, Sample,
    Scenario,
};
use crate::engine::span::Span;
use serde_json::Value as Json;

/// Reads `text`: `aws apigatewayv2 get-*` output, a CloudFormation / SAM template or snippet
/// (YAML or JSON), or a scenario, and merges it into a scenario.
pub fn import(text: &str) -> Result<Imported, ImportError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[start..];
    let Some(first) = body.trim_start().chars().next() else {
        return Err(fail("there is nothing to import: the text is empty", None)
            .hint("paste the output of `aws apigatewayv2 get-integration-responses …`, or a CloudFormation template")
            .into());
    };
    if body.trim_start().starts_with("resource \"aws_") || body.contains("\nresource \"aws_") {
        return Err(fail(
            "Terraform (HCL) cannot be imported",
            None,
        )
        .hint("paste `aws apigatewayv2 get-*` output or a CloudFormation template instead; the playground exports Terraform")
        .into());
    }
    // YAML's flow style also starts with `{` or `[`: when the text is not JSON, it is read as
    // YAML, and the JSON error is told only if that finds nothing either
    let mut json_error = None;
    let docs = if first == '{' || first == '[' {
        match json_documents(body, start) {
            Ok(d) => d,
            Err(e) => match node::parse_yaml(body, start) {
                Ok(d) => {
                    json_error = Some(e);
                    d
                }
                Err(_) => return Err(e),
            },
        }
    } else {
        match node::parse_yaml(body, start) {
            Ok(d) => d,
            Err(e) => {
                let mut d = fail(
                    format!("this is not valid YAML: {}", e.message),
                    Some(e.span),
                );
                d.kind = Kind::Syntax;
                return Err(d
                    .hint("paste JSON as the AWS CLI prints it, or a YAML CloudFormation template")
                    .into());
            }
        }
    };
    let mut b = Builder::default();
    let mut flat = Vec::new();
    for d in docs {
        match &d.kind {
            // a JSON array of documents
            node::Kind::Seq(items) if item_list_kind(items).is_none() => {
                flat.extend(items.iter().cloned())
            }
            _ => flat.push(d),
        }
    }
    for d in &flat {
        b.document(d);
    }
    if let Some(e) = json_error
        && (b.found.is_empty() || b.is_empty())
    {
        return Err(e);
    }
    if b.found.is_empty() {
        let span = flat.first().and_then(|d| d.span);
        return Err(fail(
            "nothing here looks like an API Gateway WebSocket API: no `aws apigatewayv2` output and no AWS::ApiGatewayV2 resources",
            span,
        )
        .hint("paste the output of `aws apigatewayv2 get-integration-responses --api-id A --integration-id I`, `get-routes`, `get-integrations`, or a CloudFormation template with AWS::ApiGatewayV2 resources")
        .into());
    }
    if b.is_empty() {
        let span = flat.first().and_then(|d| d.span);
        let mut d = fail(
            "there is no WebSocket API here: no API, route, integration or response was found",
            span,
        );
        // what was seen and skipped says why
        for n in &b.notes {
            d = d.hint(n.message.clone());
        }
        return Err(d.into());
    }
    Ok(b.finish())
}

fn fail(message: impl Into<String>, span: Option<Span>) -> Diagnostic {
    let mut d = Diagnostic::error(Kind::Json, message).in_source(Source::Scenario);
    d.span = span;
    d
}

pub(crate) fn note(
    severity: Severity,
    message: impl Into<String>,
    span: Option<Span>,
) -> Diagnostic {
    Diagnostic {
        severity,
        kind: Kind::Config,
        message: message.into(),
        span,
        source: Source::Scenario,
        hints: Vec::new(),
    }
}

/// Splits JSON text into its documents (several may be concatenated), each with spans where the
/// YAML reader can give them.
fn json_documents(body: &str, base: usize) -> Result<Vec<Node>, ImportError> {
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(body).into_iter::<Json>();
    let mut from = 0usize;
    loop {
        let v = match stream.next() {
            None => break,
            Some(Ok(v)) => v,
            Some(Err(e)) => {
                let at = offset_of(body, e.line(), e.column());
                let msg = e.to_string();
                let msg = msg
                    .rsplit_once(" at line ")
                    .map_or(msg.as_str(), |(m, _)| m);
                return Err(ImportError {
                    diagnostic: fail(
                        format!("this is not valid JSON: {msg}"),
                        Some(Span::new(base + at, base + at + 1)),
                    )
                    .hint("paste the output exactly as the AWS CLI printed it (--output json)"),
                });
            }
        };
        let end = stream.byte_offset();
        let slice = &body[from..end];
        let lead = slice.len() - slice.trim_start().len();
        let (s, e) = (from + lead, end);
        let spanned = node::parse_yaml(&body[s..e], base + s)
            .ok()
            .filter(|d| d.len() == 1 && d[0].to_json() == v)
            .and_then(|mut d| d.pop());
        out.push(
            spanned.unwrap_or_else(|| Node::from_json(&v, Some(Span::new(base + s, base + e)))),
        );
        from = end;
    }
    Ok(out)
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return (off + column.saturating_sub(1)).min(text.len());
        }
        off += l.len();
    }
    text.len()
}

/// The kind of the objects of a top-level array that is a list of API objects of one kind (the
/// `Items` of some output pasted alone) rather than a list of documents.
fn item_list_kind(items: &[Node]) -> Option<ItemKind> {
    let k = item_kind(items.first()?)?;
    items.iter().all(|i| item_kind(i) == Some(k)).then_some(k)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ItemKind {
    Api,
    Route,
    RouteResponse,
    Integration,
    IntegrationResponse,
}

impl ItemKind {
    fn command(self, list: bool) -> &'static str {
        match (self, list) {
            (ItemKind::Api, false) => "get-api",
            (ItemKind::Api, true) => "get-apis",
            (ItemKind::Route, false) => "get-route",
            (ItemKind::Route, true) => "get-routes",
            (ItemKind::RouteResponse, false) => "get-route-response",
            (ItemKind::RouteResponse, true) => "get-route-responses",
            (ItemKind::Integration, false) => "get-integration",
            (ItemKind::Integration, true) => "get-integrations",
            (ItemKind::IntegrationResponse, false) => "get-integration-response",
            (ItemKind::IntegrationResponse, true) => "get-integration-responses",
        }
    }
}

/// The kind of an API object, by its members.
fn item_kind(n: &Node) -> Option<ItemKind> {
    n.entries()?;
    if n.has("IntegrationResponseKey") {
        Some(ItemKind::IntegrationResponse)
    } else if n.has("IntegrationType") {
        Some(ItemKind::Integration)
    } else if n.has("RouteResponseKey") {
        Some(ItemKind::RouteResponse)
    } else if n.has("RouteKey") && !n.has("ProtocolType") {
        Some(ItemKind::Route)
    } else if n.has("RouteSelectionExpression") || n.has("ProtocolType") {
        Some(ItemKind::Api)
    } else {
        None
    }
}

/// Integration or route responses not yet attached.
struct Pending<T> {
    items: Vec<(T, Option<Span>)>,
    /// The id named in the input (CloudFormation's IntegrationId / RouteId).
    target: Option<String>,
    /// The integration or route of the document just before, when it was a single object.
    after: Option<usize>,
    span: Option<Span>,
    /// What the input called it, for messages.
    what: String,
}

/// `items` (each with the parent id it names, if any) grouped by that id, in first-seen order:
/// items that name their parent go with it; the others wait for `after`.
fn by_target<T>(
    items: Vec<(T, Option<Span>, Option<String>)>,
    after: Option<usize>,
    span: Option<Span>,
    what: &str,
) -> Vec<Pending<T>> {
    let mut groups: Vec<Pending<T>> = Vec::new();
    for (x, sp, target) in items {
        match groups.iter_mut().find(|p| p.target == target) {
            Some(p) => p.items.push((x, sp)),
            None => groups.push(Pending {
                items: vec![(x, sp)],
                target,
                after,
                span,
                what: what.to_string(),
            }),
        }
    }
    groups
}

/// Collects what the documents hold.
#[derive(Default)]
pub(crate) struct Builder {
    pub api: Option<(Api, Option<Span>)>,
    pub routes: Vec<(Route, Option<Span>)>,
    pub integrations: Vec<(Integration, Option<Span>)>,
    pending_irs: Vec<Pending<IntegrationResponse>>,
    pending_rrs: Vec<Pending<RouteResponse>>,
    pub notes: Vec<Diagnostic>,
    /// Kinds of documents seen.
    found: Vec<Detected>,
    /// The scenario of a scenario document.
    scenario: Option<Scenario>,
    /// Index of the integration / route that the last document was, if it was one object.
    last_single: Option<(ItemKind, usize)>,
    /// A title (a template's Description).
    pub title: Option<String>,
}

impl Builder {
    /// True when nothing usable was found.
    fn is_empty(&self) -> bool {
        self.api.is_none()
            && self.routes.is_empty()
            && self.integrations.is_empty()
            && self.pending_irs.is_empty()
            && self.pending_rrs.is_empty()
            && self.scenario.is_none()
    }

    fn document(&mut self, d: &Node) {
        let last = self.last_single.take();
        if let Some(items) = d.items()
            && let Some(kind) = item_list_kind(items)
        {
            self.found.push(Detected::CliJson);
            self.list(kind, items, d.span, last);
            return;
        }
        if d.entries().is_none() {
            self.notes.push(note(
                Severity::Warning,
                "this document is not an object, so it was skipped",
                d.span,
            ));
            return;
        }
        if cfn_in::is_template(d) {
            self.found.push(Detected::CloudFormation);
            cfn_in::import_template(d, self);
            return;
        }
        if d.has("version") && (d.has("routes") || d.has("integrations")) {
            match from_json::<Scenario>(d.to_json()) {
                Ok(s) => {
                    self.found.push(Detected::Scenario);
                    self.scenario = Some(s);
                }
                Err(e) => self.notes.push(note(
                    Severity::Error,
                    format!("this looks like a playground scenario but is not a valid one: {e}"),
                    d.span,
                )),
            }
            return;
        }
        if let Some(items) = d.get("Items") {
            let Some(list) = items.items() else {
                self.notes.push(note(
                    Severity::Warning,
                    "`Items` is not a list, so it was skipped",
                    items.span,
                ));
                return;
            };
            if d.has("NextToken") {
                self.notes.push(
                    note(
                        Severity::Warning,
                        "the output has a NextToken: there are more items than were pasted",
                        d.get("NextToken").and_then(|n| n.span),
                    )
                    .hint("run the command again without --max-items (the CLI then fetches every page)"),
                );
            }
            if list.is_empty() {
                self.found.push(Detected::CliJson);
                self.notes.push(note(
                    Severity::Info,
                    "an empty `Items` list: nothing to import from it",
                    items.span,
                ));
                return;
            }
            let kind = item_kind(&list[0]);
            let Some(kind) = kind else {
                self.notes.push(note(
                    Severity::Warning,
                    "the items of this list are not API Gateway objects this playground knows (no IntegrationResponseKey, IntegrationType, RouteKey, RouteResponseKey or RouteSelectionExpression)",
                    list[0].span,
                ));
                return;
            };
            self.found.push(Detected::CliJson);
            self.list(kind, list, d.span, last);
            return;
        }
        match item_kind(d) {
            Some(kind) => {
                self.found.push(Detected::CliJson);
                self.single(kind, d, last);
            }
            None => {
                let mut n = note(
                    Severity::Warning,
                    "this document is neither `aws apigatewayv2` output nor a CloudFormation template, so it was skipped",
                    d.span,
                );
                if d.has("integrationResponseKey")
                    || d.has("items")
                    || d.has("routeKey")
                    || d.has("integrationType")
                {
                    n = n.hint("it is spelled in camelCase, as the raw REST API answers: paste the AWS CLI's output (PascalCase) instead");
                }
                self.notes.push(n);
            }
        }
    }

    fn parse<T: serde::de::DeserializeOwned>(&mut self, n: &Node, what: &str) -> Option<T> {
        match from_json::<T>(n.to_json()) {
            Ok(v) => Some(v),
            Err(e) => {
                self.notes.push(note(
                    Severity::Error,
                    format!("this {what} could not be read: {e}"),
                    n.span,
                ));
                None
            }
        }
    }

    fn single(&mut self, kind: ItemKind, d: &Node, last: Option<(ItemKind, usize)>) {
        match kind {
            ItemKind::Api => {
                if let Some(a) = self.parse::<Api>(d, "API") {
                    self.set_api(a, d.span);
                }
            }
            ItemKind::Route => {
                if let Some(r) = self.parse::<Route>(d, "route") {
                    let i = self.add_route(r, d.span);
                    self.last_single = Some((ItemKind::Route, i));
                }
            }
            ItemKind::Integration => {
                if let Some(g) = self.parse::<Integration>(d, "integration") {
                    let i = self.add_integration(g, d.span);
                    self.last_single = Some((ItemKind::Integration, i));
                }
            }
            ItemKind::IntegrationResponse | ItemKind::RouteResponse => {
                self.list(kind, std::slice::from_ref(d), d.span, last);
            }
        }
    }

    fn list(
        &mut self,
        kind: ItemKind,
        list: &[Node],
        span: Option<Span>,
        last: Option<(ItemKind, usize)>,
    ) {
        let cmd = kind.command(list.len() > 1 || span != list[0].span);
        for item in list {
            if item_kind(item) != Some(kind) {
                self.notes.push(note(
                    Severity::Warning,
                    format!("this item is not like the others of `{cmd}`, so it was skipped"),
                    item.span,
                ));
            }
        }
        let items: Vec<&Node> = list.iter().filter(|i| item_kind(i) == Some(kind)).collect();
        match kind {
            ItemKind::Api => {
                let ws: Vec<&&Node> = items
                    .iter()
                    .filter(|a| {
                        a.get("ProtocolType")
                            .and_then(Node::as_str)
                            .is_none_or(|p| p == "WEBSOCKET")
                    })
                    .collect();
                if ws.is_empty() {
                    self.notes.push(note(
                        Severity::Warning,
                        "no WebSocket API in this list (ProtocolType WEBSOCKET)",
                        span,
                    ));
                    return;
                }
                if ws.len() > 1 {
                    self.notes.push(note(
                        Severity::Warning,
                        format!(
                            "{} WebSocket APIs in this list: the first was imported",
                            ws.len()
                        ),
                        ws[1].span,
                    ));
                }
                if let Some(a) = self.parse::<Api>(ws[0], "API") {
                    self.set_api(a, ws[0].span);
                }
            }
            ItemKind::Route => {
                for r in items {
                    if let Some(x) = self.parse::<Route>(r, "route") {
                        self.add_route(x, r.span);
                    }
                }
            }
            ItemKind::Integration => {
                for g in items {
                    if let Some(x) = self.parse::<Integration>(g, "integration") {
                        self.add_integration(x, g.span);
                    }
                }
            }
            ItemKind::IntegrationResponse => {
                let mut group: Vec<(IntegrationResponse, Option<Span>, Option<String>)> =
                    Vec::new();
                for r in items {
                    if let Some(mut x) =
                        self.parse::<IntegrationResponse>(r, "integration response")
                    {
                        let target = take_id(&mut x.extra, "IntegrationId");
                        group.push((x, r.span, target));
                    }
                }
                let after = match last {
                    Some((ItemKind::Integration, i)) => Some(i),
                    _ => None,
                };
                let what = format!("the output of `{cmd}`");
                self.pending_irs
                    .extend(by_target(group, after, span, &what));
            }
            ItemKind::RouteResponse => {
                let mut group: Vec<(RouteResponse, Option<Span>, Option<String>)> = Vec::new();
                for r in items {
                    if let Some(mut x) = self.parse::<RouteResponse>(r, "route response") {
                        let target = take_id(&mut x.extra, "RouteId");
                        group.push((x, r.span, target));
                    }
                }
                let after = match last {
                    Some((ItemKind::Route, i)) => Some(i),
                    _ => None,
                };
                let what = format!("the output of `{cmd}`");
                self.pending_rrs
                    .extend(by_target(group, after, span, &what));
            }
        }
    }

    pub(crate) fn set_api(&mut self, mut a: Api, span: Option<Span>) {
        if a.extra
            .get("ProtocolType")
            .is_some_and(|p| p == "WEBSOCKET")
        {
            // implied: every API here is a WebSocket API
            a.extra.shift_remove("ProtocolType");
        }
        if let Some(p) = a.extra.get("ProtocolType").and_then(Json::as_str) {
            self.notes.push(note(
                Severity::Warning,
                format!("this API's ProtocolType is {p}, not WEBSOCKET: only WebSocket APIs have integration responses and route responses"),
                span,
            ));
        }
        // the CLI example of create-api shows the selection expression in stray quotes
        let rse = a.route_selection_expression.clone();
        if rse.len() >= 2 && rse.starts_with('\'') && rse.ends_with('\'') {
            a.route_selection_expression = rse[1..rse.len() - 1].to_string();
            self.notes.push(note(
                Severity::Warning,
                format!("RouteSelectionExpression {rse} is in quotes, which the shell left there: read without them"),
                span,
            ));
        }
        if let Some((old, _)) = &self.api
            && old != &a
        {
            self.notes.push(note(
                Severity::Warning,
                "a second API: it replaces the first",
                span,
            ));
        }
        self.api = Some((a, span));
    }

    pub(crate) fn add_route(&mut self, r: Route, span: Option<Span>) -> usize {
        if let Some(id) = &r.route_id
            && let Some(i) = self
                .routes
                .iter()
                .position(|(x, _)| x.route_id.as_deref() == Some(id))
        {
            let old = &mut self.routes[i].0;
            let mut r = r;
            if r.route_responses.is_empty() {
                r.route_responses = std::mem::take(&mut old.route_responses);
            }
            *old = r;
            return i;
        }
        self.routes.push((r, span));
        self.routes.len() - 1
    }

    pub(crate) fn add_integration(&mut self, g: Integration, span: Option<Span>) -> usize {
        if let Some(id) = &g.integration_id
            && let Some(i) = self
                .integrations
                .iter()
                .position(|(x, _)| x.integration_id.as_deref() == Some(id))
        {
            let old = &mut self.integrations[i].0;
            let mut g = g;
            if g.integration_responses.is_empty() {
                g.integration_responses = std::mem::take(&mut old.integration_responses);
            }
            *old = g;
            return i;
        }
        self.integrations.push((g, span));
        self.integrations.len() - 1
    }

    /// Integration responses that name their integration (`target`) or not.
    pub(crate) fn add_integration_responses(
        &mut self,
        items: Vec<(IntegrationResponse, Option<Span>)>,
        target: Option<String>,
        span: Option<Span>,
        what: String,
    ) {
        self.pending_irs.push(Pending {
            items,
            target,
            after: None,
            span,
            what,
        });
    }

    /// Route responses that name their route (`target`, a RouteId) or not.
    pub(crate) fn add_route_responses(
        &mut self,
        items: Vec<(RouteResponse, Option<Span>)>,
        target: Option<String>,
        span: Option<Span>,
        what: String,
    ) {
        self.pending_rrs.push(Pending {
            items,
            target,
            after: None,
            span,
            what,
        });
    }

    fn finish(mut self) -> Imported {
        let detected = {
            let mut kinds = self.found.clone();
            kinds.dedup();
            match kinds.as_slice() {
                [one] => *one,
                _ if kinds.iter().all(|k| *k == kinds[0]) => kinds[0],
                _ => Detected::Mixed,
            }
        };
        if let Some(s) = self.scenario.take() {
            if self.api.is_none()
                && self.routes.is_empty()
                && self.integrations.is_empty()
                && self.pending_irs.is_empty()
                && self.pending_rrs.is_empty()
            {
                let mut s = s;
                if s.sample.message.is_empty() {
                    s.sample = sample_for(&s);
                }
                return Imported {
                    scenario: s,
                    notes: self.notes,
                    detected,
                };
            }
            self.notes.push(note(
                Severity::Warning,
                "a playground scenario pasted with other documents was left out",
                None,
            ));
        }
        self.attach_integration_responses();
        self.attach_route_responses();
        let mut s = Scenario::default();
        match self.api.take() {
            Some((a, _)) => s.api = a,
            None => self.notes.push(note(
                Severity::Info,
                format!(
                    "no API in the paste (`aws apigatewayv2 get-api`): its RouteSelectionExpression is taken to be `{}`",
                    s.api.route_selection_expression
                ),
                None,
            )),
        }
        s.integrations = self.integrations.into_iter().map(|(g, _)| g).collect();
        s.routes = self.routes.into_iter().map(|(r, _)| r).collect();
        if s.routes.is_empty() && !s.integrations.is_empty() {
            let id = s.integrations[0]
                .integration_id
                .get_or_insert_with(|| "integration".into());
            let target = Some(format!("integrations/{id}"));
            s.routes.push(Route {
                route_key: "$default".into(),
                target,
                route_response_selection_expression: Some("$default".into()),
                route_responses: vec![RouteResponse {
                    route_response_key: "$default".into(),
                    ..RouteResponse::default()
                }],
                ..Route::default()
            });
            self.notes.push(note(
                Severity::Info,
                "no route in the paste: a two-way `$default` route to the first integration was added, so messages reach it",
                None,
            ));
        }
        for r in &s.routes {
            if let Some(t) = &r.target
                && super::target_index(&s, Some(t)).is_none()
            {
                self.notes.push(
                    note(
                        Severity::Warning,
                        format!(
                            "route `{}` targets `{t}`, which is not in the paste",
                            r.route_key
                        ),
                        None,
                    )
                    .hint("paste the output of `aws apigatewayv2 get-integrations` too"),
                );
            }
        }
        if let Some(parked) = self.scenario.take() {
            s.extra.extend(parked.extra);
        }
        if let Some(t) = self.title.take() {
            s.title = t;
        }
        s.sample = sample_for(&s);
        Imported {
            scenario: s,
            notes: self.notes,
            detected,
        }
    }

    fn attach_integration_responses(&mut self) {
        let pending = std::mem::take(&mut self.pending_irs);
        let mut unattached = Vec::new();
        // integrations that a group without a target was already given to
        let mut claimed = vec![false; self.integrations.len()];
        for p in &pending {
            if let Some(t) = &p.target
                && let Some(i) = self.find_integration(t)
            {
                claimed[i] = true;
            }
        }
        for p in pending {
            let chosen = if let Some(t) = &p.target {
                match self.find_integration(t) {
                    Some(i) => Some(i),
                    None if self.integrations.len() == 1 => {
                        self.notes.push(note(
                            Severity::Warning,
                            format!("{} name integration `{t}`, which is not in the paste: attached to the only integration", p.what),
                            p.span,
                        ));
                        Some(0)
                    }
                    None if self.integrations.is_empty() => {
                        self.notes.push(note(
                            Severity::Warning,
                            format!("{} name integration `{t}`, which is not in the paste: an HTTP integration `{t}` was assumed to hold them", p.what),
                            p.span,
                        ).hint("paste `aws apigatewayv2 get-integration` output too, to get its type and request templates"));
                        Some(self.placeholder_integration(Some(t.clone())))
                    }
                    None => None,
                }
            } else if let Some(i) = p.after {
                self.notes.push(note(
                    Severity::Info,
                    format!(
                        "{} has no IntegrationId: attached to {}, pasted just before it",
                        p.what,
                        self.integration_label(i)
                    ),
                    p.span,
                ));
                Some(i)
            } else if self.integrations.len() == 1 {
                Some(0)
            } else if self.integrations.is_empty() {
                let id = self.only_route_target();
                self.notes.push(
                    note(
                        Severity::Warning,
                        format!(
                            "no integration in the paste: an HTTP integration{} was assumed to hold {}",
                            id.as_ref().map(|i| format!(" `{i}`")).unwrap_or_default(),
                            p.what
                        ),
                        p.span,
                    )
                    .hint("paste `aws apigatewayv2 get-integration` output too, to get its type and request templates"),
                );
                Some(self.placeholder_integration(id))
            } else {
                let free: Vec<usize> = (0..self.integrations.len())
                    .filter(|&i| {
                        !claimed.get(i).copied().unwrap_or(false)
                            && !self.integrations[i].0.integration_type.is_proxy()
                            && self.integrations[i].0.integration_responses.is_empty()
                    })
                    .collect();
                if free.len() == 1 {
                    self.notes.push(note(
                        Severity::Info,
                        format!(
                            "{} has no IntegrationId: attached to {}, the only non-proxy integration without responses",
                            p.what,
                            self.integration_label(free[0])
                        ),
                        p.span,
                    ));
                    Some(free[0])
                } else {
                    None
                }
            };
            match chosen {
                Some(i) => {
                    if claimed.len() <= i {
                        claimed.resize(i + 1, false);
                    }
                    claimed[i] = true;
                    for (x, sp) in p.items {
                        self.push_integration_response(i, x, sp);
                    }
                }
                None => {
                    self.notes.push(
                        note(
                            Severity::Warning,
                            format!(
                                "{} does not say which of the {} integrations it belongs to, so it was kept aside (`unattachedIntegrationResponses`)",
                                p.what,
                                self.integrations.len()
                            ),
                            p.span,
                        )
                        .hint("paste each `get-integration-responses` output right after the `get-integration` output of its integration"),
                    );
                    unattached.extend(p.items.into_iter().map(|(x, _)| x));
                }
            }
        }
        if !unattached.is_empty() {
            let v = to_json(&unattached);
            self.park("unattachedIntegrationResponses", v);
        }
    }

    fn attach_route_responses(&mut self) {
        let pending = std::mem::take(&mut self.pending_rrs);
        let mut unattached = Vec::new();
        for p in pending {
            let chosen = if let Some(t) = &p.target {
                let found = self
                    .routes
                    .iter()
                    .position(|(r, _)| r.route_id.as_deref() == Some(t.as_str()));
                match found {
                    Some(i) => Some(i),
                    None if self.routes.len() == 1 => {
                        self.notes.push(note(
                            Severity::Warning,
                            format!("{} name route `{t}`, which is not in the paste: attached to the only route", p.what),
                            p.span,
                        ));
                        Some(0)
                    }
                    None => None,
                }
            } else if let Some(i) = p.after {
                self.notes.push(note(
                    Severity::Info,
                    format!(
                        "{} has no RouteId: attached to route `{}`, pasted just before it",
                        p.what, self.routes[i].0.route_key
                    ),
                    p.span,
                ));
                Some(i)
            } else if self.routes.len() == 1 {
                Some(0)
            } else {
                let free: Vec<usize> = (0..self.routes.len())
                    .filter(|&i| {
                        let r = &self.routes[i].0;
                        r.route_response_selection_expression.is_some()
                            && r.route_responses.is_empty()
                    })
                    .collect();
                if free.len() == 1 {
                    self.notes.push(note(
                        Severity::Info,
                        format!(
                            "{} has no RouteId: attached to route `{}`, the only two-way route without route responses",
                            p.what, self.routes[free[0]].0.route_key
                        ),
                        p.span,
                    ));
                    Some(free[0])
                } else {
                    None
                }
            };
            match chosen {
                Some(i) => {
                    let r = &mut self.routes[i].0;
                    for (x, _) in p.items {
                        match r
                            .route_responses
                            .iter_mut()
                            .find(|y| y.route_response_key == x.route_response_key)
                        {
                            Some(y) => *y = x,
                            None => r.route_responses.push(x),
                        }
                    }
                }
                None => {
                    self.notes.push(
                        note(
                            Severity::Warning,
                            format!(
                                "{} does not say which of the {} routes it belongs to, so it was kept aside (`unattachedRouteResponses`)",
                                p.what,
                                self.routes.len()
                            ),
                            p.span,
                        )
                        .hint("paste each `get-route-responses` output right after the `get-route` output of its route"),
                    );
                    unattached.extend(p.items.into_iter().map(|(x, _)| x));
                }
            }
        }
        if !unattached.is_empty() {
            let v = to_json(&unattached);
            self.park("unattachedRouteResponses", v);
        }
    }

    /// Keeps what could not be placed in the scenario's `extra`, so nothing pasted is lost.
    fn park(&mut self, key: &str, v: Json) {
        let mut s = self.scenario.take().unwrap_or_default();
        s.extra.insert(key.to_string(), v);
        self.scenario = Some(s);
    }

    fn find_integration(&self, id: &str) -> Option<usize> {
        let id = id.strip_prefix("integrations/").unwrap_or(id);
        self.integrations
            .iter()
            .position(|(g, _)| g.integration_id.as_deref() == Some(id))
    }

    fn integration_label(&self, i: usize) -> String {
        match &self.integrations[i].0.integration_id {
            Some(id) => format!("integration `{id}`"),
            None => format!("integration #{}", i + 1),
        }
    }

    /// The integration id every route targets, when they all target one.
    fn only_route_target(&self) -> Option<String> {
        let mut ids = self
            .routes
            .iter()
            .filter_map(|(r, _)| r.target.as_deref())
            .map(|t| t.strip_prefix("integrations/").unwrap_or(t).to_string());
        let first = ids.next()?;
        ids.all(|i| i == first).then_some(first)
    }

    fn placeholder_integration(&mut self, id: Option<String>) -> usize {
        self.integrations.push((
            Integration {
                integration_id: id,
                integration_type: IntegrationType::Http,
                ..Integration::default()
            },
            None,
        ));
        self.integrations.len() - 1
    }

    fn push_integration_response(&mut self, i: usize, x: IntegrationResponse, sp: Option<Span>) {
        let g = &mut self.integrations[i].0;
        let same = g.integration_responses.iter().position(|y| {
            (x.integration_response_id.is_some()
                && y.integration_response_id == x.integration_response_id)
                || y.integration_response_key == x.integration_response_key
        });
        match same {
            Some(j) => {
                if g.integration_responses[j] != x {
                    let key = x.integration_response_key.clone();
                    g.integration_responses[j] = x;
                    self.notes.push(note(
                        Severity::Warning,
                        format!(
                            "integration response `{key}` appears twice: the later one was kept"
                        ),
                        sp,
                    ));
                }
            }
            None => g.integration_responses.push(x),
        }
    }
}

/// Reads `T` from a JSON value. Through text on purpose: `serde_json::from_value` would build a
/// second copy of every model type's deserializer into the page's wasm, while `from_str` is the
/// one the page already has.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(v: Json) -> Result<T, serde_json::Error> {
    serde_json::from_str(&v.to_string())
}

/// Writes `v` as a JSON value, through text for the same reason.
fn to_json<T: serde::Serialize>(v: &T) -> Json {
    serde_json::to_string(v)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Json::Null)
}

/// Removes a string member from `extra` and returns it.
fn take_id(extra: &mut crate::engine::model::Extra, key: &str) -> Option<String> {
    match extra.get(key) {
        Some(Json::String(s)) => {
            let s = s.clone();
            extra.shift_remove(key);
            Some(s)
        }
        _ => None,
    }
}

/// A sample for an imported scenario: a message that selects the first route that messages can
/// select, and a backend that answers 200.
pub(crate) fn sample_for(s: &Scenario) -> Sample {
    let route = s
        .routes
        .iter()
        .find(|r| r.route_key != "$connect" && r.route_key != "$disconnect");
    let path = body_path(&s.api.route_selection_expression);
    let mut msg = serde_json::Map::new();
    if let (Some(r), Some(path)) = (route, path.as_ref())
        && r.route_key != "$default"
    {
        insert_path(&mut msg, path, Json::String(r.route_key.clone()));
    }
    if !msg.contains_key("message") {
        msg.insert("message".into(), Json::String("hello".into()));
    }
    Sample {
        message: Json::Object(msg).to_string(),
        backend: Backend {
            status_code: 200,
            body: "{\"message\": \"hello\"}".into(),
            ..Backend::default()
        },
        ..Sample::default()
    }
}

/// The JSON path of `$request.body.a.b` (or `${request.body.a.b}`), as its names.
fn body_path(expr: &str) -> Option<Vec<String>> {
    let e = expr.trim();
    let inner = e
        .strip_prefix("${")
        .and_then(|x| x.strip_suffix('}'))
        .map(|x| format!("${x}"))
        .unwrap_or_else(|| e.to_string());
    let rest = inner.strip_prefix("$request.body.")?;
    let names: Vec<String> = rest.split('.').map(str::to_string).collect();
    let ok = names.iter().all(|n| {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    });
    ok.then_some(names)
}

fn insert_path(obj: &mut serde_json::Map<String, Json>, path: &[String], v: Json) {
    match path {
        [] => {}
        [last] => {
            obj.insert(last.clone(), v);
        }
        [first, rest @ ..] => {
            let e = obj
                .entry(first.clone())
                .or_insert_with(|| Json::Object(serde_json::Map::new()));
            if let Json::Object(m) = e {
                insert_path(m, rest, v);
            }
        }
    }
}

impl From<Diagnostic> for ImportError {
    fn from(diagnostic: Diagnostic) -> ImportError {
        ImportError { diagnostic }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_select_the_first_route() {
        let mut s = Scenario::default();
        s.routes.push(Route {
            route_key: "$connect".into(),
            ..Route::default()
        });
        s.routes.push(Route {
            route_key: "join".into(),
            ..Route::default()
        });
        assert_eq!(
            sample_for(&s).message,
            r#"{"action":"join","message":"hello"}"#
        );
        s.api.route_selection_expression = "${request.body.meta.op}".into();
        assert_eq!(
            sample_for(&s).message,
            r#"{"meta":{"op":"join"},"message":"hello"}"#
        );
        s.routes[1].route_key = "$default".into();
        assert_eq!(sample_for(&s).message, r#"{"message":"hello"}"#);
    }

    #[test]
    fn json_errors_point_at_the_place() {
        let text = "{\n  \"Items\": [\n    {\"a\": 1,}\n  ]\n}";
        let e = import(text).unwrap_err();
        let sp = e.diagnostic.span.unwrap();
        assert_eq!(&text[sp.range()], "}", "{e}");
        assert!(e.diagnostic.message.contains("trailing comma"), "{e}");
    }
}
