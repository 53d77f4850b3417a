//! Rough timings of the journal and the exports.
//!
//! ```text
//! cargo run --release --example bench_journal [ENTRIES]
//! ```
//!
//! Prints entries appended per second (with hashing), and the time to
//! export ENTRIES (default 100 000) to JSON and CSV and to verify the JSON.
//!
//! ```text
//! cargo run --release --example bench_journal verify [ENTRIES]
//! ```
//!
//! Only the time to read and verify an evidence file of ENTRIES (default
//! 1 000 000) entries, as `tw-verify` does (about 4 GB of memory at 1M).
//! With `BENCH_WRITE_JSON=path` the JSON export is also written there (to
//! try `tw-verify` on).
//!
//! ```text
//! cargo run --release --example bench_journal stream [ENTRIES]
//! ```
//!
//! Only the streamed export's two passes (plan, then write) over ENTRIES
//! (default 100 000) stored in segments of 1,000 as the extension stores
//! them, JSON and CSV, and the same over entries stored with spaces, which
//! the quick reader of the stored form refuses (so serde reads them).
//!
//! ```text
//! cargo run --release --example bench_journal evidence-file PATH [ENTRIES]
//! ```
//!
//! Only writes the evidence file of ENTRIES (default 1 000 000) entries to
//! PATH, for `scripts/bench.mjs` to time `tw-verify` and `sha256sum` on.

use serde_json::json;
use std::time::Instant;
use tracking_witness::export::{to_csv, to_json, verify_document, verify_reader, ExportInput, VerifyOptions};
use tracking_witness::journal::{append, Entry, EntryType, Head, Redactor};

const T0: i64 = 1_795_348_436_123;

/// The `i`th entry of the benchmark journal: requests and cookie changes
/// in turn, as a watched site produces them.
fn next_entry(head: &mut Head, redactor: &Redactor, i: usize) -> Entry {
    let (kind, data) = if i.is_multiple_of(2) {
        (
            EntryType::RequestSeen,
            json!({
                "host": "www.google-analytics.com", "requestType": "beacon", "path": "/g/collect",
                "pageHost": "findajob.dwp.gov.uk", "vendor": "google-analytics", "category": "analytics",
                "reason": "domain:google-analytics.com", "count": i % 17 + 1,
            }),
        )
    } else {
        (
            EntryType::CookieChanged,
            json!({
                "name": "_ga", "domain": ".dwp.gov.uk", "path": "/", "secure": true, "httpOnly": false,
                "sameSite": "lax", "partitionKey": null, "retentionSeconds": 63_072_000,
                "value": redactor.redact(&format!("GA1.2.{i}.1795348436")),
                "vendor": "google-analytics", "category": "analytics", "party": "first",
            }),
        )
    };
    append(head, T0 + i as i64 * 250, kind, Some("uk-find-a-job"), data).expect("valid data")
}

/// An evidence file of `n` entries, read and verified as `tw-verify` does.
fn verify_only(n: usize) {
    let text = evidence_text(n);
    let start = Instant::now();
    let report = verify_reader(text.as_bytes(), &VerifyOptions::default()).expect("verifies");
    println!("verify:  {:.3} s ({} entries, {:.0} MB file)", start.elapsed().as_secs_f64(), report.chain.count, text.len() as f64 / 1e6);
}

/// The JSON evidence file of the benchmark journal of `n` entries.
fn evidence_text(n: usize) -> String {
    let redactor = Redactor::new(&[42; 32], false);
    let mut head = Head::default();
    let mut stored = String::with_capacity(n * 560);
    stored.push_str(&format!("{{\"generatedAtMs\":{T0},\"generator\":{{\"name\":\"bench\",\"version\":\"0\"}},\"entries\":["));
    for i in 0..n {
        if i > 0 {
            stored.push(',');
        }
        next_entry(&mut head, &redactor, i).write_json(&mut stored);
    }
    stored.push_str("]}");
    to_json(&serde_json::from_str::<ExportInput>(&stored).expect("valid export input"))
}

/// The streamed export of `n` entries, both passes, timed.
fn stream_only(n: usize) {
    use tracking_witness::export::{ExportStream, Filter, Generator, Planner, StreamFormat};
    let redactor = Redactor::new(&[42; 32], false);
    let mut head = Head::default();
    let entries: Vec<Entry> = (0..n).map(|i| next_entry(&mut head, &redactor, i)).collect();
    let stored = |pretty: bool| -> Vec<Vec<u8>> {
        let text = |e: &Entry| if pretty { serde_json::to_string_pretty(e) } else { serde_json::to_string(e) }.expect("serialisable");
        entries.chunks(1000).map(|c| c.iter().map(text).collect::<Vec<_>>().join(",").into_bytes()).collect()
    };
    let input = ExportInput {
        generated_at_ms: T0,
        generator: Generator { name: "bench".into(), version: "0".into() },
        environment: json!({}),
        sites: vec![],
        entries: vec![],
        prev_hash: tracking_witness::journal::ZERO_HASH.into(),
        filter: Filter::default(),
        screenshots: Default::default(),
        signer_public_key: None,
    };
    for (name, chunks) in [("as stored", stored(false)), ("with spaces (serde)", stored(true))] {
        for format in [StreamFormat::Json, StreamFormat::Csv] {
            let start = Instant::now();
            let mut planner = Planner::new(&input.filter, &input.prev_hash);
            for c in &chunks {
                planner.scan(c).expect("plans");
            }
            let plan = start.elapsed().as_secs_f64();
            let (mut stream, mut size) =
                ExportStream::start(format, &input, planner.finish().expect("a span")).map(|(s, o)| (s, o.len())).expect("starts");
            let mut out = String::new();
            for c in &chunks {
                out.clear();
                stream.push(c, &mut out).expect("writes");
                size += out.len();
            }
            size += stream.finish(None).expect("finishes").len();
            let all = start.elapsed().as_secs_f64();
            println!(
                "stream {format:?} {name}: plan {:.0} ms, write {:.0} ms ({n} entries, {:.1} MB)",
                plan * 1e3,
                (all - plan) * 1e3,
                size as f64 / 1e6
            );
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let first = args.next();
    if first.as_deref() == Some("stream") {
        stream_only(args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000));
        return;
    }
    if first.as_deref() == Some("evidence-file") {
        let path = args.next().expect("evidence-file PATH [ENTRIES]");
        let n = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
        std::fs::write(&path, evidence_text(n)).expect("the file can be written");
        return;
    }
    if first.as_deref() == Some("verify") {
        verify_only(args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000));
        return;
    }
    let n: usize = first.and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let redactor = Redactor::new(&[42; 32], false);
    let t0 = T0;

    let start = Instant::now();
    let mut head = Head::default();
    let mut entries = Vec::with_capacity(n);
    for i in 0..n {
        entries.push(next_entry(&mut head, &redactor, i));
    }
    let secs = start.elapsed().as_secs_f64();
    println!("append:        {n} entries in {:.3} s = {:.0} entries/s (incl. building and redacting data)", secs, n as f64 / secs);

    // The extension passes the stored journal in as JSON text; the export
    // times below include reading it.
    let stored: Vec<serde_json::Value> = entries.iter().map(|e| e.to_value()).collect();
    let input_text = serde_json::to_vec(&json!({
        "generatedAtMs": t0 + n as i64 * 250,
        "generator": {"name": "bench", "version": "0"},
        "environment": {"platform": "bench"},
        "entries": stored,
    }))
    .expect("serialisable");
    drop(entries);
    let read = || serde_json::from_slice::<ExportInput>(&input_text).expect("valid export input");
    let start = Instant::now();
    let input = read();
    let text = to_json(&input);
    println!(
        "JSON export:   {:.3} s ({:.1} MB, incl. reading {:.1} MB of stored entries)",
        start.elapsed().as_secs_f64(),
        text.len() as f64 / 1e6,
        input_text.len() as f64 / 1e6
    );
    if let Ok(path) = std::env::var("BENCH_WRITE_JSON") {
        std::fs::write(&path, &text).expect("write the JSON export");
    }
    let start = Instant::now();
    let csv = to_csv(&read());
    println!("CSV export:    {:.3} s ({:.1} MB)", start.elapsed().as_secs_f64(), csv.len() as f64 / 1e6);
    let start = Instant::now();
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let report = verify_document(&doc).expect("verifies");
    println!("parse+verify:  {:.3} s ({} entries)", start.elapsed().as_secs_f64(), report.chain.count);
}
