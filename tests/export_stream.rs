//! Issue 14: streamed exports. The journal goes through in chunks, twice
//! (a plan, then the file); the file must be byte for byte the one made from
//! the whole input, for every filter, and a journal that changes between
//! the passes must give an error, never a file.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use tracking_witness::export::{
    prepare_json, to_csv, to_json, verify_document, ExportInput, ExportStream, Filter, Generator, Planner, StreamFormat,
};
use tracking_witness::journal::{append, sha256_hex, Entry, EntryType, Head, ZERO_HASH};

const T0: i64 = 1_795_348_436_123;
const HOUR: i64 = 3_600_000;
const PNG: &str = "data:image/png;base64,iVBORw0KGgo=";

/// 40 entries over 40 hours, three sites and global ones, two screenshots
/// (one of them not stored), text that needs escaping and neutralising.
fn journal() -> (Vec<Entry>, String) {
    let shot = sha256_hex(b"\x89PNG\r\n\x1a\n");
    let mut head = Head::default();
    let mut out = Vec::new();
    for i in 0..40i64 {
        let site = match i % 5 {
            0 | 3 => Some("fj"),
            1 => Some("uc"),
            2 => None,
            _ => Some("other"),
        };
        let (kind, data) = match i % 7 {
            0 => (
                EntryType::EvidenceRecorded,
                json!({"screenshotSha256": if i == 14 { sha256_hex(b"missing") } else { shot.clone() }, "pageUrl": "=1+1"}),
            ),
            1 => (EntryType::RequestSeen, json!({"host": "<b>x</b>", "requestType": "image", "path": "/p,\"q\"", "count": i})),
            _ => (
                EntryType::CookieSet,
                json!({"name": format!("c{i}\n"), "domain": ".dwp.gov.uk", "path": "/", "value": {"length": 3, "hmac": "ab"}, "vendor": "v", "category": "analytics"}),
            ),
        };
        out.push(append(&mut head, T0 + i * HOUR, kind, site, data).unwrap());
    }
    (out, shot)
}

fn input(entries: &[Entry], shot: &str, filter: Filter, key: Option<String>) -> ExportInput {
    ExportInput {
        generated_at_ms: T0 + 100 * HOUR,
        generator: Generator { name: "Tracking Witness".into(), version: "0.1.0".into() },
        environment: json!({"browser": {"name": "Chromium"}}),
        sites: vec![
            json!({"site": {"id": "fj", "name": "Find a job", "hosts": ["findajob.dwp.gov.uk"]}, "findings": [
                {"kind": "storage", "name": "@SUM(A1)", "host": "findajob.dwp.gov.uk", "party": "first", "partitioned": false,
                 "vendor": null, "vendorName": null, "category": "unknown", "retentionSeconds": null,
                 "firstSeen": T0, "lastSeen": T0, "count": 1, "reason": "no-match", "consentBreach": false, "detail": {}}]}),
            json!({"site": {"id": "uc", "name": "UC", "hosts": ["uc.example"]}, "findings": []}),
        ],
        entries: entries.iter().cloned().map(Into::into).collect(),
        prev_hash: ZERO_HASH.into(),
        filter,
        screenshots: BTreeMap::from([(shot.to_owned(), PNG.to_owned())]),
        signer_public_key: key,
    }
}

/// The stored form: entries as JSON objects joined by commas, `size` a chunk.
fn chunks(entries: &[Entry], size: usize) -> Vec<Vec<u8>> {
    entries
        .chunks(size.max(1))
        .map(|c| c.iter().map(|e| serde_json::to_string(e).unwrap()).collect::<Vec<_>>().join(",").into_bytes())
        .collect()
}

/// Both passes over `parts`; the file, or the first error.
fn streamed(
    format: StreamFormat,
    head: &ExportInput,
    plan: &[Vec<u8>],
    write: &[Vec<u8>],
    sign: Option<&dyn Fn(&str) -> String>,
) -> Result<String, String> {
    let mut planner = Planner::new(&head.filter, &head.prev_hash);
    for c in plan {
        planner.scan(c).map_err(|e| e.to_string())?;
    }
    let (mut stream, mut file) =
        ExportStream::start(format, head, planner.finish().map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    let signature = sign.and_then(|s| stream.to_sign().map(s));
    for c in write {
        let mut out = String::new();
        stream.push(c, &mut out).map_err(|e| e.to_string())?;
        file.push_str(&out);
    }
    file.push_str(&stream.finish(signature.as_deref()).map_err(|e| e.to_string())?);
    Ok(file)
}

fn filters() -> Vec<Filter> {
    let f = |site: Option<&str>, from: Option<i64>, to: Option<i64>| Filter { site: site.map(str::to_owned), from, to };
    vec![
        f(None, None, None),
        f(Some("fj"), None, None),
        f(Some("uc"), None, None),
        f(Some("nobody"), None, None),
        f(None, Some(T0 + 10 * HOUR), None),
        f(None, None, Some(T0 + 20 * HOUR + 1)),
        f(None, Some(T0 + 5 * HOUR - 1), Some(T0 + 30 * HOUR)),
        f(Some("fj"), Some(T0 + 3 * HOUR), Some(T0 + 33 * HOUR)),
        f(Some("uc"), Some(T0 + 12 * HOUR), Some(T0 + 12 * HOUR)),
        // Ends inside a run of stubs (seqs 4-6 are other sites).
        f(Some("uc"), None, Some(T0 + 3 * HOUR)),
        // Empty runs: after the end, before the start, and to < from.
        f(None, Some(T0 + 1000 * HOUR), None),
        f(None, None, Some(T0 - 1)),
        f(Some("fj"), Some(T0 + 20 * HOUR), Some(T0 + 10 * HOUR)),
    ]
}

#[test]
fn streamed_files_are_the_whole_input_files_byte_for_byte() {
    let (entries, shot) = journal();
    for filter in filters() {
        let head = input(&entries, &shot, filter.clone(), None);
        let want_json = to_json(&head);
        let want_csv = to_csv(&head);
        let doc: Value = serde_json::from_str(&want_json).unwrap();
        if let Err(e) = verify_document(&doc) {
            panic!("{filter:?}: {e:?}")
        }
        let mut stream_head = head.clone();
        stream_head.entries.clear();
        for size in [1, 3, 7, 40] {
            let parts = chunks(&entries, size);
            let json = streamed(StreamFormat::Json, &stream_head, &parts, &parts, None).unwrap();
            assert!(json == want_json, "JSON differs for {filter:?} in chunks of {size}:\n{json}\n---\n{want_json}");
            let csv = streamed(StreamFormat::Csv, &stream_head, &parts, &parts, None).unwrap();
            assert!(csv == want_csv, "CSV differs for {filter:?} in chunks of {size}");
        }
    }
}

#[test]
fn a_streamed_signed_file_is_the_whole_input_signed_file() {
    use ed25519_dalek::{Signer, SigningKey};
    let key = SigningKey::from_bytes(&[7; 32]);
    let public = tracking_witness::export::signature::base64url_encode(key.verifying_key().as_bytes());
    let sign = |text: &str| tracking_witness::export::signature::base64url_encode(&key.sign(text.as_bytes()).to_bytes());
    let (entries, shot) = journal();
    for filter in filters() {
        let head = input(&entries, &shot, filter.clone(), Some(public.clone()));
        let prepared = prepare_json(&head).unwrap();
        let sig = sign(prepared.to_sign().unwrap());
        let want = prepared.finish(Some(&sig)).unwrap();
        let mut stream_head = head.clone();
        stream_head.entries.clear();
        let parts = chunks(&entries, 6);
        let got = streamed(StreamFormat::Json, &stream_head, &parts, &parts, Some(&sign)).unwrap();
        assert!(got == want, "signed JSON differs for {filter:?}");
        let doc: Value = serde_json::from_str(&got).unwrap();
        if let Err(e) = verify_document(&doc) {
            panic!("{filter:?}: {e:?}")
        }
        // A signature over something else is refused.
        let wrong = |_: &str| sign("something else");
        assert!(streamed(StreamFormat::Json, &stream_head, &parts, &parts, Some(&wrong)).is_err());
    }
}

#[test]
fn a_journal_changed_between_the_passes_gives_no_file() {
    let (entries, shot) = journal();
    let mut head = input(&entries, &shot, Filter::default(), None);
    head.entries.clear();
    let all = chunks(&entries, 10);
    // An entry gone from the middle.
    let mut fewer = entries.clone();
    fewer.remove(17);
    let err = streamed(StreamFormat::Json, &head, &all, &chunks(&fewer, 10), None).unwrap_err();
    assert!(err.contains("changed during the export"), "{err}");
    // Cut off at the end.
    let err = streamed(StreamFormat::Csv, &head, &all, &chunks(&entries[..39], 10), None).unwrap_err();
    assert!(err.contains("changed during the export"), "{err}");
    // An entry altered in place: the file is made, and the verifier names it.
    let mut altered = entries.clone();
    altered[20].data = json!({"setting": "altered", "value": 1});
    let file = streamed(StreamFormat::Json, &head, &all, &chunks(&altered, 10), None).unwrap();
    assert!(verify_document(&serde_json::from_str(&file).unwrap()).is_err());
    // A head that is not the planned one.
    let mut new_head = entries.clone();
    new_head[39].hash = "f".repeat(64);
    assert!(streamed(StreamFormat::Json, &head, &all, &chunks(&new_head, 10), None).is_err());
    // Entries appended after the plan are left out: the file ends where it was planned.
    let mut more = entries.clone();
    let mut h = Head { seq: 40, hash: entries[39].hash.clone() };
    more.push(append(&mut h, T0 + 50 * HOUR, EntryType::SettingsChanged, None, json!({"setting": "x", "value": 1})).unwrap());
    let file = streamed(StreamFormat::Json, &head, &all, &chunks(&more, 10), None).unwrap();
    assert_eq!(file, to_json(&input(&entries, &shot, Filter::default(), None)));
    // Out of order in the plan.
    let mut swapped = entries.clone();
    swapped.swap(3, 4);
    let err = streamed(StreamFormat::Json, &head, &chunks(&swapped, 10), &all, None).unwrap_err();
    assert!(err.contains("out of order"), "{err}");
    // Not entries at all.
    assert!(streamed(StreamFormat::Json, &head, &[b"{\"seq\":1".to_vec()], &all, None).is_err());
}

/// Plans every chunk but the last from its summary, as the extension does
/// for an export without a filter.
fn plan_from_summaries(head: &ExportInput, entries: &[Entry], size: usize) -> Result<tracking_witness::export::Span, String> {
    let mut planner = Planner::new(&head.filter, &head.prev_hash);
    let parts: Vec<&[Entry]> = entries.chunks(size).collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            planner.scan(&chunks(part, size)[0]).map_err(|e| e.to_string())?;
        } else {
            let shots = part
                .iter()
                .filter(|e| e.kind == EntryType::EvidenceRecorded)
                .map(|e| e.data["screenshotSha256"].as_str().unwrap().to_owned())
                .collect();
            planner.summary(part[0].seq, part[part.len() - 1].seq, &part[0].prev_hash, shots).map_err(|e| e.to_string())?;
        }
    }
    planner.finish().map_err(|e| e.to_string())
}

#[test]
fn an_unfiltered_export_planned_from_summaries_is_the_same_file() {
    let (entries, shot) = journal();
    let mut head = input(&entries, &shot, Filter::default(), None);
    let want = to_json(&head);
    head.entries.clear();
    for size in [1, 6, 40] {
        let span = plan_from_summaries(&head, &entries, size).unwrap();
        let (mut stream, mut file) = ExportStream::start(StreamFormat::Json, &head, span).unwrap();
        for c in chunks(&entries, size) {
            stream.push(&c, &mut file).unwrap();
        }
        file.push_str(&stream.finish(None).unwrap());
        assert!(file == want, "chunks of {size}");
    }
    // A filter needs every entry read.
    let filtered = input(&entries, &shot, Filter { site: Some("fj".into()), ..Filter::default() }, None);
    assert!(plan_from_summaries(&filtered, &entries, 6).unwrap_err().contains("without a filter"));
    // The last chunk must be read: the head hash is in it.
    let mut planner = Planner::new(&Filter::default(), ZERO_HASH);
    planner.summary(1, 40, ZERO_HASH, vec![]).unwrap();
    assert!(planner.finish().is_err());
    // A summary that claims more entries than there are gives no file.
    let mut planner = Planner::new(&Filter::default(), ZERO_HASH);
    planner.summary(1, 34, ZERO_HASH, vec![]).unwrap();
    planner.scan(&chunks(&entries[34..], 10)[0]).unwrap();
    let (mut stream, mut file) = ExportStream::start(StreamFormat::Json, &head, planner.finish().unwrap()).unwrap();
    for c in chunks(&entries[..30], 10).iter().chain(chunks(&entries[34..], 10).iter()) {
        stream.push(c, &mut file).unwrap();
    }
    assert!(stream.finish(None).is_err());
}

/// The stored text of an entry written another way than the core writes it
/// (members in another order, spaces, escapes where none are needed): the
/// quick reader of the stored form must refuse it, and serde's reading must
/// then give the same file. Every third entry is written the odd way, so
/// chunks mix both kinds.
#[test]
fn entries_stored_another_way_give_the_same_file() {
    let (entries, shot) = journal();
    type Write = fn(&Entry) -> String;
    let odd_ways: [(&str, Write); 4] = [
        ("members sorted by name", |e| serde_json::to_string(&serde_json::to_value(e).unwrap()).unwrap()),
        ("spaces and new lines", |e| serde_json::to_string_pretty(e).unwrap()),
        ("an escape in a string", |e| serde_json::to_string(e).unwrap().replacen("\"time\":\"2", "\"time\":\"\\u0032", 1)),
        ("an escape in a name inside data", |e| {
            let text = serde_json::to_string(e).unwrap();
            text.replacen("\"domain\":", "\"\\u0064omain\":", 1)
        }),
    ];
    for filter in filters() {
        let head = input(&entries, &shot, filter.clone(), None);
        let want_json = to_json(&head);
        let want_csv = to_csv(&head);
        let mut stream_head = head.clone();
        stream_head.entries.clear();
        for (way, write) in odd_ways {
            let texts: Vec<String> =
                entries.iter().enumerate().map(|(i, e)| if i % 3 == 1 { write(e) } else { serde_json::to_string(e).unwrap() }).collect();
            assert!(
                texts.iter().zip(&entries).any(|(t, e)| *t != serde_json::to_string(e).unwrap()),
                "{way}: nothing was written differently"
            );
            for size in [1, 3, 40] {
                let parts: Vec<Vec<u8>> = texts.chunks(size).map(|c| c.join(",").into_bytes()).collect();
                let json = streamed(StreamFormat::Json, &stream_head, &parts, &parts, None).unwrap();
                assert!(json == want_json, "JSON differs for {filter:?}, {way}, chunks of {size}");
                let csv = streamed(StreamFormat::Csv, &stream_head, &parts, &parts, None).unwrap();
                assert!(csv == want_csv, "CSV differs for {filter:?}, {way}, chunks of {size}");
            }
        }
    }
}
