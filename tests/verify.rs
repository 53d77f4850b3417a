//! Issue 10: the evidence file as a sceptic would try it. Each attack on a
//! file — edits, truncation with a rewritten header, reordering, stubs where
//! none belong, repeated member names, forged archive checkpoints, a
//! signature by another key, an edited signed header — must be caught, by
//! the library's one-pass verifier and by the real `tw-verify` binary
//! (exit codes 0 verified, 1 not verified, 2 cannot read / bad usage).

use ed25519_dalek::{Signer, SigningKey};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

use tracking_witness::export::signature::base64url_encode;
use tracking_witness::export::{
    fingerprint, prepare_json, to_json, verify_document, verify_reader, DocumentFailure, ExportInput, Filter, Generator, VerifyOptions,
};
use tracking_witness::journal::{append, checkpoint, parse_strict, Entry, EntryType, Head, JsonProblem, Numbers, Problem, ZERO_HASH};

const T0: i64 = 1_795_348_436_123; // 2026-11-22T11:53:56.123Z

/// The documented test key (docs/evidence-format.md, section 6.5): the
/// seed is the bytes 00 01 02 ... 1f.
fn test_key() -> SigningKey {
    let seed: [u8; 32] = std::array::from_fn(|i| i as u8);
    SigningKey::from_bytes(&seed)
}

fn other_key() -> SigningKey {
    SigningKey::from_bytes(&[0x42; 32])
}

fn public(key: &SigningKey) -> String {
    base64url_encode(key.verifying_key().as_bytes())
}

/// `n` entries, sites alternating between `fj` and `uc`, one global entry
/// every fifth; times one second apart.
fn entries_from(head: &mut Head, start_ms: i64, n: usize) -> Vec<Entry> {
    (0..n)
        .map(|i| {
            let t = start_ms + i as i64 * 1000;
            if i % 5 == 4 {
                append(head, t, EntryType::SettingsChanged, None, json!({"setting": "s", "value": i})).unwrap()
            } else {
                let site = if i % 2 == 0 { "fj" } else { "uc" };
                append(head, t, EntryType::RequestSeen, Some(site), json!({"host": format!("h{i}.example"), "requestType": "image"}))
                    .unwrap()
            }
        })
        .collect()
}

fn input(entries: Vec<Entry>, prev_hash: &str) -> ExportInput {
    ExportInput {
        generated_at_ms: T0 + 86_400_000,
        generator: Generator { name: "Tracking Witness".into(), version: "0.1.0".into() },
        environment: json!({"platform": "linux"}),
        sites: vec![
            json!({"site": {"id": "fj", "name": "Find a job", "hosts": ["findajob.dwp.gov.uk"]}, "findings": []}),
            json!({"site": {"id": "uc", "name": "Universal Credit", "hosts": ["uc.example"]}, "findings": []}),
        ],
        entries: entries.into_iter().map(Into::into).collect(),
        prev_hash: prev_hash.into(),
        filter: Filter::default(),
        screenshots: Default::default(),
        signer_public_key: None,
    }
}

fn sample(n: usize) -> ExportInput {
    let mut head = Head::default();
    input(entries_from(&mut head, T0, n), ZERO_HASH)
}

fn signed_with(mut input: ExportInput, key: &SigningKey) -> String {
    input.signer_public_key = Some(public(key));
    let job = prepare_json(&input).unwrap();
    let sig = key.sign(job.to_sign().unwrap().as_bytes());
    job.finish(Some(&base64url_encode(&sig.to_bytes()))).unwrap()
}

fn verify_text(text: &str) -> Result<tracking_witness::export::DocumentReport, DocumentFailure> {
    verify_reader(text.as_bytes(), &VerifyOptions::default())
}

fn doc(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// Rewrites a file from its parsed form, keeping the member order.
fn write(v: &Value) -> String {
    // serde_json's maps are sorted: rebuild the text in the format's order.
    let order = [
        "format",
        "version",
        "generatedAt",
        "generator",
        "environment",
        "filter",
        "withheld",
        "sites",
        "screenshots",
        "journal",
        "signature",
    ];
    let jorder = ["prevHash", "count", "omitted", "firstSeq", "lastSeq", "headHash", "entries"];
    let mut parts = Vec::new();
    for k in order {
        let Some(m) = v.get(k) else { continue };
        let text = if k == "journal" {
            let member = |j: &str, x: &Value| match (j, x) {
                ("entries", Value::Array(items)) => {
                    format!("\"entries\":[\n{}\n]", items.iter().map(entry_text).collect::<Vec<_>>().join(",\n"))
                }
                _ => format!("{}:{}", json!(j), x),
            };
            let inner: Vec<String> = jorder.iter().filter_map(|j| m.get(*j).map(|x| member(j, x))).collect();
            format!("{{{}}}", inner.join(",\n"))
        } else {
            m.to_string()
        };
        parts.push(format!("{}:{}", json!(k), text));
    }
    format!("{{\n{}\n}}\n", parts.join(",\n"))
}

/// An entry as an export writes it: its members in the format's order
/// (any others after them), so that edited files meet the verifier's fast
/// road for such entries first.
fn entry_text(e: &Value) -> String {
    let Value::Object(m) = e else { return e.to_string() };
    const ORDER: [&str; 8] = ["seq", "omitted", "time", "type", "site", "data", "prevHash", "hash"];
    let known = ORDER.iter().filter_map(|k| m.get(*k).map(|v| (*k, v)));
    let rest = m.iter().filter(|(k, _)| !ORDER.contains(&k.as_str())).map(|(k, v)| (k.as_str(), v));
    let members: Vec<String> = known.chain(rest).map(|(k, v)| format!("{}:{}", json!(k), v)).collect();
    format!("{{{}}}", members.join(","))
}

/// Recomputes every hash and link after `edit`, as a forger would.
fn rechain(entries: &mut [Value], prev: &str) -> String {
    let mut prev = prev.to_owned();
    for e in entries.iter_mut() {
        e["prevHash"] = json!(prev);
        if e.get("omitted").is_none() {
            let entry: Entry = serde_json::from_value(e.clone()).unwrap();
            e["hash"] = json!(entry.compute_hash());
        }
        prev = e["hash"].as_str().unwrap().to_owned();
    }
    prev
}

type Edit = Box<dyn Fn(&mut Value)>;

// ---- signing ----

#[test]
fn signed_export_verifies_and_names_the_key() {
    let text = signed_with(sample(12), &test_key());
    let d = doc(&text);
    assert_eq!(d["version"], 2);
    assert_eq!(d["withheld"], json!([]));
    assert_eq!(d["signature"]["algorithm"], "Ed25519");
    assert!(
        text.trim_end().ends_with('}') && text.rfind("\"signature\"").unwrap() > text.rfind("\"entries\"").unwrap(),
        "signature is last"
    );
    let r = verify_text(&text).unwrap();
    let s = r.signature.unwrap();
    assert_eq!(s.fingerprint, fingerprint(&public(&test_key())).unwrap());
    assert_eq!(s.public_key, public(&test_key()));
    // The unsigned export of the same input is the same file without it.
    let unsigned = to_json(&sample(12));
    assert!(verify_text(&unsigned).unwrap().signature.is_none());
    assert_eq!(doc(&unsigned)["journal"], d["journal"]);
}

#[test]
fn finish_refuses_a_signature_that_does_not_verify() {
    let mut i = sample(3);
    i.signer_public_key = Some(public(&test_key()));
    let job = prepare_json(&i).unwrap();
    let wrong = other_key().sign(job.to_sign().unwrap().as_bytes());
    assert!(job.finish(Some(&base64url_encode(&wrong.to_bytes()))).is_err());
    // No key named: no header to sign, and a signature is refused.
    let job = prepare_json(&sample(3)).unwrap();
    assert!(job.to_sign().is_none());
    let sig = test_key().sign(b"x");
    assert!(job.finish(Some(&base64url_encode(&sig.to_bytes()))).is_err());
    i.signer_public_key = Some("not a key".into());
    assert!(prepare_json(&i).is_err());
}

#[test]
fn signature_by_another_key_fails() {
    let text = signed_with(sample(6), &test_key());
    let mut d = doc(&text);
    // Signed over the same header by someone else, key left as it was.
    let mut i = sample(6);
    i.signer_public_key = Some(public(&test_key()));
    let msg = prepare_json(&i).unwrap().to_sign().unwrap().to_owned();
    d["signature"]["value"] = json!(base64url_encode(&other_key().sign(msg.as_bytes()).to_bytes()));
    let err = verify_text(&write(&d)).unwrap_err();
    assert!(matches!(err, DocumentFailure::Signature(_)), "{err}");
    assert!(err.to_string().contains("not made by the key in this file"), "{err}");
    // The other key swapped in without its own fingerprint.
    let mut d = doc(&text);
    d["signature"]["publicKey"] = json!(public(&other_key()));
    let err = verify_text(&write(&d)).unwrap_err();
    assert!(err.to_string().contains("fingerprint"), "{err}");
    // A wholly consistent re-signing by another key verifies, but shows the
    // other key's fingerprint: that is what the reader compares.
    let resigned = signed_with(sample(6), &other_key());
    let r = verify_text(&resigned).unwrap();
    assert_ne!(r.signature.unwrap().fingerprint, fingerprint(&public(&test_key())).unwrap());
}

#[test]
fn every_signed_header_member_is_covered() {
    let mut i = sample(10);
    i.filter.site = Some("fj".into());
    let text = signed_with(i, &test_key());
    assert!(verify_text(&text).is_ok());
    let edits: Vec<(&str, Edit)> = vec![
        ("generatedAt", Box::new(|d| d["generatedAt"] = json!("2030-01-01T00:00:00.000Z"))),
        ("generator.name", Box::new(|d| d["generator"]["name"] = json!("Someone else"))),
        ("generator.version", Box::new(|d| d["generator"]["version"] = json!("9.9.9"))),
        ("filter.from", Box::new(|d| d["filter"]["from"] = json!("2026-01-01T00:00:00.000Z"))),
        ("filter.to", Box::new(|d| d["filter"]["to"] = json!("2027-01-01T00:00:00.000Z"))),
        ("format version 1", Box::new(|d| d["version"] = json!(1))),
        ("signature.algorithm", Box::new(|d| d["signature"]["algorithm"] = json!("Ed448"))),
    ];
    for (what, edit) in &edits {
        let mut d = doc(&text);
        edit(&mut d);
        assert!(verify_text(&write(&d)).is_err(), "an edit of {what} verified");
    }
    // Header members the chain also checks: edited *consistently* with a
    // rechained journal, only the signature can catch them.
    let mut d = doc(&text);
    let entries = d["journal"]["entries"].as_array_mut().unwrap();
    entries.truncate(7);
    let head = rechain(entries, ZERO_HASH);
    d["journal"]["count"] = json!(7);
    d["journal"]["lastSeq"] = json!(7);
    d["journal"]["headHash"] = json!(head);
    d["journal"]["omitted"] = json!(3);
    d["withheld"] = json!([[2, 2], [4, 4], [6, 6]]);
    let err = verify_text(&write(&d)).unwrap_err();
    assert!(matches!(err, DocumentFailure::Signature(_)), "{err}");
    // Without a signature the same file verifies: which is why files are signed.
    d.as_object_mut().unwrap().remove("signature");
    verify_text(&write(&d)).unwrap();
    // withheld alone, and filter.site alone.
    for (what, edit) in [
        ("withheld", Box::new(|d: &mut Value| d["withheld"] = json!([[2, 2], [4, 4], [6, 6], [8, 9]])) as Edit),
        ("filter.site", Box::new(|d: &mut Value| d["filter"]["site"] = json!("uc"))),
    ] {
        let mut d = doc(&text);
        edit(&mut d);
        assert!(verify_text(&write(&d)).is_err(), "an edit of {what} verified");
    }
}

// ---- stubs ----

#[test]
fn withheld_lists_the_stubs_of_a_site_filtered_export() {
    let mut i = sample(10);
    i.filter.site = Some("fj".into());
    let text = to_json(&i);
    let d = doc(&text);
    // Entries 2, 4, 6, 8, 10 are uc's... but 5 and 10 are global.
    assert_eq!(d["withheld"], json!([[2, 2], [4, 4], [6, 6], [8, 8]]));
    let r = verify_text(&text).unwrap();
    assert_eq!(r.withheld, vec![[2, 2], [4, 4], [6, 6], [8, 8]]);
    assert_eq!(r.chain.omitted, 4);
    assert_eq!(r.filter_site.as_deref(), Some("fj"));

    // A stub the list does not name.
    let mut d = doc(&text);
    let e = &mut d["journal"]["entries"][0];
    *e = json!({"seq": 1, "omitted": true, "prevHash": e["prevHash"], "hash": e["hash"]});
    d["journal"]["omitted"] = json!(5);
    let err = verify_text(&write(&d)).unwrap_err();
    assert!(err.to_string().contains("entry 1 is hidden"), "{err}");
    // The list names an entry the file shows.
    let mut d = doc(&text);
    d["withheld"] = json!([[2, 3], [6, 6], [8, 8]]);
    let err = verify_text(&write(&d)).unwrap_err();
    assert!(err.to_string().contains("names entry 3, but the file shows it"), "{err}");
    // Ranges must be merged and in order.
    for bad in [json!([[2, 2], [3, 4]]), json!([[4, 4], [2, 2]]), json!([[0, 1]]), json!([[3, 2]]), json!([2]), json!([[1, 1.5]])] {
        let mut d = doc(&text);
        d["withheld"] = bad.clone();
        assert!(verify_text(&write(&d)).is_err(), "withheld {bad} accepted");
    }
}

#[test]
fn a_stub_in_an_unfiltered_export_fails() {
    let text = to_json(&sample(6));
    for version in [1, 2] {
        let mut d = doc(&text);
        let e = &mut d["journal"]["entries"][2];
        *e = json!({"seq": 3, "omitted": true, "prevHash": e["prevHash"], "hash": e["hash"]});
        d["journal"]["omitted"] = json!(1);
        if version == 1 {
            d["version"] = json!(1);
            d.as_object_mut().unwrap().remove("withheld");
        } else {
            d["withheld"] = json!([[3, 3]]);
        }
        let err = verify_text(&write(&d)).unwrap_err();
        assert!(matches!(err, DocumentFailure::Withheld(_)), "version {version}: {err}");
        assert!(err.to_string().contains("export of the whole journal"), "{err}");
    }
}

// ---- strict parsing ----

#[test]
fn repeated_member_names_fail_at_any_depth() {
    let text = to_json(&sample(3));
    let twice = |from: &str, to: &str| {
        assert!(text.contains(from), "{from}");
        text.replacen(from, to, 1)
    };
    for bad in [
        twice("\"data\":{", "\"data\":{\"x\":1},\"data\":{"),
        twice("\"host\":\"h0.example\"", "\"host\":\"h0.example\",\"host\":\"h9.example\""),
        twice("\"format\":", "\"format\":\"tracking-witness/evidence\",\n\"format\":"),
        twice("\"count\":3", "\"count\":3,\"count\":3"),
        twice("\"platform\":\"linux\"", "\"platform\":\"linux\",\"platform\":\"mac\""),
    ] {
        match verify_text(&bad) {
            Err(DocumentFailure::Json(e)) => assert!(matches!(e.problem, JsonProblem::DuplicateName(_)), "{e}"),
            other => panic!("repeated name not refused: {other:?}"),
        }
    }
}

#[test]
fn numbers_and_seqs_are_checked() {
    let text = to_json(&sample(5));
    let cases = [
        ("\"seq\":1,", "\"seq\":1.0,"),
        ("\"seq\":1,", "\"seq\":1e0,"),
        ("\"seq\":1,", "\"seq\":0,"),
        ("\"seq\":1,", "\"seq\":9007199254740992,"),
        ("\"seq\":1,", "\"seq\":9007199254740991,"),
        ("\"value\":4", "\"value\":4.5"),
        ("\"count\":5", "\"count\":5.0"),
    ];
    for (from, to) in cases {
        assert!(text.contains(from), "{from}");
        let err = verify_text(&text.replacen(from, to, 1)).unwrap_err();
        if to.contains('.') || to.contains("1e0") {
            // Refused by the reader itself, whatever member it is in.
            assert!(matches!(&err, DocumentFailure::Json(e) if matches!(e.problem, JsonProblem::NotInteger(_))), "{to}: {err}");
        }
    }
    // Parts neither hashed nor signed may hold any number.
    let env = text.replacen("\"platform\":\"linux\"", "\"platform\":\"linux\",\"scale\":1.5", 1);
    assert_ne!(env, text);
    verify_text(&env).unwrap();
}

#[test]
fn entries_out_of_order_fail() {
    let text = to_json(&sample(6));
    let mut d = doc(&text);
    d["journal"]["entries"].as_array_mut().unwrap().swap(2, 3);
    match verify_text(&write(&d)).unwrap_err() {
        DocumentFailure::Chain(f, Some(entry)) => {
            assert_eq!(f.seq, Some(4));
            assert!(matches!(f.problem, Problem::SeqGap { expected: 3, found: 4 }));
            assert!(entry.contains("\"seq\":4"));
            assert!(f.to_string().contains("out of order"), "{f}");
        }
        other => panic!("{other}"),
    }
}

#[test]
fn clocks_running_back_are_flagged_not_refused() {
    let mut head = Head::default();
    let mut entries = entries_from(&mut head, T0, 3);
    // 1 minute back: within the tolerance; then 10 minutes back.
    entries.extend(entries_from(&mut head, T0 + 2000 - 60_000, 1));
    entries.extend(entries_from(&mut head, T0 - 10 * 60_000, 2));
    let r = verify_text(&to_json(&input(entries, ZERO_HASH))).unwrap();
    assert_eq!(r.chain.clock_steps_total, 1);
    assert_eq!(r.chain.clock_steps[0].seq, 5);
    assert_eq!(r.chain.clock_steps[0].after_seq, 4);
}

#[test]
fn version_1_files_still_verify() {
    let text = to_json(&sample(4));
    let mut d = doc(&text);
    d["version"] = json!(1);
    d.as_object_mut().unwrap().remove("withheld");
    let r = verify_text(&write(&d)).unwrap();
    assert_eq!(r.version, 1);
    // But a version 1 file may not carry v2 members.
    let mut d = doc(&signed_with(sample(4), &test_key()));
    d["version"] = json!(1);
    d.as_object_mut().unwrap().remove("withheld");
    let e = verify_text(&write(&d)).unwrap_err().to_string();
    assert!(e.contains("/signature") && e.contains("not part of version 1"), "{e}");
}

#[test]
fn the_report_counts_each_type_and_says_plainly_when_entries_are_missing() {
    // make mutants found both of these unchecked.
    let r = verify_text(&to_json(&sample(10))).unwrap();
    let n = |t: EntryType| r.chain.types.get(&t).copied().unwrap_or(0);
    assert_eq!((n(EntryType::RequestSeen), n(EntryType::SettingsChanged)), (8, 2), "{:?}", r.chain.types);
    // The header claims more entries than the file holds.
    let mut d = doc(&to_json(&sample(6)));
    d["journal"]["count"] = json!(9);
    let e = verify_text(&write(&d)).unwrap_err().to_string();
    assert!(e.contains("ends early") && e.contains("says 9 entries but it holds 6"), "{e}");
}

#[test]
fn a_read_interrupted_by_the_system_is_tried_again() {
    // A reader that is interrupted once before each chunk (EINTR), as a
    // pipe or a network drive may be: the file still verifies.
    struct Interrupting<'a>(&'a [u8], bool);
    impl std::io::Read for Interrupting<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.1 = !self.1;
            if self.1 {
                return Err(std::io::Error::from(std::io::ErrorKind::Interrupted));
            }
            let n = self.0.len().min(buf.len()).min(100);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let text = to_json(&sample(5));
    let r = verify_reader(Interrupting(text.as_bytes(), false), &VerifyOptions::default()).expect("verifies despite interruptions");
    assert_eq!(r.chain.count, 5);
}

#[test]
fn members_must_come_in_the_format_order() {
    let text = to_json(&sample(2));
    let moved = text.replacen(
        "\"format\":\"tracking-witness/evidence\",\n\"version\":2",
        "\"version\":2,\n\"format\":\"tracking-witness/evidence\"",
        1,
    );
    assert_ne!(moved, text);
    assert!(verify_text(&moved).is_err());
    // The parsed-value entry point writes the order itself.
    verify_document(&doc(&text)).unwrap();
}

#[test]
fn a_file_cut_short_fails() {
    let text = to_json(&sample(5));
    for cut in [text.len() - 3, text.len() / 2, 10] {
        let err = verify_text(&text[..cut]).unwrap_err();
        assert!(err.to_string().contains("cut short") || matches!(err, DocumentFailure::Json(_)), "{err}");
    }
}

// ---- the binary ----

fn tmp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tw-verify-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tw-verify")).args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn binary_exit_codes_and_first_lines() {
    let good = tmp("good.json", &signed_with(sample(8), &test_key()));
    let (code, out) = run(&[good.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let first: Vec<&str> = out.lines().take(6).collect();
    let fp = fingerprint(&public(&test_key())).unwrap();
    assert!(first.iter().any(|l| l.starts_with("Signature:") && l.contains(&fp)), "{out}");
    assert!(first.iter().any(|l| l.starts_with("Withheld:    none")), "{out}");

    let unsigned = tmp("unsigned.json", &to_json(&sample(8)));
    let (code, out) = run(&[unsigned.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.lines().take(6).any(|l| l == "Signature:   none — this file does not show which installation made it"), "{out}");

    let mut i = sample(8);
    i.filter.site = Some("fj".into());
    let filtered = tmp("filtered.json", &to_json(&i));
    let (code, out) = run(&[filtered.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.lines().take(6).any(|l| l.starts_with("Withheld:    4 entries of other sites, seq ranges 2, 4, 6, 8 (")), "{out}");

    let mut d = doc(&to_json(&sample(8)));
    d["journal"]["entries"][3]["data"]["host"] = json!("elsewhere.example");
    let edited = tmp("edited.json", &write(&d));
    let (code, out) = run(&[edited.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("entry 4 (number 4 in the file) was changed after it was written"), "{out}");
    assert!(out.contains("NOT VERIFIED"), "{out}");

    let (code, out) = run(&["/nonexistent/evidence.json"]);
    assert_eq!(code, 2, "{out}");
    let (code, _) = run(&[]);
    assert_eq!(code, 2);
    let (code, _) = run(&["--pin", "x", good.to_str().unwrap()]);
    assert_eq!(code, 2);
    let (code, _) = run(&["--receipt", "no receipt here", good.to_str().unwrap()]);
    assert_eq!(code, 2);
}

#[test]
fn truncation_with_a_rewritten_header_fails_against_a_receipt_and_a_pin() {
    let full = to_json(&sample(10));
    let d = doc(&full);
    let last = &d["journal"]["entries"][9];
    let (seq, hash) = (last["seq"].as_u64().unwrap(), last["hash"].as_str().unwrap().to_owned());
    let receipt = format!("Tracking Witness receipt\nJournal position: {seq}\nHead: {hash}\ntw-receipt:1:{seq}:{hash}\n");
    let receipt_file = tmp("receipt.txt", &receipt);
    let good = tmp("full.json", &full);
    let pin = format!("{seq}:{hash}");
    assert_eq!(run(&["--receipt", &receipt, good.to_str().unwrap()]).0, 0);
    assert_eq!(run(&["--receipt", receipt_file.to_str().unwrap(), good.to_str().unwrap()]).0, 0);
    assert_eq!(run(&["--pin", &pin, good.to_str().unwrap()]).0, 0);

    // Cut the last three entries off and rewrite the header to match.
    let mut cut = d.clone();
    let entries = cut["journal"]["entries"].as_array_mut().unwrap();
    entries.truncate(7);
    let head = entries[6]["hash"].clone();
    cut["journal"]["count"] = json!(7);
    cut["journal"]["lastSeq"] = json!(7);
    cut["journal"]["headHash"] = head;
    let cut = tmp("cut.json", &write(&cut));
    let (code, out) = run(&[cut.to_str().unwrap()]);
    assert_eq!(code, 0, "alone, a consistently cut unsigned file verifies: {out}");
    for args in [["--receipt", receipt.as_str()], ["--receipt", receipt_file.to_str().unwrap()], ["--pin", pin.as_str()]] {
        let (code, out) = run(&[args[0], args[1], cut.to_str().unwrap()]);
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("does not contain the entry"), "{out}");
        assert!(out.contains("cut short or rewritten"), "{out}");
    }
    // A rewritten entry at the pinned seq.
    let mut other = d.clone();
    let entries = other["journal"]["entries"].as_array_mut().unwrap();
    entries[9]["data"]["host"] = json!("rewritten.example");
    let head = rechain(entries, ZERO_HASH);
    other["journal"]["headHash"] = json!(head);
    let other = tmp("rewritten.json", &write(&other));
    let (code, out) = run(&["--pin", &pin, other.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("holds a different entry 10"), "{out}");
}

#[test]
fn archived_files_must_join_and_checkpoints_must_be_true() {
    let mut head = Head::default();
    let first = entries_from(&mut head, T0, 5);
    let a = to_json(&input(first, ZERO_HASH));
    let a_head = head.clone();
    let mut rest = vec![checkpoint(&mut head, T0 + 10_000, 5)];
    rest.extend(entries_from(&mut head, T0 + 11_000, 4));
    let b = to_json(&input(rest.clone(), &a_head.hash));
    let (pa, pb) = (tmp("a.json", &a), tmp("b.json", &b));
    let (code, out) = run(&[pa.to_str().unwrap(), pb.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("b.json continues") && out.contains("a.json"), "{out}");
    // Out of order, or with a file missing between, they do not join.
    let (code, out) = run(&[pb.to_str().unwrap(), pa.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");

    // A later part of another journal, numbered to follow on: the hashes do
    // not join.
    let b_head = head.clone();
    let more = entries_from(&mut head, T0 + 20_000, 2);
    let c = tmp("c.json", &to_json(&input(more, &b_head.hash)));
    let (code, out) = run(&[pa.to_str().unwrap(), pb.to_str().unwrap(), c.to_str().unwrap()]);
    assert!(out.contains("All 3 files verified"), "{out}");
    let mut elsewhere = Head { seq: b_head.seq, hash: "cd".repeat(32) };
    let other = entries_from(&mut elsewhere, T0 + 20_000, 2);
    assert_eq!(code, 0, "b then the file that continues it: {out}");
    let d2 = tmp("d.json", &to_json(&input(other, &"cd".repeat(32))));
    let (code, out) = run(&[pb.to_str().unwrap(), d2.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("does not continue"), "{out}");

    // A checkpoint edited to claim another end of the archive: its hash breaks.
    let mut d = doc(&b);
    d["journal"]["entries"][0]["data"]["previousSeq"] = json!(4);
    let edited = tmp("b-edited.json", &write(&d));
    let (code, out) = run(&[pa.to_str().unwrap(), edited.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    // ... and rechained by a forger, it no longer matches its own place.
    let entries = d["journal"]["entries"].as_array_mut().unwrap();
    let h = rechain(entries, &a_head.hash);
    d["journal"]["headHash"] = json!(h);
    let forged = tmp("b-forged.json", &write(&d));
    let (code, out) = run(&[pa.to_str().unwrap(), forged.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("archive checkpoint"), "{out}");
    // A wholly consistent checkpoint made up to follow on from another chain.
    let mut fake_head = Head { seq: 5, hash: "ab".repeat(32) };
    let mut made_up = vec![checkpoint(&mut fake_head, T0 + 10_000, 5)];
    made_up.extend(entries_from(&mut fake_head, T0 + 11_000, 2));
    let fake = tmp("b-fake.json", &to_json(&input(made_up, &"ab".repeat(32))));
    assert_eq!(run(&[fake.to_str().unwrap()]).0, 0, "alone it is a consistent chain");
    let (code, out) = run(&[pa.to_str().unwrap(), fake.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("the checkpoint was forged, or a file between them is missing"), "{out}");

    // The archived file with its first two entries cut off: alone it is a
    // consistent chain from entry 2's hash, and it still ends where the
    // checkpoint says, but it holds 3 of the 5 entries the archive deleted.
    let mut cut = doc(&a);
    let entries = cut["journal"]["entries"].as_array_mut().unwrap();
    let new_prev = entries[1]["hash"].clone();
    entries.drain(..2);
    cut["journal"]["prevHash"] = new_prev;
    cut["journal"]["count"] = json!(3);
    cut["journal"]["firstSeq"] = json!(3);
    let cut = tmp("a-cut.json", &write(&cut));
    assert_eq!(run(&[cut.to_str().unwrap()]).0, 0, "alone it is a consistent chain");
    let (code, out) = run(&[cut.to_str().unwrap(), pb.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("says 5 entries were archived, but") && out.contains("holds 3"), "{out}");
}

// ---- the parser ----

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-(1i64 << 53) + 1..(1i64 << 53)).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        "[\\u{0}-\\u{1f}\"\\\\\\u{d7ff}-\\u{e000}\\u{1F600}]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z\\u{e9}\\u{1F600}]{0,4}", inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    // `make fuzz` sets TW_FUZZ_CASES (a million); `cargo test` runs 300.
    // Rejected cases (a flip to the same byte, a value with no object)
    // grow with the count: the 1,024 allowed by default end a million-case
    // run early (seen on 2026-12-02), so allow as many as there are cases.
    #![proptest_config({
        let cases = std::env::var("TW_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
        ProptestConfig { cases, max_global_rejects: cases.max(1024), ..ProptestConfig::default() }
    })]

    /// The strict reader reads what serde_json writes, compact or pretty.
    #[test]
    fn strict_reader_agrees_with_serde(v in json_value()) {
        let compact = serde_json::to_string(&v).unwrap();
        prop_assert_eq!(&parse_strict(compact.as_bytes(), Numbers::Integers).unwrap(), &v);
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        prop_assert_eq!(&parse_strict(pretty.as_bytes(), Numbers::Integers).unwrap(), &v);
    }

    /// A member name repeated in any object is refused, wherever it is.
    #[test]
    fn strict_reader_refuses_any_repeated_name(v in json_value(), pick in any::<prop::sample::Index>()) {
        let objects = count_objects(&v);
        prop_assume!(objects > 0);
        let target = pick.index(objects);
        let mut out = String::new();
        let mut seen = 0;
        let name = write_doubling(&v, target, &mut seen, &mut out).unwrap();
        let e = parse_strict(out.as_bytes(), Numbers::Integers).unwrap_err();
        prop_assert_eq!(e.problem, JsonProblem::DuplicateName(name));
    }

    /// Cutting a valid file anywhere makes it fail; never a panic, never a pass.
    #[test]
    fn any_cut_of_a_file_fails(n in 1usize..6, frac in 0.0f64..1.0) {
        let text = to_json(&sample(n));
        let cut = ((text.trim_end().len() - 1) as f64 * frac) as usize;
        prop_assert!(verify_text(&text[..cut]).is_err());
    }

    /// Changing any one byte of an entry's line is caught.
    #[test]
    fn any_byte_flip_in_the_entries_fails(pick in any::<prop::sample::Index>(), to in 32u8..127) {
        let text = to_json(&sample(4));
        let start = text.find("\"entries\":[").unwrap() + 12;
        let at = start + pick.index(text.len() - start - 5);
        let mut bytes = text.clone().into_bytes();
        prop_assume!(bytes[at] != to && bytes[at] != b'\n');
        bytes[at] = to;
        let Ok(edited) = String::from_utf8(bytes) else { return Ok(()) };
        // Whitespace between tokens may change freely; anything else may not.
        let same = serde_json::from_str::<Value>(&edited).ok() == serde_json::from_str::<Value>(&text).ok();
        prop_assume!(!same);
        prop_assert!(verify_text(&edited).is_err(), "byte {} to {:?} verified", at, to as char);
    }
}

/// Objects in `v` with at least one member.
fn count_objects(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.iter().map(count_objects).sum(),
        Value::Object(m) => usize::from(!m.is_empty()) + m.values().map(count_objects).sum::<usize>(),
        _ => 0,
    }
}

/// Writes `v` as JSON, with the first member of the `target`-th non-empty
/// object written twice (the second time with the value `null`); returns
/// that member's name.
fn write_doubling(v: &Value, target: usize, seen: &mut usize, out: &mut String) -> Option<String> {
    let mut found = None;
    match v {
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                found = found.or(write_doubling(x, target, seen, out));
            }
            out.push(']');
        }
        Value::Object(m) if !m.is_empty() => {
            let me = *seen == target;
            *seen += 1;
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&json!(k).to_string());
                out.push(':');
                found = found.or(write_doubling(x, target, seen, out));
                if me && i == 0 {
                    out.push(',');
                    out.push_str(&json!(k).to_string());
                    out.push_str(":null");
                    found = Some(k.clone());
                }
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
    found
}

#[test]
fn the_page_summary_says_what_tw_verify_says() {
    // The log page's "Check a file" reads check_summary: verified with the
    // same head and count as the report, and a file changed by one byte is
    // not, with the reason tw-verify gives.
    let doc = signed_with(sample(12), &test_key());
    let ok = tracking_witness::export::check_summary(doc.as_bytes());
    let report = verify_text(&doc).expect("verifies");
    assert_eq!(ok["verified"], true, "{ok}");
    assert_eq!(ok["count"], report.chain.count);
    assert_eq!(ok["headHash"], report.head_hash());
    assert_eq!(ok["headShort"].as_str().map(str::len), Some(19));
    assert!(ok["signature"]["fingerprint"].is_string(), "{ok}");
    let bad = doc.replacen("h3.example", "h4.example", 1);
    assert_ne!(bad, doc);
    let no = tracking_witness::export::check_summary(bad.as_bytes());
    assert_eq!(no["verified"], false, "{no}");
    assert!(no["reason"].as_str().is_some_and(|r| !r.is_empty()), "{no}");
    // The page names the changed entry, and no entry when the chain is not
    // what failed (found by `make mutants`: badEntry was always 1).
    let v: Value = serde_json::from_str(&doc).unwrap();
    let changed = v["journal"]["entries"].as_array().unwrap().iter().find(|e| e.to_string().contains("h3.example")).unwrap();
    assert_ne!(changed["seq"], json!(1));
    assert_eq!(no["badEntry"], changed["seq"], "{no}");
    let cut = tracking_witness::export::check_summary(&doc.as_bytes()[..doc.len() / 2]);
    assert_eq!((cut["verified"].clone(), cut["badEntry"].clone()), (json!(false), Value::Null), "{cut}");
}

// A member added to an entry, one taken away, and one renamed (as many
// members as before, one of them not the format's) are each named, even
// with every hash and link made again as a forger would.
#[test]
fn stray_and_missing_entry_members_fail_by_name() {
    let text = to_json(&sample(5));
    let edits: [(&str, Edit, &str); 4] = [
        ("a stray member", Box::new(|e| e["note"] = json!("x")), "has a member \"note\" that is not part of the format"),
        ("no time", Box::new(|e| drop(e.as_object_mut().unwrap().remove("time"))), "has no \"time\" member"),
        (
            "site renamed",
            Box::new(|e| {
                let m = e.as_object_mut().unwrap();
                let site = m.remove("site").unwrap();
                m.insert("place".into(), site);
            }),
            "has a member \"place\" that is not part of the format",
        ),
        (
            "a stub with data",
            Box::new(|e| *e = json!({"seq": e["seq"], "omitted": true, "data": {}, "prevHash": e["prevHash"], "hash": e["hash"]})),
            "has a member \"data\"",
        ),
    ];
    for (what, edit, says) in edits {
        let mut d = doc(&text);
        edit(&mut d["journal"]["entries"][2]);
        match verify_text(&write(&d)).unwrap_err() {
            DocumentFailure::Chain(f, _) => {
                assert_eq!(f.seq, Some(3), "{what}");
                assert!(f.to_string().contains(says), "{what}: {f}");
            }
            other => panic!("{what}: {other}"),
        }
    }
}

// ---- the fast road for entries as an export writes them ----
//
// `verify_reader` checks entries laid out as an export lays them out
// without building a tree (`ChainCheck::push_canonical`); anything else, and
// any entry that fails a check there, is read as a tree and judged by
// `ChainCheck::push`. The fast road takes two layouts: the export's, and
// members sorted by name (what `verify_document` writes). A space after an
// entry's opening brace sends it by the tree road, so comparing a file with
// its spaced copy compares the roads.

/// `text` with every entry sent by the tree road.
fn tree_road(text: &str) -> String {
    let spaced = text.replace("\n{\"", "\n{ \"");
    assert_ne!(spaced, text);
    spaced
}

/// An export of settings entries whose `data` holds `extra` members beside
/// the required ones, and whose site is `site`. Built by hand: a verifier
/// reads fields a later version may write, which `append` refuses.
fn export_with(extra: &[Value], site: Option<&str>) -> String {
    let mut prev = ZERO_HASH.to_owned();
    let entries = extra
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mut data = json!({"setting": "s", "value": i});
            if let Value::Object(m) = x {
                for (k, v) in m {
                    if k != "setting" && k != "value" {
                        data[k] = v.clone();
                    }
                }
            }
            let mut e = Entry {
                seq: i as u64 + 1,
                time: tracking_witness::time::rfc3339(T0 + i as i64 * 1000),
                kind: EntryType::SettingsChanged,
                site: site.map(str::to_owned),
                data,
                prev_hash: prev.clone(),
                hash: String::new(),
            };
            e.hash = e.compute_hash();
            prev = e.hash.clone();
            e
        })
        .collect();
    to_json(&input(entries, ZERO_HASH))
}

/// A reader that hands out a few bytes at a time (1 to 7, in turn), as a
/// pipe or a slow disk may.
struct Trickle<'a> {
    data: &'a [u8],
    pos: usize,
    turn: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.turn += 1;
        let n = (self.turn % 7 + 1).min(out.len()).min(self.data.len() - self.pos);
        out[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn entries_larger_than_the_read_ahead_and_reads_of_a_few_bytes_verify_alike() {
    // 100 KB is more than the reader keeps ahead (64 KB); 300 KB is more
    // than its whole buffer (256 KB): both must go by the tree road.
    let big = |n: usize| json!({"note": "x".repeat(n)});
    let text = export_with(&[json!({}), big(100_000), json!({}), big(300_000), json!({"n": 1})], Some("fj"));
    let whole = verify_text(&text).unwrap();
    let trickled = verify_reader(Trickle { data: text.as_bytes(), pos: 0, turn: 0 }, &VerifyOptions::default()).unwrap();
    assert_eq!(whole, trickled);
    assert_eq!(whole, verify_text(&tree_road(&text)).unwrap());
    assert_eq!(whole, verify_document(&doc(&text)).unwrap());
    assert_eq!(whole.chain.count, 5);
    // And a change in the big entry is still caught.
    let edited = text.replacen("xxxxx", "xxxxy", 1);
    assert!(matches!(verify_text(&edited).unwrap_err(), DocumentFailure::Chain(f, _) if matches!(f.problem, Problem::BadHash { .. })));
}

proptest! {
    #![proptest_config({
        let cases = std::env::var("TW_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
        ProptestConfig { cases, max_global_rejects: cases.max(1024), ..ProptestConfig::default() }
    })]

    /// Whatever an entry holds (names above U+FFFF, escapes, nesting), the
    /// fast road and the tree road give the same report.
    #[test]
    fn the_fast_road_and_the_tree_road_agree(extra in prop::collection::vec(json_value(), 1..5), site in prop::option::of("[a-z\"\\\\\\u{e9}\\u{1F600}]{0,5}")) {
        let text = export_with(&extra, site.as_deref());
        let fast = verify_text(&text);
        let tree = verify_text(&tree_road(&text));
        let sorted = verify_document(&doc(&text));
        prop_assert!(fast.is_ok(), "{:?}", fast);
        let fast = fast.unwrap();
        prop_assert_eq!(&fast, &tree.unwrap());
        prop_assert_eq!(&fast, &sorted.unwrap());
    }

    /// The fast road takes no entry that differs in any byte from what was
    /// hashed: any byte, to any value (not only printable ones), gives
    /// `None` there, and the tree road judges it.
    #[test]
    fn the_fast_road_takes_no_changed_entry(pick in any::<prop::sample::Index>(), to in any::<u8>(), sorted in any::<bool>()) {
        let text = export_with(&[json!({"n": 1}), json!({"deep": {"a": [1, "é", null, true]}, "t": "a\"b\\u0001"}), json!({})], Some("fj"));
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("{\"seq\":")).collect();
        let (first, second) = (lines[0].trim_end_matches(','), lines[1].trim_end_matches(','));
        // The export's layout, or the members sorted by name.
        let resorted = serde_json::from_str::<Value>(second).unwrap().to_string();
        let second = if sorted { resorted.as_str() } else { second };
        let mut bytes = second.as_bytes().to_vec();
        let at = pick.index(bytes.len());
        prop_assume!(bytes[at] != to);
        bytes[at] = to;
        let mut chain = tracking_witness::journal::ChainCheck::new(ZERO_HASH);
        chain.push(&serde_json::from_str(first).unwrap()).unwrap();
        let before = chain.count();
        prop_assert_eq!(chain.push_canonical(&bytes), None, "byte {} to {:#04x} was taken", at, to);
        prop_assert_eq!(chain.count(), before);
        // The unchanged entry is taken, and is the whole line.
        let taken = chain.push_canonical(second.as_bytes());
        prop_assert_eq!(taken.map(|t| (t.0, t.1)), Some((second.len(), 2)));
    }
}

/// Forgeries that rewrite every hash after their edit, so that only the
/// check named catches them, written as an export writes entries: the fast
/// road must refuse each, and the tree road then names the problem.
#[test]
fn forgeries_with_their_hashes_rewritten_fail_by_name() {
    let mut head = Head::default();
    let mut entries = entries_from(&mut head, T0, 4);
    entries.push(checkpoint(&mut head, T0 + 5000, 0));
    entries.extend(entries_from(&mut head, T0 + 6000, 3));
    let text = to_json(&input(entries, ZERO_HASH));
    // Written back untouched, the file verifies as it did.
    assert_eq!(verify_text(&write(&doc(&text))).unwrap(), verify_text(&text).unwrap());

    let forge = |edit: &dyn Fn(&mut Vec<Value>)| -> Problem {
        let mut d = doc(&text);
        let list = d["journal"]["entries"].as_array_mut().unwrap();
        edit(list);
        let head = rechain(list, ZERO_HASH);
        let (n, last) = (list.len(), list.last().unwrap()["seq"].clone());
        d["journal"]["headHash"] = json!(head);
        d["journal"]["count"] = json!(n);
        d["journal"]["lastSeq"] = last;
        // Both layouts the fast road takes, and the tree road, find the same.
        let problem = |r: Result<_, DocumentFailure>| match r.unwrap_err() {
            DocumentFailure::Chain(f, _) => f.problem,
            other => panic!("{other}"),
        };
        let found = problem(verify_text(&write(&d)));
        assert_eq!(found, problem(verify_document(&d)));
        assert_eq!(found, problem(verify_text(&tree_road(&write(&d)))));
        found
    };
    // An entry taken out, the links mended: the seqs give it away.
    let p = forge(&|l| {
        l.remove(2);
    });
    assert!(matches!(p, Problem::SeqGap { expected: 3, found: 4 }), "{p:?}");
    // A required data member taken out.
    let p = forge(&|l| {
        l[2]["data"].as_object_mut().unwrap().remove("host");
    });
    assert!(matches!(&p, Problem::BadData(m) if m.contains("data.host")), "{p:?}");
    let p = forge(&|l| l[2]["data"]["host"] = json!(5));
    assert!(matches!(&p, Problem::BadData(m) if m.contains("data.host is not a string")), "{p:?}");
    // A time not in the one written form.
    let p = forge(&|l| l[2]["time"] = json!("2026-11-22t11:53:58.123Z"));
    assert!(matches!(&p, Problem::BadTime(_)), "{p:?}");
    // A checkpoint in the middle of the file that names another place.
    let p = forge(&|l| l[4]["data"]["previousSeq"] = json!(2));
    assert!(matches!(&p, Problem::CheckpointMismatch(_)), "{p:?}");
    // Seq 0, in a run that does not start the journal (so no seq is
    // expected first): never a seq, whatever its hash.
    let mut zero: Entry = serde_json::from_value(doc(&text)["journal"]["entries"][2].clone()).unwrap();
    zero.seq = 0;
    zero.hash = zero.compute_hash();
    let mut chain = tracking_witness::journal::ChainCheck::new(&zero.prev_hash);
    assert_eq!(chain.push_canonical(serde_json::to_string(&zero).unwrap().as_bytes()), None);
    assert!(matches!(chain.push(&serde_json::to_value(&zero).unwrap()).unwrap_err().problem, Problem::WrongType { field: "seq", .. }));
    // An entry whose own hash is right but whose link is not: the entry
    // after the edit is hashed again, the edited one's link left wrong.
    let mut d = doc(&text);
    let list = d["journal"]["entries"].as_array_mut().unwrap();
    list[2]["prevHash"] = list[0]["hash"].clone();
    let e: Entry = serde_json::from_value(list[2].clone()).unwrap();
    list[2]["hash"] = json!(e.compute_hash());
    let tail_prev = list[2]["hash"].as_str().unwrap().to_owned();
    let head = rechain(&mut list[3..], &tail_prev);
    d["journal"]["headHash"] = json!(head);
    match verify_text(&write(&d)).unwrap_err() {
        DocumentFailure::Chain(f, _) => assert!(matches!(f.problem, Problem::PrevHashMismatch { .. }), "{:?}", f.problem),
        other => panic!("{other}"),
    }
}

/// `--key`: a file signed again by someone else verifies by itself (its
/// signature is sound, only its fingerprint differs); named against the
/// installation's key, by its public-key file or its fingerprint, it fails,
/// and so does an unsigned file.
#[test]
fn the_key_option_refuses_files_not_signed_by_the_key_named() {
    let ours = signed_with(sample(4), &test_key());
    let resigned = signed_with(sample(4), &other_key());
    let unsigned = to_json(&sample(4));
    let key_file = tracking_witness::receipt::public_key_file(&public(&test_key()), None).unwrap();
    let fp = fingerprint(&public(&test_key())).unwrap();
    let other_fp = fingerprint(&public(&other_key())).unwrap();
    let (ours, resigned, unsigned, key_file) =
        (tmp("key-ours.json", &ours), tmp("key-resigned.json", &resigned), tmp("key-unsigned.json", &unsigned), tmp("key.json", &key_file));
    let path = |p: &PathBuf| p.to_str().unwrap().to_owned();

    // Alone, the re-signed file verifies: nothing but the fingerprint tells.
    let (code, out) = run(&[&path(&resigned)]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&other_fp), "{out}");

    for key in [path(&key_file), fp.clone(), fp.to_uppercase(), public(&test_key())] {
        let (code, out) = run(&["--key", &key, &path(&ours)]);
        assert_eq!(code, 0, "{key}: {out}");
        assert!(out.contains(&format!("is signed by the key you named ({fp})")), "{out}");

        let (code, out) = run(&["--key", &key, &path(&resigned)]);
        assert_eq!(code, 1, "{key}: {out}");
        assert!(out.contains(&format!("is signed by the key with fingerprint {other_fp}, not by the key you named ({fp})")), "{out}");
        assert!(out.contains("someone signed it again"), "{out}");

        let (code, out) = run(&["--key", &key, &path(&unsigned)]);
        assert_eq!(code, 1, "{key}: {out}");
        assert!(out.contains("is not signed, so nothing shows it was made by the key you named"), "{out}");
    }
    // A key that is none of the three, or a key file whose fingerprint is
    // not its key's: bad usage (exit 2), nothing checked.
    let forged_file = tmp("key-forged.json", &std::fs::read_to_string(&key_file).unwrap().replace(&fp, &other_fp));
    for bad in ["not-a-key".to_owned(), path(&forged_file)] {
        let (code, out) = run(&["--key", &bad, &path(&ours)]);
        assert_eq!(code, 2, "{bad}: {out}");
    }
}

/// A receipt's text names the installation's key: a file signed by another
/// key fails against it, whatever language the receipt's words are in.
#[test]
fn a_receipt_requires_the_key_it_names() {
    let ours = signed_with(sample(4), &test_key());
    let d = doc(&ours);
    let last = &d["journal"]["entries"][3];
    let (seq, hash) = (last["seq"].as_u64().unwrap(), last["hash"].as_str().unwrap().to_owned());
    let fp = fingerprint(&public(&test_key())).unwrap();
    let other_fp = fingerprint(&public(&other_key())).unwrap();
    let receipt = format!("Derbynneb Tracking Witness\nÔl bys yr allwedd: {fp}.\ntw-receipt:1:{seq}:{hash}\n");
    let (ours, resigned) = (tmp("receipt-key-ours.json", &ours), tmp("receipt-key-resigned.json", &signed_with(sample(4), &other_key())));

    let (code, out) = run(&["--receipt", &receipt, ours.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("is signed by the key the receipt names ({fp})")), "{out}");
    // The same entries, signed again by someone else: the pinned entry is
    // there with its hash, but the key is not the receipt's.
    let (code, out) = run(&["--receipt", &receipt, resigned.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("is signed by the key with fingerprint {other_fp}, not by the key the receipt names ({fp})")), "{out}");
    // A receipt without a fingerprint pins the entry only.
    let bare = format!("tw-receipt:1:{seq}:{hash}");
    assert_eq!(run(&["--receipt", &bare, resigned.to_str().unwrap()]).0, 0);
}

// ---- found by `make mutants` on the fast road ----

/// An entry line as an export lays it out, with `data` written as given
/// (in any member order) and its hash taken over those very bytes, as a
/// forger who hashes what they wrote would do. Only canonical text hashes
/// to the entry's hash, so such an entry never verifies unless `data` was
/// already canonical.
fn line_hashed_as_written(kind: &str, data: &str) -> String {
    use sha2::{Digest, Sha256};
    let time = tracking_witness::time::rfc3339(T0);
    let body = format!("{{\"data\":{data},\"prevHash\":\"{ZERO_HASH}\",\"seq\":1,\"site\":null,\"time\":\"{time}\",\"type\":\"{kind}\"}}");
    let hash: String = Sha256::digest(body.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    format!("{{\"seq\":1,\"time\":\"{time}\",\"type\":\"{kind}\",\"site\":null,\"data\":{data},\"prevHash\":\"{ZERO_HASH}\",\"hash\":\"{hash}\"}}")
}

#[test]
fn names_out_of_order_only_by_a_character_below_the_quote_are_refused() {
    // "a" sorts before "a!" and "a " ('!' and ' ' sort below '"'): a
    // reader that compared the names with their closing quote would take
    // these orders as sorted. In `data`, and in an object inside it.
    for data in [
        r#"{"a!":1,"a":2,"setting":"s","value":0}"#,
        r#"{"a ":1,"a":2,"setting":"s","value":0}"#,
        r#"{"deep":{"a!":1,"a":2},"setting":"s","value":0}"#,
    ] {
        let line = line_hashed_as_written("settings.changed", data);
        let mut chain = tracking_witness::journal::ChainCheck::new(ZERO_HASH);
        assert_eq!(chain.push_canonical(line.as_bytes()), None, "{data}");
        let err = chain.push(&serde_json::from_str(&line).unwrap()).unwrap_err();
        assert!(matches!(err.problem, Problem::BadHash { .. }), "{data}: {err}");
    }
    // The same members in order are canonical, and taken.
    let line = line_hashed_as_written("settings.changed", r#"{"a":2,"a!":1,"deep":{"a":2,"a!":1},"setting":"s","value":0}"#);
    let mut chain = tracking_witness::journal::ChainCheck::new(ZERO_HASH);
    assert_eq!(chain.push_canonical(line.as_bytes()).map(|t| t.1), Some(1));
}

#[test]
fn a_required_member_of_the_wrong_json_type_is_refused_by_the_fast_road() {
    // site.added needs `hosts` to be an array and `name` a string.
    let good = line_hashed_as_written("site.added", r#"{"hosts":["x.example"],"name":"n"}"#);
    let mut chain = tracking_witness::journal::ChainCheck::new(ZERO_HASH);
    assert_eq!(chain.push_canonical(good.as_bytes()).map(|t| t.1), Some(1));
    for data in [r#"{"hosts":"x.example","name":"n"}"#, r#"{"hosts":{},"name":"n"}"#, r#"{"hosts":["x"],"name":["n"]}"#] {
        let line = line_hashed_as_written("site.added", data);
        let mut chain = tracking_witness::journal::ChainCheck::new(ZERO_HASH);
        assert_eq!(chain.push_canonical(line.as_bytes()), None, "{data}");
        let err = chain.push(&serde_json::from_str(&line).unwrap()).unwrap_err();
        assert!(matches!(&err.problem, Problem::BadData(_)), "{data}: {err}");
    }
}

#[test]
fn an_object_may_not_open_with_a_comma() {
    for text in [&b"{,\"a\":1}"[..], b"[{,\"a\":1}]", b"{\"a\":1,,\"b\":2}"] {
        let e = parse_strict(text, Numbers::Integers).unwrap_err().to_string();
        assert!(e.contains("expected"), "{}: {e}", String::from_utf8_lossy(text));
    }
}

#[test]
fn a_run_that_opens_with_a_checkpoint_keeps_it_past_later_checkpoints() {
    // The export made after an archive opens with its checkpoint; a later
    // archive left another one in the middle. The report's opening
    // checkpoint is the first, whichever road the others took.
    let mut head = Head::default();
    let before = entries_from(&mut head, T0, 4);
    let mut entries = vec![checkpoint(&mut head, T0 + 5000, 4)];
    entries.extend(entries_from(&mut head, T0 + 6000, 3));
    entries.push(checkpoint(&mut head, T0 + 9000, 0));
    entries.extend(entries_from(&mut head, T0 + 10_000, 2));
    let text = to_json(&input(entries, &before[3].hash));
    let report = verify_text(&text).unwrap();
    let opening = report.opening_checkpoint.expect("the file opens with a checkpoint");
    assert_eq!((opening.seq, opening.previous_seq, opening.archived_count), (5, 4, 4));
    assert_eq!(opening.previous_hash, before[3].hash);
    assert_eq!(report.chain.count, 7);
}
