//! The exports on the public API: JSON structure, schema and verification;
//! CSV encoding, quoting and formula neutralisation; HTML escaping, the
//! absence of script, and accessibility structure.

use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use tracking_witness::export::{to_csv, to_html, to_json, verify_document, DocumentFailure, ExportInput, Filter, Generator, Labels};
use tracking_witness::journal::{append, sha256_hex, Entry, EntryType, Head, Problem, Redactor, ZERO_HASH};

mod common;

const T0: i64 = 1_795_348_436_123; // 2026-11-22T11:53:56.123Z
const DAY: i64 = 86_400_000;
const XSS: &str = "<img src=x onerror=alert(1)>";
const HYPERLINK: &str = "=HYPERLINK(\"http://x\",\"y\")";
// The eight-byte PNG signature stands in for an image.
const PNG_B64: &str = "iVBORw0KGgo=";
const PNG_BYTES: &[u8] = b"\x89PNG\r\n\x1a\n";

fn sample() -> ExportInput {
    let raw = Redactor::new(&[9; 32], true);
    let shot = sha256_hex(PNG_BYTES);
    let mut head = Head::default();
    let mut entries = Vec::new();
    let mut add = |t: i64, kind, site: Option<&str>, data: Value| entries.push(append(&mut head, t, kind, site, data).unwrap());
    add(T0, EntryType::SiteAdded, Some("fj"), json!({"name": "Find a job, \"new\"\nservice", "hosts": ["findajob.dwp.gov.uk"]}));
    add(
        T0 + 1,
        EntryType::CookieSet,
        Some("fj"),
        json!({
            "name": "+1-1", "domain": ".dwp.gov.uk", "path": "/", "value": raw.redact("+1-1"),
            "vendor": "google-analytics", "category": "analytics", "count": 3,
        }),
    );
    add(
        T0 + 2,
        EntryType::StorageAdded,
        Some("fj"),
        json!({"area": "local", "host": "findajob.dwp.gov.uk", "key": HYPERLINK, "value": raw.redact(XSS)}),
    );
    add(T0 + DAY, EntryType::RequestSeen, Some("uc"), json!({"host": XSS, "requestType": "image", "path": "/px", "count": 7}));
    add(T0 + DAY + 5, EntryType::CleanupResult, Some("fj"), json!({"removed": 4, "failed": 1}));
    add(T0 + DAY + 6, EntryType::EvidenceRecorded, Some("fj"), json!({"screenshotSha256": shot, "pageUrl": XSS}));
    add(T0 + 2 * DAY, EntryType::RequestSeen, Some("fj"), json!({"host": "www.google-analytics.com", "requestType": "beacon"}));
    add(T0 + 2 * DAY + 1, EntryType::SettingsChanged, None, json!({"setting": "keepRawValues", "value": true}));
    ExportInput {
        generated_at_ms: T0 + 3 * DAY,
        generator: Generator { name: "Tracking Witness".into(), version: "0.1.0".into() },
        environment: json!({"browser": {"name": "Firefox", "version": "140"}, "userAgent": XSS, "platform": "linux"}),
        sites: vec![
            json!({
                "site": {"id": "fj", "name": "Find a job, \"new\"\nservice", "hosts": ["findajob.dwp.gov.uk"]},
                "findings": [
                    {"kind": "cookie", "name": HYPERLINK, "host": ".dwp.gov.uk", "party": "first", "partitioned": false,
                     "vendor": "google-analytics", "vendorName": XSS, "category": "analytics", "retentionSeconds": 63072000,
                     "firstSeen": "2026-11-22T11:53:56.124Z", "lastSeen": "2026-11-24T11:53:56.123Z", "count": 3,
                     "reason": "cookie-pattern:_ga", "consentBreach": true, "detail": {"path": "/"}},
                    {"kind": "storage", "name": "@SUM(A1)", "host": "findajob.dwp.gov.uk", "party": "first", "partitioned": false,
                     "vendor": null, "vendorName": null, "category": "unknown", "retentionSeconds": null,
                     "firstSeen": T0, "lastSeen": T0, "count": 1, "reason": "no-match", "consentBreach": false, "detail": {}}
                ],
                "consent": {"state": "rejected", "source": "cookie_policy"}
            }),
            json!({"site": {"id": "uc", "name": "Universal Credit", "hosts": ["www.universal-credit.service.gov.uk"]},
                   "findings": [], "consent": null}),
        ],
        entries: entries.into_iter().map(Into::into).collect(),
        prev_hash: ZERO_HASH.into(),
        filter: Filter::default(),
        screenshots: BTreeMap::from([(shot, format!("data:image/png;base64,{PNG_B64}"))]),
        signer_public_key: None,
    }
}

fn schema_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/evidence.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft202012::new(&schema).expect("the schema is valid draft 2020-12")
}

fn assert_schema_valid(doc: &Value) {
    let v = schema_validator();
    let errors: Vec<String> = v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "schema errors: {errors:#?}");
}

// ---- JSON ----

#[test]
fn json_export_has_the_documented_structure_and_verifies() {
    let input = sample();
    let text = to_json(&input);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["format"], "tracking-witness/evidence");
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["generatedAt"], "2026-11-25T11:53:56.123Z");
    assert_eq!(doc["generator"], json!({"name": "Tracking Witness", "version": "0.1.0"}));
    assert_eq!(doc["filter"], json!({"site": null, "from": null, "to": null}));
    assert_eq!(doc["sites"].as_array().unwrap().len(), 2);
    let j = &doc["journal"];
    assert_eq!(j["count"], 8);
    assert_eq!(j["omitted"], 0);
    assert_eq!(j["firstSeq"], 1);
    assert_eq!(j["lastSeq"], 8);
    assert_eq!(j["prevHash"], ZERO_HASH);
    assert_eq!(j["headHash"], input.entries[7].hash.as_str());
    let first: Entry = serde_json::from_value(j["entries"][0].clone()).unwrap();
    let given = &input.entries[0];
    assert_eq!((first.seq, &first.time, first.kind, &first.site), (given.seq, &given.time, given.kind, &given.site));
    assert_eq!((&first.data, &first.prev_hash, &first.hash), (&given.data(), &given.prev_hash, &given.hash));
    assert_eq!(first.compute_hash(), first.hash, "the exported entry still hashes to its hash");
    assert_eq!(doc["screenshots"].as_object().unwrap().len(), 1);

    let report = verify_document(&doc).unwrap();
    assert_eq!(report.chain.count, 8);
    assert_eq!(report.screenshots, 1);
    assert_eq!(report.sites[1], ("uc".to_owned(), "Universal Credit".to_owned()));
    assert_schema_valid(&doc);
    // Same input, same bytes.
    assert_eq!(to_json(&input), text);
}

#[test]
fn empty_export_is_valid() {
    let mut input = sample();
    input.entries.clear();
    input.sites.clear();
    let doc: Value = serde_json::from_str(&to_json(&input)).unwrap();
    assert_eq!(doc["journal"]["count"], 0);
    assert_eq!(doc["journal"]["firstSeq"], Value::Null);
    assert_eq!(doc["journal"]["headHash"], ZERO_HASH);
    verify_document(&doc).unwrap();
    assert_schema_valid(&doc);
}

#[test]
fn site_filter_leaves_a_checkable_chain() {
    let mut input = sample();
    input.filter.site = Some("fj".into());
    let doc: Value = serde_json::from_str(&to_json(&input)).unwrap();
    assert_eq!(doc["sites"].as_array().unwrap().len(), 1);
    let stub = &doc["journal"]["entries"][3];
    assert_eq!(stub, &json!({"seq": 4, "omitted": true, "prevHash": input.entries[2].hash, "hash": input.entries[3].hash}));
    assert!(!to_json(&input).contains("onerror=alert(1)>\",\"requestType"), "the other site's entry is not shown");
    let report = verify_document(&doc).unwrap();
    assert_eq!((report.chain.count, report.chain.omitted), (8, 1));
    assert_schema_valid(&doc);
    assert!(to_html(&input, &Labels::english()).contains("Entries of other sites left out"));
}

#[test]
fn time_filter_keeps_a_contiguous_anchored_run() {
    let mut input = sample();
    input.filter.from = Some(T0 + DAY);
    input.filter.to = Some(T0 + DAY + 10);
    let doc: Value = serde_json::from_str(&to_json(&input)).unwrap();
    let j = &doc["journal"];
    assert_eq!((j["count"].as_u64(), j["firstSeq"].as_u64(), j["lastSeq"].as_u64()), (Some(3), Some(4), Some(6)));
    assert_eq!(j["prevHash"], input.entries[2].hash.as_str());
    assert_eq!(doc["filter"]["from"], "2026-11-23T11:53:56.123Z");
    verify_document(&doc).unwrap();
    assert_schema_valid(&doc);
}

#[test]
fn tampered_files_fail_naming_the_entry() {
    let input = sample();
    let good: Value = serde_json::from_str(&to_json(&input)).unwrap();

    let mut doc = good.clone();
    doc["journal"]["entries"][4]["data"]["removed"] = json!(40);
    match verify_document(&doc).unwrap_err() {
        DocumentFailure::Chain(f, _) => {
            assert_eq!(f.seq, Some(5));
            assert!(matches!(f.problem, Problem::BadHash { .. }));
        }
        other => panic!("{other}"),
    }

    let mut doc = good.clone();
    doc["journal"]["entries"].as_array_mut().unwrap().pop();
    let err = verify_document(&doc).unwrap_err();
    assert!(err.to_string().contains("the file ends early: its header says 8 entries but it holds 7"), "{err}");

    let mut doc = good.clone();
    doc["journal"]["entries"].as_array_mut().unwrap().pop();
    doc["journal"]["count"] = json!(7);
    let err = verify_document(&doc).unwrap_err();
    assert!(err.to_string().contains("the header says the last entry is seq 8"), "{err}");

    let mut doc = good.clone();
    let key = doc["screenshots"].as_object().unwrap().keys().next().unwrap().clone();
    doc["screenshots"][&key] = json!("data:image/png;base64,iVBORw0LGgo=");
    assert!(matches!(verify_document(&doc).unwrap_err(), DocumentFailure::Screenshot { .. }));

    let mut doc = good.clone();
    doc["version"] = json!(3);
    assert!(matches!(verify_document(&doc).unwrap_err(), DocumentFailure::UnsupportedVersion(_)));

    let mut doc = good;
    doc["journal"].as_object_mut().unwrap().remove("headHash");
    let err = verify_document(&doc).unwrap_err();
    assert!(err.to_string().starts_with("/journal/headHash: is missing"), "{err}");
}

#[test]
fn schema_agrees_with_the_entry_types() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/evidence.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let listed: Vec<&str> =
        schema["$defs"]["entry"]["properties"]["type"]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let ours: Vec<&str> = EntryType::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(listed, ours);
    for t in EntryType::ALL {
        let def = &schema["$defs"][format!("data:{}", t.as_str())];
        let required: Vec<&str> = def["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let ours: Vec<&str> = t.required_data().iter().map(|(f, _)| *f).collect();
        assert_eq!(required, ours, "{t}");
    }
    // A hand-made document that breaks the schema is refused by it.
    let mut doc: Value = serde_json::from_str(&to_json(&sample())).unwrap();
    doc["journal"]["entries"][1]["data"].as_object_mut().unwrap().remove("value");
    assert!(!schema_validator().is_valid(&doc));
}

// ---- CSV ----

#[test]
fn csv_is_bom_crlf_quoted_and_inert() {
    let csv = to_csv(&sample());
    assert!(csv.starts_with("\u{feff}seq,time,type,site,subject,"));
    let rows = common::parse_csv(csv.trim_start_matches('\u{feff}'));
    let blank = rows.iter().position(|r| r == &vec![String::new()]).expect("a blank line between the tables");
    assert_eq!(blank, 9, "header + 8 entries");
    assert_eq!(rows[blank + 1][0], "site");
    assert_eq!(rows.len(), blank + 2 + 2, "two findings");
    for row in &rows {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "live formula cell: {cell:?}");
        }
    }
    // The cookie named +1-1 and the key/finding =HYPERLINK(...) come out as text.
    assert_eq!(rows[2][4], "'+1-1 @ .dwp.gov.uk/");
    let finding = &rows[blank + 2];
    assert_eq!(finding[2], format!("'{HYPERLINK}"));
    assert_eq!(rows[blank + 3][2], "'@SUM(A1)");
    assert_eq!(rows[blank + 3][10], "2026-11-22T11:53:56.123Z", "epoch-ms times are written as RFC 3339");
    // Commas, quotes and newlines survive quoting.
    assert!(rows[1][8].contains("Find a job, \\\"new\\\"\\nservice"));
    assert_eq!(finding[16], "Find a job, \"new\"\nservice");
    assert!(csv.contains("\"Find a job, \"\"new\"\"\nservice\""));
    // Raw values, when the user keeps them, stay inside the data cell.
    assert!(rows[2][8].contains("\"raw\":\"+1-1\""));
    assert_eq!(rows[8][10], sample().entries[7].hash);
}

// ---- HTML ----

#[test]
fn html_escapes_everything_and_runs_nothing() {
    let html = to_html(&sample(), &Labels::english());
    assert!(!html.to_ascii_lowercase().contains("<script"));
    assert!(!html.contains(XSS), "site text must not become markup");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // Every tag is one the report itself writes.
    common::assert_only_report_tags(&html);
    assert_eq!(html.matches("<img ").count(), html.matches("<img src=\"data:image/png;base64,").count());
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("<html lang=\"en\">"));
    assert!(
        html.contains(&format!("<img src=\"data:image/png;base64,{PNG_B64}\" alt=\"Screenshot recorded 2026-11-23T11:53:56.129Z on fj\">"))
    );
    assert!(html.contains(&sample().entries[7].hash), "chain head shown");
    assert!(html.contains("tw-verify evidence.json"));
    assert!(html.contains("Cleanup history"));
}

#[test]
fn html_is_structured_for_screen_readers() {
    let html = to_html(&sample(), &Labels::english());
    // Headings never skip a level.
    let mut last = 0;
    for (i, _) in html.match_indices("<h") {
        if let Some(level) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) {
            assert!(level <= last + 1, "h{level} after h{last}");
            last = level;
        }
    }
    assert_eq!(html.matches("<h1>").count(), 1);
    // Every table has a caption; every header cell a scope.
    assert_eq!(html.matches("<table").count(), html.matches("<caption>").count());
    assert_eq!(html.matches("<th ").count(), html.matches("<th scope=\"").count());
    assert!(!html.contains("<th>"));
    // The pictures are images with a text alternative, and their numbers
    // are in tables too: one row per site per day.
    assert_eq!(html.matches("<svg ").count(), html.matches("role=\"img\"").count());
    assert_eq!(html.matches("<svg ").count(), html.matches("<desc id=").count());
    let fj = "<bdi>Find a job, &quot;new&quot;\\u000Aservice</bdi>";
    for (day, site, n, cleanups) in
        [("2026-11-22", fj, 4, 0), ("2026-11-23", fj, 0, 1), ("2026-11-24", fj, 1, 0), ("2026-11-23", "<bdi>Universal Credit</bdi>", 7, 0)]
    {
        assert!(
            html.contains(&format!("<tr><th scope=\"row\">{day}</th><td>{site}</td><td>{n}</td><td></td><td>{cleanups}</td></tr>")),
            "{day} {site}"
        );
    }
}

#[test]
fn html_labels_come_from_the_caller() {
    let labels = Labels::new("cy", HashMap::from([("title".to_owned(), "Adroddiad <tystiolaeth>".to_owned())]));
    let html = to_html(&sample(), &labels);
    assert!(html.contains("<html lang=\"cy\">"));
    assert!(html.contains("<h1>Adroddiad &lt;tystiolaeth&gt;</h1>"));
    assert!(html.contains("Cleanup history"), "missing keys fall back to English");
    let odd = Labels::new("en\" onload=\"x", HashMap::new());
    assert!(to_html(&sample(), &odd).contains("<html lang=\"enonloadx\">"));
}

#[test]
fn entries_stored_with_members_in_any_order_export_canonically() {
    // The extension stores entries as objects and passes them back through
    // JSON.stringify, which puts integer-like member names first. The
    // export must still write each `data` in canonical form, so the CSV's
    // data cell and the JSON file both hash to the entry's hash.
    let mut head = Head::default();
    // (The core writes no such names; a file from elsewhere may hold them.)
    let entry = common::written_elsewhere(
        &mut head,
        T0,
        EntryType::RequestSeen,
        Some("fj"),
        json!({"host": "a.example", "requestType": "image", "9": 1, "10": 2, "count": 3}),
    );
    let stored = format!(
        r#"{{"generatedAtMs":{T0},"generator":{{"name":"t","version":"0"}},"entries":[{{"seq":1,"time":"{}","type":"request.seen","site":"fj","data":{{"9":1,"10":2,"host":"a.example","requestType":"image","count":3}},"prevHash":"{ZERO_HASH}","hash":"{}"}}]}}"#,
        entry.time, entry.hash
    );
    let input: ExportInput = serde_json::from_str(&stored).unwrap();
    let doc: Value = serde_json::from_str(&to_json(&input)).unwrap();
    assert!(verify_document(&doc).is_ok());
    let line = to_json(&input).lines().find(|l| l.starts_with("{\"seq\":1")).unwrap().to_owned();
    assert!(line.contains(r#""data":{"10":2,"9":1,"count":3,"host":"a.example","requestType":"image"}"#), "{line}");
    let rows = common::parse_csv(&to_csv(&input));
    assert_eq!(rows[1][8], r#"{"10":2,"9":1,"count":3,"host":"a.example","requestType":"image"}"#);
    assert_eq!(rows[1][7], "3", "count column");
    assert_eq!(rows[1][4], "image a.example", "subject");
}

// ---- HAR ----

/// The fields HAR 1.2 requires of every entry, request, response and
/// timing (the spec's "required" members), checked one by one.
fn assert_har_entry_complete(e: &Value) {
    for k in ["startedDateTime", "time", "request", "response", "cache", "timings"] {
        assert!(e.get(k).is_some(), "entry lacks {k}: {e}");
    }
    for k in ["method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize"] {
        assert!(e["request"].get(k).is_some(), "request lacks {k}");
    }
    for k in ["status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL", "headersSize", "bodySize"] {
        assert!(e["response"].get(k).is_some(), "response lacks {k}");
    }
    for k in ["send", "wait", "receive"] {
        assert!(e["timings"][k].is_number(), "timings lack {k}");
    }
    assert!(e["response"]["content"]["size"].is_number() && e["response"]["content"]["mimeType"].is_string());
}

#[test]
fn har_holds_one_entry_per_request_seen_and_claims_nothing_unobserved() {
    let input = sample();
    let har: Value = serde_json::from_str(&tracking_witness::export::to_har(&input)).unwrap();
    assert_eq!(har["log"]["version"], "1.2");
    assert_eq!(har["log"]["creator"]["name"], "Tracking Witness");
    let entries = har["log"]["entries"].as_array().unwrap();
    let requests: Vec<_> = input.entries.iter().filter(|e| e.kind == EntryType::RequestSeen).collect();
    assert_eq!(entries.len(), requests.len());
    for (e, r) in entries.iter().zip(&requests) {
        assert_har_entry_complete(e);
        assert_eq!(e["_twSeq"], r.seq);
        assert_eq!(e["_twHash"], r.hash.as_str());
        assert!(!e["request"]["url"].as_str().unwrap().contains('?'), "no query string");
        assert_eq!(e["request"]["headers"], json!([]));
        assert_eq!(e["response"]["status"], 0, "no status was observed");
    }
    // An image is fetched with GET and a beacon always POSTs; the counts
    // of coalesced requests are kept.
    assert_eq!(entries[0]["request"]["method"], "GET");
    assert_eq!(entries[0]["_twCount"], 7);
    assert_eq!(entries[1]["request"]["url"], "https://www.google-analytics.com/");
    assert_eq!(entries[1]["request"]["method"], "POST");
    assert_eq!(entries[1]["_twSite"], "fj");

    let mut one_site = sample();
    one_site.filter.site = Some("fj".into());
    let har: Value = serde_json::from_str(&tracking_witness::export::to_har(&one_site)).unwrap();
    let urls: Vec<_> = har["log"]["entries"].as_array().unwrap().iter().map(|e| e["request"]["url"].as_str().unwrap().to_owned()).collect();
    assert_eq!(urls, ["https://www.google-analytics.com/"], "the filter keeps that site's requests only");
}

// Found by `make mutants`: a name repeated in the document's own members
// was reported on line 1 wherever it stood.
#[test]
fn a_repeated_member_is_reported_on_its_line() {
    let text = to_json(&sample());
    let at = text.find("\"omitted\":").expect("the journal's omitted member");
    let line = 1 + text[..at].matches('\n').count() as u64;
    assert!(line > 1, "the member is on the first line: the test would prove nothing");
    let bad = format!("{}\"omitted\":0,{}", &text[..at], &text[at..]);
    match tracking_witness::export::verify_reader(bad.as_bytes(), &Default::default()) {
        Err(DocumentFailure::Json(e)) => {
            assert!(matches!(e.problem, tracking_witness::journal::JsonProblem::DuplicateName(_)), "{e}");
            assert_eq!(e.line, line, "{e}");
        }
        other => panic!("repeated name not refused: {other:?}"),
    }
}

// Found by `make mutants`: a version 1 file with a stray member at its end
// was refused as if the member were a version 2 one. Both are refused; the
// message must name what is wrong.
#[test]
fn a_version_1_file_with_a_stray_last_member_is_refused_for_that() {
    let text = to_json(&sample());
    let v1 = text.replacen("\"version\":2", "\"version\":1", 1);
    let start = v1.find(",\n\"withheld\":").expect("a withheld member");
    let end = start + 1 + v1[start + 1..].find(",\n\"").expect("a member after withheld");
    let v1 = format!("{}{}", &v1[..start], &v1[end..]);
    let fine = tracking_witness::export::verify_reader(v1.as_bytes(), &Default::default()).expect("the version 1 file verifies");
    assert_eq!(fine.version, 1);
    let close = v1.rfind('}').unwrap();
    let stray = format!("{},\"extra\":1{}", &v1[..close], &v1[close..]);
    let e = tracking_witness::export::verify_reader(stray.as_bytes(), &Default::default()).unwrap_err().to_string();
    assert!(e.contains("extra") && !e.contains("not part of version 1"), "{e}");
}

// Found by `make mutants`: the JSON types of a site's findings went
// unchecked as far as the tests could see. Each member of the wrong type
// is refused, by its path.
#[test]
fn a_finding_member_of_the_wrong_type_is_refused_by_its_path() {
    for (member, wrong, must) in [
        ("partitioned", json!("no"), "must be boolean"),
        ("count", json!("3"), "must be integer"),
        ("vendor", json!(7), "must be string or null"),
        ("retentionSeconds", json!(1.5), "must be integer or null"),
        ("detail", json!([]), "must be object"),
        ("firstSeen", json!(null), "must be string or integer"),
    ] {
        let mut input = sample();
        input.sites[0]["findings"][0][member] = wrong;
        let text = to_json(&input);
        let e = tracking_witness::export::verify_reader(text.as_bytes(), &Default::default()).unwrap_err().to_string();
        assert!(e.contains(&format!("/sites/0/findings/0/{member}")) && e.contains(must), "{member}: {e}");
    }
}

// Found by the one-in-20 sample of `make mutants` (2026-12-03): a file of a
// later version must reach the caller as that, not as a broken chain.
#[test]
fn a_file_of_an_unknown_version_fails_as_unsupported_not_broken() {
    use tracking_witness::ErrorKind;
    let text = to_json(&sample()).replacen("\"version\":2", "\"version\":99", 1);
    let failure = tracking_witness::export::verify_reader(text.as_bytes(), &Default::default()).unwrap_err();
    assert!(matches!(failure, DocumentFailure::UnsupportedVersion(_)), "{failure}");
    let e: tracking_witness::Error = failure.into();
    assert_eq!(e.kind(), ErrorKind::UnsupportedVersion);
    let broken: tracking_witness::Error = verify_document(&json!({"format": "tracking-witness/evidence"})).unwrap_err().into();
    assert_eq!(broken.kind(), ErrorKind::InvalidInput);
}
