//! Issue 10: the case file (evidence bundle). A zip made by the core's
//! writer verifies, with the library and with the real `tw-verify`; each
//! way of tampering with it — a screenshot swapped, a file dropped or
//! added, the manifest re-signed by another key or edited, the evidence
//! edited, a receipt the evidence does not hold — is caught and named.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::process::Command;

use ed25519_dalek::{Signer, SigningKey};
use serde_json::json;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use tracking_witness::export::casefile::{verify_case_file, CaseFileProblem, CaseFileReport, CaseFileWriter, ManifestGenerator};
use tracking_witness::export::signature::base64url_encode;
use tracking_witness::export::{prepare_json, to_html, ExportInput, Filter, Generator, Labels, VerifyOptions};
use tracking_witness::journal::{append, sha256_hex, Entry, EntryType, Head, ZERO_HASH};
use tracking_witness::receipt::{fingerprint, receipt_line};

const T0: i64 = 1_795_348_436_123; // 2026-11-22T11:53:56.123Z
const SHOT: &[u8] = b"\x89PNG\r\n\x1a\n not really a picture, but bytes with a hash";

fn key() -> SigningKey {
    SigningKey::from_bytes(&std::array::from_fn(|i| i as u8))
}

fn other_key() -> SigningKey {
    SigningKey::from_bytes(&[0x42; 32])
}

fn public(k: &SigningKey) -> String {
    base64url_encode(k.verifying_key().as_bytes())
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = c.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            out.push(if i <= c.len() { A[((n >> (18 - 6 * i)) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

/// The evidence a case file is made from: a few requests, a screenshot
/// recorded as evidence, and a receipt; and that receipt's text.
fn evidence() -> (ExportInput, String) {
    let mut head = Head::default();
    let mut entries: Vec<Entry> = (0..4)
        .map(|i| {
            let data = json!({"host": format!("h{i}.example"), "requestType": "image"});
            append(&mut head, T0 + i * 1000, EntryType::RequestSeen, Some("fj"), data).unwrap()
        })
        .collect();
    let shot = sha256_hex(SHOT);
    let data = json!({"pageUrl": "https://findajob.dwp.gov.uk/search", "screenshotSha256": shot});
    entries.push(append(&mut head, T0 + 5000, EntryType::EvidenceRecorded, Some("fj"), data).unwrap());
    let fp = fingerprint(&public(&key())).unwrap();
    let receipt = append(&mut head, T0 + 6000, EntryType::ReceiptIssued, None, json!({"fingerprint": fp})).unwrap();
    let text = format!("Tracking Witness receipt\nKey: {fp}\n{}\n", receipt_line(receipt.seq, &receipt.hash));
    entries.push(receipt);
    entries.push(
        append(&mut head, T0 + 7000, EntryType::RequestSeen, Some("fj"), json!({"host": "late.example", "requestType": "beacon"})).unwrap(),
    );
    let input = ExportInput {
        generated_at_ms: T0 + 60_000,
        generator: Generator { name: "Tracking Witness".into(), version: "0.1.0".into() },
        environment: json!({"platform": "linux"}),
        sites: vec![json!({"site": {"id": "fj", "name": "Find a job", "hosts": ["findajob.dwp.gov.uk"]}, "findings": []})],
        entries: entries.into_iter().map(Into::into).collect(),
        prev_hash: ZERO_HASH.into(),
        filter: Filter::default(),
        screenshots: [(shot, format!("data:image/png;base64,{}", base64(SHOT)))].into_iter().collect(),
        signer_public_key: Some(public(&key())),
    };
    (input, text)
}

fn signed_json(input: &ExportInput, k: &SigningKey) -> String {
    let job = prepare_json(input).unwrap();
    let sig = k.sign(job.to_sign().unwrap().as_bytes());
    job.finish(Some(&base64url_encode(&sig.to_bytes()))).unwrap()
}

/// A case file as the extension makes one, the JSON pushed through in
/// small chunks; the manifest signed by `signer`.
fn build(signer: &SigningKey) -> Vec<u8> {
    let (input, receipt) = evidence();
    let json = signed_json(&input, &key());
    let html = to_html(&input, &Labels::new("en", HashMap::new()));
    let mut w = CaseFileWriter::new(input.generated_at_ms, ManifestGenerator { name: "Tracking Witness".into(), version: "0.1.0".into() });
    let mut zip = Vec::new();
    w.add("README.txt", b"How to check this case file: run tw-verify on it.\n").unwrap();
    zip.extend(w.take());
    w.start("evidence.json").unwrap();
    for chunk in json.as_bytes().chunks(97) {
        w.write(chunk).unwrap();
        zip.extend(w.take());
    }
    w.add("report.html", html.as_bytes()).unwrap();
    for (sha, url) in &input.screenshots {
        assert_eq!(w.add_screenshot(sha, url).unwrap(), format!("screenshots/{sha}.png"));
    }
    w.add("receipts/receipt-6.txt", receipt.as_bytes()).unwrap();
    let head = input.entries.last().unwrap().hash.clone();
    let message = w.manifest_text(&head, &public(signer)).unwrap();
    let sig = base64url_encode(&signer.sign(message.as_bytes()).to_bytes());
    let (rest, manifest_sha) = w.finish(&head, Some((&public(signer), &sig))).unwrap();
    zip.extend(rest);
    assert_eq!(manifest_sha, sha256_hex(read_entry(&zip, "manifest.json")));
    zip
}

fn read_entry(zip: &[u8], name: &str) -> Vec<u8> {
    let mut a = ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut out = Vec::new();
    a.by_name(name).unwrap().read_to_end(&mut out).unwrap();
    out
}

/// The zip written again, each entry through `change` (None drops it),
/// then `extra` added: a tamperer with a zip tool.
fn rezip(zip: &[u8], change: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut a = ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for i in 0..a.len() {
        let mut e = a.by_index(i).unwrap();
        let name = e.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if let Some(bytes) = change(&name, bytes) {
            w.start_file(name, options).unwrap();
            w.write_all(&bytes).unwrap();
        }
    }
    for (name, bytes) in extra {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The manifest edited by `edit`, then signed again by `k`.
fn resign(zip: &[u8], k: &SigningKey, edit: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    rezip(
        zip,
        |name, bytes| {
            if name != "manifest.json" {
                return Some(bytes);
            }
            let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            edit(&mut m);
            let parsed: tracking_witness::export::casefile::Manifest = serde_json::from_value(m.clone()).unwrap();
            let sig = k.sign(parsed.signed_text(&public(k)).as_bytes());
            m["signature"] = json!({"algorithm": "Ed25519", "publicKey": public(k), "fingerprint": fingerprint(&public(k)).unwrap(), "value": base64url_encode(&sig.to_bytes())});
            Some(serde_json::to_vec_pretty(&m).unwrap())
        },
        &[],
    )
}

fn check(zip: &[u8]) -> CaseFileReport {
    verify_case_file(Cursor::new(zip), &VerifyOptions::default()).unwrap()
}

fn tw_verify(zip: &[u8], name: &str) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("tw-casefile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, zip).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tw-verify")).arg(&path).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap(), text)
}

#[test]
fn a_case_file_verifies_whole() {
    let zip = build(&key());
    let r = check(&zip);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let m = r.manifest.as_ref().unwrap();
    let names: Vec<&str> = m.files.iter().map(|f| f.name.as_str()).collect();
    let shot = format!("screenshots/{}.png", sha256_hex(SHOT));
    assert_eq!(names, ["README.txt", "evidence.json", "report.html", shot.as_str(), "receipts/receipt-6.txt"]);
    assert_eq!(r.matched, 5);
    assert_eq!(read_entry(&zip, &shot), SHOT, "the screenshot is the picture's bytes, decoded");
    assert_eq!(r.signature.as_ref().unwrap().fingerprint, fingerprint(&public(&key())).unwrap());
    assert_eq!(r.receipts.len(), 1);
    let ev = r.evidence.as_ref().unwrap();
    assert_eq!(ev.head_hash(), m.head_hash);
    assert_eq!(ev.chain.count, 7);
    // Every file's size and hash, as the manifest says.
    for f in &m.files {
        let bytes = read_entry(&zip, &f.name);
        assert_eq!((bytes.len() as u64, sha256_hex(&bytes)), (f.size, f.sha256.clone()), "{}", f.name);
    }
    let (code, out) = tw_verify(&zip, "good.zip");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("5 of the 5 files the manifest lists match it"), "{out}");
    assert!(out.contains("receipts/receipt-6.txt: entry 6"), "{out}");
    assert!(out.contains("Chain verified."), "{out}");
}

fn only(r: &CaseFileReport, want: impl Fn(&CaseFileProblem) -> bool) {
    assert!(!r.problems.is_empty(), "no problem found");
    assert!(r.problems.iter().any(want), "{:?}", r.problems);
}

#[test]
fn a_swapped_screenshot_is_named() {
    let zip = build(&key());
    let shot = format!("screenshots/{}.png", sha256_hex(SHOT));
    let bad = rezip(&zip, |n, b| Some(if n.starts_with("screenshots/") { b"another picture".to_vec() } else { b }), &[]);
    only(&check(&bad), |p| matches!(p, CaseFileProblem::Altered { name, .. } if *name == shot));
    let (code, out) = tw_verify(&bad, "swapped.zip");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("{shot} was changed after the case file was made")), "{out}");
}

#[test]
fn bytes_changed_in_place_break_the_zips_own_checksum() {
    let zip = build(&key());
    let mut bad = zip.clone();
    let at = bad.windows(8).position(|w| w == b"not real").unwrap();
    bad[at] ^= 1;
    let shot = format!("screenshots/{}.png", sha256_hex(SHOT));
    only(&check(&bad), |p| matches!(p, CaseFileProblem::Altered { name, how } if *name == shot && how.contains("checksum")));
    assert_eq!(tw_verify(&bad, "flipped.zip").0, 1);
}

#[test]
fn a_dropped_file_is_missing() {
    let zip = build(&key());
    let bad = rezip(&zip, |n, b| (n != "report.html").then_some(b), &[]);
    only(&check(&bad), |p| *p == CaseFileProblem::Missing("report.html".into()));
    let (code, out) = tw_verify(&bad, "dropped.zip");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("report.html is missing"), "{out}");
}

#[test]
fn an_added_file_is_extra() {
    let zip = build(&key());
    let bad = rezip(&zip, |_, b| Some(b), &[("screenshots/planted.png", b"a picture nobody took")]);
    only(&check(&bad), |p| *p == CaseFileProblem::Extra("screenshots/planted.png".into()));
    let (code, out) = tw_verify(&bad, "added.zip");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("screenshots/planted.png was added"), "{out}");
}

#[test]
fn a_manifest_signed_by_another_key_is_refused() {
    let zip = build(&key());
    // Someone who swaps a screenshot and signs the manifest again with
    // their own key: every hash matches the new manifest, but the key is
    // not the evidence's.
    let bad = rezip(&zip, |n, b| Some(if n.starts_with("screenshots/") { b"another picture".to_vec() } else { b }), &[]);
    let new_sha = sha256_hex(b"another picture");
    let bad = resign(&bad, &other_key(), |m| {
        for f in m["files"].as_array_mut().unwrap() {
            if f["name"].as_str().unwrap().starts_with("screenshots/") {
                f["sha256"] = json!(new_sha);
                f["size"] = json!(15);
            }
        }
    });
    let r = check(&bad);
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    only(&r, |p| matches!(p, CaseFileProblem::OtherKey { evidence: Some(_), .. }));
    let (code, out) = tw_verify(&bad, "resigned.zip");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("the manifest is signed by another key"), "{out}");
    // Built whole by the other key, the evidence's own signature is by the
    // installation's key: still refused.
    let r = check(&build(&other_key()));
    only(&r, |p| matches!(p, CaseFileProblem::OtherKey { .. }));
}

#[test]
fn a_manifest_edited_without_its_key_fails_its_signature() {
    let zip = build(&key());
    let bad = rezip(
        &zip,
        |n, b| {
            if n != "manifest.json" {
                return Some(b);
            }
            let text = String::from_utf8(b).unwrap().replacen("\"size\": ", "\"size\": 1", 1);
            Some(text.into_bytes())
        },
        &[],
    );
    only(&check(&bad), |p| matches!(p, CaseFileProblem::ManifestSignature(_)));
    assert_eq!(tw_verify(&bad, "edited-manifest.zip").0, 1);
}

#[test]
fn an_edited_evidence_file_fails_twice_over() {
    let zip = build(&key());
    let edit = |n: &str, b: Vec<u8>| {
        Some(if n == "evidence.json" { String::from_utf8(b).unwrap().replace("h2.example", "h9.example").into_bytes() } else { b })
    };
    let bad = rezip(&zip, edit, &[]);
    let r = check(&bad);
    only(&r, |p| matches!(p, CaseFileProblem::Altered { name, .. } if name == "evidence.json"));
    only(&r, |p| matches!(p, CaseFileProblem::Evidence(_)));
    // With the manifest brought in line and signed again by the right key,
    // the evidence's own chain still says it was changed.
    let text = String::from_utf8(read_entry(&bad, "evidence.json")).unwrap();
    let (sha, size) = (sha256_hex(text.as_bytes()), text.len());
    let bad = resign(&bad, &key(), |m| {
        for f in m["files"].as_array_mut().unwrap() {
            if f["name"] == "evidence.json" {
                f["sha256"] = json!(sha);
                f["size"] = json!(size);
            }
        }
    });
    let r = check(&bad);
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    only(&r, |p| matches!(p, CaseFileProblem::Evidence(_)));
    let (code, out) = tw_verify(&bad, "edited-evidence.zip");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("the evidence (evidence.json) does not verify"), "{out}");
}

#[test]
fn a_receipt_the_evidence_does_not_hold_is_named() {
    let zip = build(&key());
    let forged = format!("{}\n", receipt_line(6, &"ab".repeat(32)));
    let sha = sha256_hex(forged.as_bytes());
    let bad = rezip(&zip, |n, b| Some(if n.starts_with("receipts/") { forged.clone().into_bytes() } else { b }), &[]);
    let bad = resign(&bad, &key(), |m| {
        for f in m["files"].as_array_mut().unwrap() {
            if f["name"].as_str().unwrap().starts_with("receipts/") {
                f["sha256"] = json!(sha);
                f["size"] = json!(forged.len());
            }
        }
    });
    only(&check(&bad), |p| matches!(p, CaseFileProblem::Receipt { problem, .. } if problem.contains("different entry 6")));
    assert_eq!(tw_verify(&bad, "forged-receipt.zip").0, 1);
}

#[test]
fn the_writer_refuses_unsafe_names_and_bad_screenshots() {
    let mut w = CaseFileWriter::new(T0, ManifestGenerator { name: "t".into(), version: "1".into() });
    for bad in ["", "/abs", "../up", "a/../b", "manifest.json", "sp ace.txt", "a//b", "back\\slash"] {
        assert!(w.start(bad).is_err(), "{bad:?}");
    }
    w.add("a.txt", b"x").unwrap();
    assert!(w.start("a.txt").is_err(), "a name twice");
    let url = format!("data:image/png;base64,{}", base64(SHOT));
    assert!(w.add_screenshot(&"00".repeat(32), &url).is_err(), "bytes that do not hash to the name");
    assert!(w.add_screenshot(&sha256_hex(SHOT), "data:image/svg+xml;base64,PHN2Zz4=").is_err());
    assert!(w.manifest_text(&"ab".repeat(32), &public(&key())).is_err(), "no evidence.json");
    let unreadable = verify_case_file(Cursor::new(b"PK\x03\x04 not a zip at all".to_vec()), &VerifyOptions::default()).unwrap();
    only(&unreadable, |p| matches!(p, CaseFileProblem::NotAZip(_)));
}

fn tools_present() -> bool {
    let ok = |cmd: &str, arg: &str| Command::new(cmd).arg(arg).output().is_ok_and(|o| o.status.success());
    ok("python3", "--version") && ok("openssl", "version")
}

/// docs/check-evidence.py, Python and OpenSSL alone, as section 11 of
/// docs/evidence-format.md describes: the case file verifies; a changed,
/// added or dropped file and a manifest signed by another key do not.
#[test]
fn python_and_openssl_check_a_case_file() {
    if !tools_present() {
        eprintln!("python3 or openssl missing: the by-hand check is not run");
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/check-evidence.py");
    let run = |zip: &[u8], name: &str| {
        let dir = std::env::temp_dir().join(format!("tw-casefile-py-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, zip).unwrap();
        let out = Command::new("python3").arg(script).arg(&path).output().unwrap();
        (out.status.code().unwrap(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
    };
    let zip = build(&key());
    let (code, out) = run(&zip, "good.zip");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("files: all 5 match the manifest"), "{out}");
    assert!(out.contains(&format!("manifest signature: valid, key fingerprint {}", fingerprint(&public(&key())).unwrap())), "{out}");
    assert!(out.contains("chain: 7 entries verified"), "{out}");
    let swapped = rezip(&zip, |n, b| Some(if n == "report.html" { b"<p>other</p>".to_vec() } else { b }), &[]);
    let dropped = rezip(&zip, |n, b| (n != "README.txt").then_some(b), &[]);
    let added = rezip(&zip, |_, b| Some(b), &[("extra.txt", b"x")]);
    let (code, out) = run(&build(&other_key()), "other-key.zip");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("not signed by the same key"), "{out}");
    for (bad, name, says) in [
        (swapped, "swapped.zip", "report.html was changed"),
        (dropped, "dropped.zip", "README.txt is missing"),
        (added, "added.zip", "extra.txt was added"),
    ] {
        let (code, out) = run(&bad, name);
        assert_eq!(code, 1, "{name}: {out}");
        assert!(out.contains(says), "{name}: {out}");
    }
}

/// The log page's summary of a case file (the actions module's
/// `checkCaseFile`) and what `tw-verify` prints for the same bytes: the
/// verdict, every problem's sentence and the file it names, and for a good
/// one the manifest's key, the files matched, the receipt and the head.
fn page_and_tw_verify(zip: &[u8], name: &str) -> (serde_json::Value, i32, String) {
    let page = tracking_witness::export::casefile::check_case_file_summary(zip);
    let (code, out) = tw_verify(zip, name);
    let said: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("NOT VERIFIED: ")).collect();
    let reasons: Vec<&str> = page["problems"].as_array().unwrap().iter().map(|p| p["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, said, "the page gives the problems tw-verify prints, in its words: {out}");
    assert_eq!(page["verified"], json!(code == 0), "{out}");
    assert_eq!(page["reason"].as_str(), said.first().copied());
    (page, code, out)
}

fn problem_files(page: &serde_json::Value) -> Vec<(String, Option<String>)> {
    let problems = page["problems"].as_array().unwrap();
    problems.iter().map(|p| (p["kind"].as_str().unwrap().to_owned(), p["file"].as_str().map(str::to_owned))).collect()
}

#[test]
fn the_page_says_what_tw_verify_says_of_a_good_case_file() {
    let zip = build(&key());
    let (page, code, out) = page_and_tw_verify(&zip, "page-good.zip");
    assert_eq!(code, 0, "{out}");
    assert_eq!(page["problems"], json!([]));
    let cf = &page["caseFile"];
    let fp = cf["signature"]["fingerprint"].as_str().unwrap();
    assert_eq!(fp, fingerprint(&public(&key())).unwrap());
    assert!(out.contains(&format!("Manifest:    signature valid, made by the key with fingerprint {fp}")), "{out}");
    assert!(out.contains(&format!("{} of the {} files the manifest lists match it", cf["matched"], cf["files"])), "{out}");
    assert_eq!((cf["matched"].as_u64(), cf["files"].as_u64()), (Some(5), Some(5)));
    let receipt = &cf["receipts"][0];
    assert!(
        out.contains(&format!(
            "{}: entry {} with hash {} is in the evidence",
            receipt["file"].as_str().unwrap(),
            receipt["seq"],
            receipt["headShort"].as_str().unwrap()
        )),
        "{out}"
    );
    // The evidence inside, summed up as the page sums up a JSON file alone.
    let ev = &page["evidence"];
    let alone = tracking_witness::export::check_summary(&read_entry(&zip, "evidence.json"));
    assert_eq!(ev, &alone, "the evidence is summed up as if checked alone");
    assert!(
        out.contains(&format!("Head hash:   {} (short form {})", ev["headHash"].as_str().unwrap(), ev["headShort"].as_str().unwrap())),
        "{out}"
    );
    assert!(out.contains(&format!("Entries:     {} (seq {} to {})", ev["count"], ev["firstSeq"], ev["lastSeq"])), "{out}");
    assert!(
        out.contains(&format!("valid, made by the key with fingerprint {}", ev["signature"]["fingerprint"].as_str().unwrap())),
        "{out}"
    );
}

#[test]
fn the_page_says_what_tw_verify_says_of_an_altered_member() {
    let zip = build(&key());
    let bad = rezip(
        &zip,
        |n, b| {
            Some(if n == "report.html" { String::from_utf8(b).unwrap().replacen("<html", "<html data-changed", 1).into_bytes() } else { b })
        },
        &[],
    );
    let (page, code, out) = page_and_tw_verify(&bad, "page-altered.zip");
    assert_eq!(code, 1, "{out}");
    assert_eq!(problem_files(&page), [("altered".to_owned(), Some("report.html".to_owned()))]);
    assert!(page["reason"].as_str().unwrap().starts_with("report.html was changed after the case file was made"), "{page}");
    assert_eq!(page["caseFile"]["matched"], json!(4));
    assert_eq!(page["evidence"]["verified"], json!(true), "the evidence itself still verifies, and says so");

    // The evidence itself altered: the page names evidence.json and its first bad entry.
    let edit = |n: &str, b: Vec<u8>| {
        Some(if n == "evidence.json" { String::from_utf8(b).unwrap().replace("h2.example", "h9.example").into_bytes() } else { b })
    };
    let (page, code, out) = page_and_tw_verify(&rezip(&zip, edit, &[]), "page-evidence.zip");
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        problem_files(&page),
        [("evidence".to_owned(), Some("evidence.json".to_owned())), ("altered".to_owned(), Some("evidence.json".to_owned()))]
    );
    assert_eq!(page["evidence"]["verified"], json!(false));
    assert_eq!(page["badEntry"], json!(3), "h2.example is entry 3");
    assert_eq!(page["evidence"]["badEntry"], json!(3));
}

#[test]
fn the_page_says_what_tw_verify_says_of_a_missing_member() {
    let zip = build(&key());
    let shot = format!("screenshots/{}.png", sha256_hex(SHOT));
    let bad = rezip(&zip, |n, b| (n != shot).then_some(b), &[]);
    let (page, code, out) = page_and_tw_verify(&bad, "page-missing.zip");
    assert_eq!(code, 1, "{out}");
    assert_eq!(problem_files(&page), [("missing".to_owned(), Some(shot.clone()))]);
    assert_eq!(page["reason"], json!(format!("{shot} is missing: the manifest lists it, but it is not in the zip")));
}

#[test]
fn the_page_says_what_tw_verify_says_of_an_altered_manifest() {
    let zip = build(&key());
    let bad = rezip(
        &zip,
        |n, b| {
            Some(if n == "manifest.json" { String::from_utf8(b).unwrap().replacen("\"size\": ", "\"size\": 1", 1).into_bytes() } else { b })
        },
        &[],
    );
    let (page, code, out) = page_and_tw_verify(&bad, "page-manifest.zip");
    assert_eq!(code, 1, "{out}");
    let files = problem_files(&page);
    assert_eq!(files[0], ("manifestSignature".to_owned(), Some("manifest.json".to_owned())), "{page}");
    assert_eq!(page["caseFile"]["signature"], json!(null), "a signature that does not verify names no key");
    assert_eq!(page["caseFile"]["signed"], json!(true));
}

#[test]
fn the_page_says_what_tw_verify_says_of_a_file_that_is_not_a_zip() {
    let (page, code, out) = page_and_tw_verify(b"PK\x03\x04 not a zip at all", "page-not-a-zip.zip");
    assert_eq!(code, 1, "{out}");
    assert_eq!(problem_files(&page), [("notAZip".to_owned(), None)]);
    assert_eq!(page["caseFile"], json!(null));
    assert_eq!(page["evidence"], json!(null));
    // A JSON evidence file sent as a case file, and a zip cut short (which
    // tw-verify cannot read at all, exit 2): the page says it is no zip.
    let json_file = read_entry(&build(&key()), "evidence.json");
    let cut = build(&key())[..600].to_vec();
    for bytes in [json_file, cut] {
        let page = tracking_witness::export::casefile::check_case_file_summary(&bytes);
        assert_eq!(page["verified"], json!(false));
        assert_eq!(problem_files(&page), [("notAZip".to_owned(), None)], "{page}");
        assert!(page["reason"].as_str().unwrap().starts_with("this is not a readable zip file"), "{page}");
    }
}

/// The `sh` block of docs/evidence-format.md that holds `needle`, as
/// written there.
fn documented_shell(needle: &str) -> String {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/evidence-format.md")).unwrap();
    let block = doc.split("```sh\n").skip(1).map(|b| b.split("```").next().unwrap()).find(|b| b.contains(needle));
    block.unwrap_or_else(|| panic!("no sh block with {needle} in docs/evidence-format.md")).to_owned()
}

/// Runs `script` with `sh` in a new directory holding `files`.
fn run_in(dir_name: &str, script: &str, files: &[(&str, &[u8])]) -> String {
    let dir = std::env::temp_dir().join(format!("tw-{dir_name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let out = Command::new("sh").arg("-c").arg(script).current_dir(&dir).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// Section 11.3's steps by hand, run exactly as the document writes them,
/// on a good case file and on one with a file changed after it was made.
#[test]
fn the_documented_shell_steps_check_a_case_file() {
    let have = |c: &str, a: &str| Command::new(c).arg(a).output().is_ok_and(|o| o.status.success());
    if !(have("python3", "--version") && have("openssl", "version")) {
        eprintln!("skipped: python3 or openssl missing (scripts/ensure-deps.sh installs openssl)");
        return;
    }
    let script = documented_shell("CASEFILE.zip");
    let good = build(&key());
    let out = run_in("casefile-sh-good", &script, &[("CASEFILE.zip", &good)]);
    assert!(out.contains("Signature Verified Successfully"), "{out}");
    assert!(!out.contains("Error"), "{out}");

    let changed = rezip(&good, |name, bytes| Some(if name == "report.html" { b"<p>another report</p>".to_vec() } else { bytes }), &[]);
    let out = run_in("casefile-sh-changed", &script, &[("CASEFILE.zip", &changed)]);
    assert!(out.contains("report.html was changed"), "{out}");
    assert!(!out.contains("Signature Verified Successfully"), "{out}");

    let other = resign(&good, &other_key(), |_| {});
    let out = run_in("casefile-sh-other", &script, &[("CASEFILE.zip", &other)]);
    assert!(out.contains("another key signed the manifest"), "{out}");
}
