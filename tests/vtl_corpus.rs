//! The VTL vectors of the behaviour spec (`shared/corpus/vtl-vectors.json`, copied into
//! `tests/data/` so a fresh clone has them): one named test a case. `exact` cases must match byte
//! for byte; `json` cases (whose source prettified the output) must be equal as JSON.

use apigw_playground::engine::json;
use apigw_playground::engine::vtl::{Env, Params, Template};
use serde_json::Value as J;

const VECTORS: &str = include_str!("data/vtl-vectors.json");

fn vectors() -> Vec<J> {
    match serde_json::from_str::<J>(VECTORS) {
        Ok(J::Array(a)) => a,
        _ => panic!("tests/data/vtl-vectors.json is not a JSON array"),
    }
}

fn run(id: &str) {
    let all = vectors();
    let case = all
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no vector {id}"));
    let template = case["template"].as_str().expect("template");
    let body = case["body"].as_str().unwrap_or("");
    let mut env = Env::new(body);
    if let Some(ctx) = case.get("context").filter(|c| !c.is_null()) {
        env.merge_context(&json::parse(&ctx.to_string()).expect("context JSON"));
    }
    if let Some(sv) = case.get("stageVariables").filter(|c| !c.is_null()) {
        env.stage_variables = json::parse(&sv.to_string()).expect("stageVariables JSON");
    }
    if let Some(p) = case.get("params").filter(|c| !c.is_null()) {
        env.params = serde_json::from_value::<Params>(p.clone()).expect("params");
    }
    let t = Template::parse(template).unwrap_or_else(|d| panic!("{id}: parse error: {d}"));
    let r = t.render(&env);
    if let Some(e) = &r.error {
        panic!("{id}: render error: {e}");
    }
    let expected = case["expected"].as_str().expect("expected");
    match case["compare"].as_str() {
        Some("exact") => assert_eq!(r.output, expected, "{id} (exact)"),
        Some("json") => {
            let got: J = serde_json::from_str(&r.output)
                .unwrap_or_else(|e| panic!("{id}: output is not JSON ({e}):\n{}", r.output));
            let want: J = serde_json::from_str(expected).expect("expected JSON");
            assert_eq!(got, want, "{id} (as JSON); output was:\n{}", r.output);
        }
        other => panic!("{id}: unknown compare {other:?}"),
    }
}

macro_rules! corpus {
    ($name:ident, $id:literal) => {
        #[test]
        fn $name() {
            run($id);
        }
    };
}

corpus!(case_7_2_parsejson, "7.2-parseJson");
corpus!(case_7_3_result_dict, "7.3-result-dict");
corpus!(case_7_3_result_list, "7.3-result-list");
corpus!(case_7_3_nested_dict, "7.3-nested-dict");
corpus!(case_7_3_nested_list, "7.3-nested-list");
corpus!(case_7_3_index_dict, "7.3-index-dict");
corpus!(case_7_3_index_list, "7.3-index-list");
corpus!(case_7_3_dict_with_list, "7.3-dict-with-list");
corpus!(case_7_3_bigger_dict, "7.3-bigger-dict");
corpus!(case_7_3_tostring_dict, "7.3-toString-dict");
corpus!(case_7_3_tostring_dict_list, "7.3-toString-dict-list");
corpus!(case_7_3_null_nonexisting, "7.3-null-nonExisting");
corpus!(case_7_3_null_emptylist, "7.3-null-emptyList");
corpus!(case_7_3_null_nullvalue, "7.3-null-nullValue");
corpus!(case_7_4_body_empty, "7.4-body-empty");
corpus!(case_7_4_action_empty, "7.4-action-empty");
corpus!(case_7_4_action_twice_empty, "7.4-action-twice-empty");
corpus!(case_7_4_testaccess_empty, "7.4-testAccess-empty");
corpus!(case_7_4_urlencode_empty, "7.4-urlEncode-empty");
corpus!(case_7_4_body_json, "7.4-body-json");
corpus!(case_7_4_action_json, "7.4-action-json");
corpus!(case_7_4_action_twice_json, "7.4-action-twice-json");
corpus!(case_7_4_testaccess_json, "7.4-testAccess-json");
corpus!(case_7_4_urlencode_json, "7.4-urlEncode-json");
corpus!(case_7_4_body_raw, "7.4-body-raw");
corpus!(case_7_4_action_raw, "7.4-action-raw");
corpus!(case_7_4_action_twice_raw, "7.4-action-twice-raw");
corpus!(case_7_4_testaccess_raw, "7.4-testAccess-raw");
corpus!(case_7_4_urlencode_raw, "7.4-urlEncode-raw");
corpus!(case_7_5_escapejavascript_json, "7.5-escapeJavaScript-json");
corpus!(case_7_5_json_string_body, "7.5-json-string-body");
corpus!(case_7_5_json_not_json, "7.5-json-not-json");
corpus!(case_7_5_json_testaccess, "7.5-json-testAccess");
corpus!(
    case_7_5_escapejavascript_missing,
    "7.5-escapeJavaScript-missing"
);
corpus!(case_7_5_path_empty_body, "7.5-path-empty-body");
corpus!(case_7_5_path_not_json, "7.5-path-not-json");
corpus!(case_7_5_urlencode_empty_body, "7.5-urlEncode-empty-body");
corpus!(
    case_7_5_escapejavascript_quote,
    "7.5-escapeJavaScript-quote"
);
corpus!(
    case_7_5_escapejavascript_quote_replaceall,
    "7.5-escapeJavaScript-quote-replaceAll"
);
corpus!(case_7_6_grocery, "7.6-grocery");
corpus!(case_7_7_params_size, "7.7-params-size");
corpus!(case_7_9_connect_dynamodb, "7.9-connect-dynamodb");
corpus!(case_7_9_sfn_sync, "7.9-sfn-sync");

/// Every vector in the data file has a named test above.
#[test]
fn every_vector_has_a_named_test() {
    let src = include_str!("vtl_corpus.rs");
    for c in vectors() {
        let id = c["id"].as_str().expect("id");
        assert!(
            src.contains(&format!("\"{id}\"")),
            "vector {id} has no corpus!(…) line"
        );
    }
}
