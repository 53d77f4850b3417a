//! Issue 11: a corpus of hostile strings (tests/hostile-corpus.json: XSS,
//! formulas, bidirectional overrides, controls, lone surrogates, 4 KB names,
//! homoglyphs) goes in as cookie names and values, storage keys and request
//! paths, through the core's own observation calls, and out through the
//! HTML report and the CSV. Nothing may come out as markup, as a formula a
//! spreadsheet would run, or as a control that reorders or hides text.

use serde_json::Value;
use std::collections::BTreeMap;
use tracking_witness::export::{to_csv, to_html, to_json, verify_document, ExportInput, Filter, Generator, Labels};
use tracking_witness::journal::Head;
use tracking_witness::model::{CookieObservation, RequestObservation, RequestType, StorageArea, StorageObservation};
use tracking_witness::recorder::Recorder;
use tracking_witness::sites::SiteConfig;
use tracking_witness::untrusted::{is_invisible_control, repair_json_surrogates};

mod common;
use common::stored;

/// Commits and confirms, as the extension does once the store has the commit.
const HOST: &str = "findajob.dwp.gov.uk";
const T0: i64 = 1_795_348_436_123;

/// The corpus, as JavaScript would hold it and as the core receives it:
/// lone surrogates already U+FFFD (the content script and `from_js` do
/// that); the raw file keeps them as `\ud800` escapes.
fn corpus() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile-corpus.json")).unwrap();
    let (text, _) = repair_json_surrogates(&text);
    let list: Vec<Value> = serde_json::from_str(&text).unwrap();
    list.iter().map(|p| (p["family"].as_str().unwrap().to_owned(), p["text"].as_str().unwrap().to_owned())).collect()
}

fn export_input(raw_values: bool) -> (ExportInput, Vec<(String, String)>) {
    let corpus = corpus();
    let mut config = SiteConfig::with_presets(&["uk-find-a-job"]).unwrap();
    config.keep_raw_values = raw_values;
    let mut r = Recorder::new(config, &[5; 32], Head::default());
    let mut entries = Vec::new();
    let mut storage = Vec::new();
    for (i, (_, p)) in corpus.iter().enumerate() {
        let t = T0 + i as i64;
        let c = CookieObservation { expiration_date: Some(1.9e9), ..CookieObservation::new(p, p, ".dwp.gov.uk") };
        let changes = r.engine_mut().observe_cookie(None, &c, t);
        entries.extend(stored(&mut r, changes, t).unwrap().entries);
        storage.push(StorageObservation {
            area: StorageArea::Local,
            host: HOST.into(),
            key: p.clone(),
            size: p.encode_utf16().count() as u64 * 2,
            value: Some(p.clone()),
            origin: Some(format!("https://{HOST}")),
            repaired: false,
            truncated: false,
        });
        let req = RequestObservation {
            host: format!("t{i}.tracker.example"),
            request_type: RequestType::Image,
            path: p.clone(),
            page_host: HOST.into(),
            filter_match: None,
        };
        let changes = r.engine_mut().observe_requests(HOST, &[req], t);
        entries.extend(stored(&mut r, changes, t).unwrap().entries);
    }
    let changes = r.engine_mut().observe_storage(HOST, &[StorageArea::Local], &storage, T0 + 10_000);
    entries.extend(stored(&mut r, changes, T0 + 10_000).unwrap().entries);
    let summary = serde_json::to_value(r.engine().summary(HOST).unwrap()).unwrap();
    let input = ExportInput {
        generated_at_ms: T0 + 20_000,
        generator: Generator { name: "Tracking Witness".into(), version: "test".into() },
        environment: Value::Null,
        sites: vec![summary],
        entries: entries.into_iter().map(Into::into).collect(),
        prev_hash: tracking_witness::journal::ZERO_HASH.into(),
        filter: Filter::default(),
        screenshots: BTreeMap::new(),
        signer_public_key: None,
    };
    (input, corpus)
}

/// HTML escaping written here, independently of the report's.
fn escaped(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_invisible_control(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[test]
fn the_corpus_is_large_and_covers_every_family() {
    let c = corpus();
    assert!(c.len() >= 200, "{} payloads", c.len());
    for family in ["xss", "formula", "bidi", "control", "surrogate", "4kb", "homoglyph"] {
        assert!(c.iter().filter(|(f, _)| f == family).count() >= 5, "{family}");
    }
}

#[test]
fn the_html_report_runs_nothing_and_isolates_every_payload() {
    let (input, corpus) = export_input(true);
    let html = to_html(&input, &Labels::english());
    // 0 executions: every tag is one the report writes itself.
    common::assert_only_report_tags(&html);
    assert!(!html.to_ascii_lowercase().contains("<script"));
    // 0 reordered runs: no control character is left to act on the text.
    let raw: Vec<String> = html.chars().filter(|c| is_invisible_control(*c) && *c != '\n').map(|c| format!("U+{:04X}", c as u32)).collect();
    assert!(raw.is_empty(), "controls left raw in the report: {raw:?}");
    // Each payload, as a cookie name and as a storage key, is shown in its own isolate.
    let mut missing = Vec::new();
    for (family, p) in &corpus {
        let shown = format!("<bdi>{}</bdi>", escaped(p));
        if html.matches(&shown).count() < 2 {
            missing.push(format!("{family}: {:?}", p.chars().take(40).collect::<String>()));
        }
    }
    assert!(missing.is_empty(), "{} payloads not isolated twice: {missing:?}", missing.len());
}

/// What a spreadsheet could run, judged here: after any leading whitespace
/// or invisible controls, an ASCII or full-width formula sign; or a
/// leading tab or line break.
fn live_formula(cell: &str) -> bool {
    if cell.starts_with(['\t', '\r', '\n']) {
        return true;
    }
    let first = cell.chars().find(|c| !(c.is_whitespace() || is_invisible_control(*c)));
    matches!(first, Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠' | '﹦' | '﹢' | '﹣' | '−'))
}

#[test]
fn the_csv_has_no_live_formula_and_no_cell_a_spreadsheet_would_cut() {
    let (input, corpus) = export_input(true);
    let csv = to_csv(&input);
    let cells = common::csv_cells(&csv);
    let live: Vec<&String> = cells.iter().filter(|c| live_formula(c)).collect();
    assert!(live.is_empty(), "{} live formulas, first {:?}", live.len(), live.first());
    assert!(cells.iter().all(|c| c.encode_utf16().count() <= 32_767));
    // Every payload is there, as text (a leading ' where it was neutralised).
    for (family, p) in &corpus {
        let n = cells.iter().filter(|c| *c == p || c.strip_prefix('\'') == Some(p.as_str())).count();
        assert!(n >= 2, "{family} payload {:?} found {n} times", p.chars().take(40).collect::<String>());
    }
}

#[test]
fn the_json_export_of_the_corpus_verifies() {
    let (input, _) = export_input(false);
    let doc: Value = serde_json::from_str(&to_json(&input)).unwrap();
    verify_document(&doc).unwrap();
}
