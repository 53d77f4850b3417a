//! The bindings, run as wasm in headless Chromium (`make wasm-test`). They
//! check what only the JS boundary can get wrong: argument conversion,
//! result shapes, and that core errors arrive as JS errors with a `name`.
#![cfg(target_arch = "wasm32")]

use tracking_witness::bindings::Witness;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap()
}

fn witness() -> Witness {
    let mut w = Witness::new(None, &[1; 32], None).unwrap();
    w.choose_presets(js(r#"["uk-find-a-job"]"#)).unwrap();
    w
}

#[wasm_bindgen_test]
fn a_browser_cookie_becomes_a_commit_and_a_finding() {
    let mut w = witness();
    let cookie = js(r#"{"name":"_ga","value":"GA1.2.3","domain":".dwp.gov.uk","path":"/","hostOnly":false,
        "secure":true,"httpOnly":false,"sameSite":"lax","expirationDate":1900000000,"partitionKey":null,"storeId":"0"}"#);
    let commit = w.observe_cookie(None, cookie, 1_795_434_836_000.0).unwrap();
    let entries: js_sys::Array = get(&commit, "entries").dyn_into().unwrap();
    assert_eq!(entries.length(), 1);
    let entry = entries.get(0);
    assert_eq!(get(&entry, "type").as_string().unwrap(), "cookie.set");
    assert_eq!(get(&entry, "hash").as_string().unwrap().len(), 64);
    // The saved piece of the picture crosses as a plain string of JSON,
    // not escaped into the commit's own JSON.
    let records: js_sys::Array = get(&commit, "records").dyn_into().unwrap();
    assert_eq!(records.length(), 1);
    let record: js_sys::Array = records.get(0).dyn_into().unwrap();
    assert!(record.get(0).as_string().unwrap().contains("|_ga|"));
    let saved: serde_json::Value = serde_json::from_str(&record.get(1).as_string().unwrap()).unwrap();
    assert_eq!(saved["name"], "_ga");
    assert!(get(&commit, "head").is_object());
    let summary = w.summary("findajob.dwp.gov.uk").unwrap();
    let findings: js_sys::Array = get(&summary, "findings").dyn_into().unwrap();
    let f = findings.get(0);
    assert_eq!(get(&f, "name").as_string().unwrap(), "_ga");
    assert_eq!(get(&f, "party").as_string().unwrap(), "first");
    assert!(get(&f, "retentionSeconds").as_f64().is_some());
}

#[wasm_bindgen_test]
fn core_errors_arrive_with_their_kind_as_name() {
    let w = witness();
    let err: js_sys::Error = w.summary("www.bystander-news.example").unwrap_err().dyn_into().unwrap();
    assert_eq!(err.name().as_string().unwrap(), "UnknownSite");
    let bad: js_sys::Error = w.check_hosts(js(r#"["gov.uk"]"#)).unwrap_err().dyn_into().unwrap();
    assert_eq!(bad.name().as_string().unwrap(), "InvalidPattern");
}

#[wasm_bindgen_test]
fn malformed_cookie_objects_are_refused_not_guessed() {
    let mut w = witness();
    let err: js_sys::Error = w.observe_cookie(None, js(r#"{"name":1}"#), 0.0).unwrap_err().dyn_into().unwrap();
    assert_eq!(err.name().as_string().unwrap(), "InvalidInput");
}

// Issue 10: the receipt's shape at the boundary, and a bad key refused with
// its kind as the error's name.
#[wasm_bindgen_test]
fn a_receipt_arrives_with_its_commit_and_a_bad_key_is_refused() {
    const KEY: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    let mut w = witness();
    let err = w.key_created("AAAA", 1_795_434_836_000.0).err().expect("a 3-byte key is refused");
    assert_eq!(get(&err, "name").as_string().unwrap(), "InvalidInput");
    let out = w.issue_receipt(KEY, 1_795_434_836_000.0).unwrap();
    let receipt = get(&out, "receipt");
    let entries: js_sys::Array = get(&get(&out, "commit"), "entries").dyn_into().unwrap();
    let entry = entries.get(0);
    assert_eq!(get(&entry, "type").as_string().unwrap(), "receipt.issued");
    let hash = get(&entry, "hash").as_string().unwrap();
    assert_eq!(get(&receipt, "hash").as_string().unwrap(), hash);
    assert_eq!(get(&receipt, "seq").as_f64().unwrap(), get(&entry, "seq").as_f64().unwrap());
    assert_eq!(get(&receipt, "fingerprint").as_string().unwrap(), "21fe-31df-a154-a261-626b");
    assert_eq!(get(&receipt, "shortHash").as_string().unwrap().len(), 19);
    assert_eq!(get(&receipt, "line").as_string().unwrap(), format!("tw-receipt:1:1:{hash}"));
}

#[wasm_bindgen_test]
fn a_packed_batch_of_request_hosts_gets_one_number_each() {
    let w = witness();
    let ids: js_sys::Array = Witness::vendor_ids().unwrap().dyn_into().unwrap();
    let id = |n: u16| ids.get(u32::from(n) - 1).as_string().unwrap();
    let verdicts = w.classify_requests("findajob.dwp.gov.uk", b"www.google-analytics.com\nunknown.example.net\nSTATIC.HOTJAR.COM.");
    assert_eq!(verdicts.len(), 3);
    assert_eq!(id(verdicts[0]), "google-analytics");
    assert_eq!(verdicts[1], 0);
    assert_eq!(id(verdicts[2]), "hotjar");
    // Not a watched site: nothing is classified.
    assert!(w.classify_requests("www.bystander-news.example", b"www.google-analytics.com").is_empty());
}

// JavaScript asks for intents; it has no call that journals data it built.
#[wasm_bindgen_test]
fn javascript_can_ask_for_intents_but_not_write_entries() {
    let handle: JsValue = witness().into();
    let has = |name: &str| get(&handle, name).is_function();
    for intent in [
        "siteAdded",
        "siteUpdated",
        "siteRemoved",
        "settingsChanged",
        "exportMade",
        "letterDrafted",
        "cleanupRequested",
        "cleanupResult",
        "recordEvidence",
    ] {
        assert!(has(intent), "Witness has no {intent}");
    }
    for generic in ["record", "append", "recordEntry"] {
        assert!(!has(generic), "Witness.{generic} lets JavaScript write any entry");
    }
}

#[wasm_bindgen_test]
fn an_intent_refuses_a_field_the_core_does_not_know() {
    let mut w = witness();
    let err = w.settings_changed(js(r#"{"setting":"deepInspection","value":true,"by":"page"}"#), 1.0).unwrap_err();
    assert_eq!(get(&err, "name").as_string().unwrap(), "InvalidInput");
    let commit = w.settings_changed(js(r#"{"setting":"deepInspection","value":true}"#), 1.0).unwrap();
    let entries: js_sys::Array = get(&commit, "entries").dyn_into().unwrap();
    assert_eq!(get(&get(&entries.get(0), "data"), "setting").as_string().unwrap(), "deepInspection");
}
