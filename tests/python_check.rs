//! Issue 10: the worked example of docs/evidence-format.md (section 10) is
//! true. The test vectors there are made here from the documented test key;
//! docs/evidence-vectors/signed.json is that file; and docs/check-evidence.py
//! — Python 3's standard library plus `openssl pkeyutl` — checks it, and
//! refuses it once it is altered. Skipped (with a message) only when
//! python3 or openssl is missing; scripts/ensure-deps.sh installs openssl.

use ed25519_dalek::{Signer, SigningKey};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;

use tracking_witness::export::signature::base64url_encode;
use tracking_witness::export::{fingerprint, prepare_json, ExportInput, Filter, Generator};
use tracking_witness::journal::{append, sha256_hex, EntryType, Head, ZERO_HASH};

const T0: i64 = 1_795_348_436_123; // 2026-11-22T11:53:56.123Z

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The documented test key: the seed is the bytes 00 01 02 ... 1f.
fn test_key() -> SigningKey {
    SigningKey::from_bytes(&std::array::from_fn(|i| i as u8))
}

/// The worked example: three entries, the middle one another site's,
/// exported for site `fj` and signed with the test key.
fn example() -> (String, String, String) {
    let key = test_key();
    let public = base64url_encode(key.verifying_key().as_bytes());
    let mut head = Head::default();
    let entries = vec![
        append(&mut head, T0, EntryType::RequestSeen, Some("fj"), json!({"host": "www.google-analytics.com", "requestType": "beacon"}))
            .unwrap(),
        append(&mut head, T0 + 1000, EntryType::RequestSeen, Some("uc"), json!({"host": "px.example", "requestType": "image"})).unwrap(),
        append(&mut head, T0 + 2000, EntryType::SettingsChanged, None, json!({"setting": "keepRawValues", "value": false})).unwrap(),
    ];
    let input = ExportInput {
        generated_at_ms: T0 + 3000,
        generator: Generator { name: "Tracking Witness".into(), version: "0.1.0".into() },
        environment: json!({"platform": "linux"}),
        sites: vec![json!({"site": {"id": "fj", "name": "Find a job", "hosts": ["findajob.dwp.gov.uk"]}, "findings": []})],
        entries: entries.into_iter().map(Into::into).collect(),
        prev_hash: ZERO_HASH.into(),
        filter: Filter { site: Some("fj".into()), from: None, to: None },
        screenshots: Default::default(),
        signer_public_key: Some(public.clone()),
    };
    let job = prepare_json(&input).unwrap();
    let to_sign = job.to_sign().unwrap().to_owned();
    let sig = base64url_encode(&key.sign(to_sign.as_bytes()).to_bytes());
    (job.finish(Some(&sig)).unwrap(), to_sign, sig)
}

fn tools_present() -> bool {
    let ok = |cmd: &str, arg: &str| Command::new(cmd).arg(arg).output().is_ok_and(|o| o.status.success());
    ok("python3", "--version") && ok("openssl", "version")
}

fn python_check(file: &Path, extra: &[&str]) -> (i32, String) {
    let out = Command::new("python3").arg(root().join("docs/check-evidence.py")).arg(file).args(extra).output().unwrap();
    (out.status.code().unwrap_or(-1), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn tmp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tw-python-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn documented_vectors_are_what_the_code_makes() {
    let (file, to_sign, sig) = example();
    let vector = root().join("docs/evidence-vectors/signed.json");
    if std::env::var_os("TW_WRITE_VECTORS").is_some() {
        std::fs::write(&vector, &file).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&vector).unwrap(),
        file,
        "docs/evidence-vectors/signed.json is stale (TW_WRITE_VECTORS=1 rewrites it)"
    );
    let doc = std::fs::read_to_string(root().join("docs/evidence-format.md")).unwrap();
    let key = test_key();
    let public = base64url_encode(key.verifying_key().as_bytes());
    for (what, value) in [
        ("the public key", public.clone()),
        ("the public key in hex", tracking_witness::journal::hex(key.verifying_key().as_bytes())),
        ("the fingerprint", fingerprint(&public).unwrap()),
        ("the signed header", to_sign.clone()),
        ("the signed header's SHA-256", sha256_hex(to_sign.as_bytes())),
        ("the signature", sig),
    ] {
        assert!(doc.contains(&value), "docs/evidence-format.md does not show {what}: {value}");
    }
}

#[test]
fn python_and_openssl_check_the_example_and_refuse_it_altered() {
    if !tools_present() {
        eprintln!("skipped: python3 or openssl is not installed (scripts/ensure-deps.sh installs openssl)");
        return;
    }
    let (file, to_sign, _) = example();
    let good = tmp("signed.json", &file);
    let (code, out) = python_check(&good, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("signed header: {to_sign}")), "{out}");
    assert!(out.contains("chain: 3 entries verified, 1 withheld"), "{out}");
    assert!(
        out.contains(&format!("key fingerprint {}", fingerprint(&base64url_encode(test_key().verifying_key().as_bytes())).unwrap())),
        "{out}"
    );

    // The same file as tw-verify sees it.
    let tw = Command::new(env!("CARGO_BIN_EXE_tw-verify")).arg(&good).output().unwrap();
    assert_eq!(tw.status.code(), Some(0));

    let head = serde_json::from_str::<serde_json::Value>(&file).unwrap()["journal"]["headHash"].as_str().unwrap().to_owned();
    let (code, out) = python_check(&good, &["--pin", &format!("3:{head}")]);
    assert_eq!(code, 0, "{out}");

    for (what, from, to) in [
        ("signed time", "\"generatedAt\":\"2026-11-22T11:53:59.123Z\"", "\"generatedAt\":\"2026-11-22T11:53:59.124Z\""),
        ("entry content", "www.google-analytics.com", "www.google-analytics.org"),
        ("withheld list", "\"withheld\":[[2,2]]", "\"withheld\":[]"),
        ("repeated name", "\"platform\":\"linux\"", "\"platform\":\"linux\",\"platform\":\"mac\""),
    ] {
        assert!(file.contains(from), "{what}: {from}");
        let bad = tmp("altered.json", &file.replacen(from, to, 1));
        let (code, out) = python_check(&bad, &[]);
        assert_eq!(code, 1, "{what} altered, yet: {out}");
        assert!(out.contains("NOT VERIFIED"), "{out}");
    }
}

/// The `sh` block of docs/evidence-format.md for which `pick` is true.
fn documented_shell(pick: impl Fn(&str) -> bool) -> String {
    let doc = std::fs::read_to_string(root().join("docs/evidence-format.md")).unwrap();
    let block = doc.split("```sh\n").skip(1).map(|b| b.split("```").next().unwrap()).find(|b| pick(b));
    block.expect("the sh block in docs/evidence-format.md").to_owned()
}

/// Runs `script` with `sh` in a new directory where the example file, with
/// the text `text`, is where the document's blocks look for it: the exit
/// status and everything printed.
fn run_on_example(script: &str, name: &str, text: &str) -> (Option<i32>, String) {
    let dir = std::env::temp_dir().join(format!("tw-python-sh-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("docs/evidence-vectors")).unwrap();
    std::fs::write(dir.join("docs/evidence-vectors/signed.json"), text).unwrap();
    let out = Command::new("sh").arg("-c").arg(script).current_dir(&dir).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

/// Section 10's steps by hand, run exactly as the document writes them (the
/// `sh` block, in a directory holding the example file where the block looks
/// for it): OpenSSL says the signature verifies, and no longer once the
/// file's header is changed.
#[test]
fn the_documented_shell_steps_check_the_signature() {
    if !tools_present() {
        eprintln!("skipped: python3 or openssl missing (scripts/ensure-deps.sh installs openssl)");
        return;
    }
    let script = documented_shell(|b| b.contains("docs/evidence-vectors/signed.json") && b.contains("openssl pkeyutl"));
    let file = std::fs::read_to_string(root().join("docs/evidence-vectors/signed.json")).unwrap();
    let (_, out) = run_on_example(&script, "good", &file);
    assert!(out.contains("Signature Verified Successfully"), "{out}");
    let changed = file.replacen("2026-11-22T11:53:59.123Z", "2026-11-22T11:53:59.124Z", 1);
    assert_ne!(changed, file);
    let (_, out) = run_on_example(&script, "changed", &changed);
    assert!(!out.contains("Signature Verified Successfully"), "{out}");
    assert!(out.contains("Signature Verification Failure"), "{out}");
}

/// Section 6.4's receipt steps by hand, run as written: the example file
/// holds the pinned entry; a copy cut short before it does not.
#[test]
fn the_documented_receipt_steps_find_the_pinned_entry() {
    if !tools_present() {
        eprintln!("skipped: python3 or openssl missing (scripts/ensure-deps.sh installs openssl)");
        return;
    }
    let script = documented_shell(|b| b.contains("tw-receipt:1:3:"));
    let file = std::fs::read_to_string(root().join("docs/evidence-vectors/signed.json")).unwrap();
    let (code, out) = run_on_example(&script, "receipt-good", &file);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("the file holds the entry the receipt pins"), "{out}");
    // Cut short before entry 3: the last entry line goes, the one before
    // loses its comma.
    let lines: Vec<&str> = file.lines().collect();
    let third = lines.iter().position(|l| l.starts_with("{\"seq\":3,")).unwrap();
    let mut cut: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    cut.remove(third);
    cut[third - 1] = cut[third - 1].trim_end_matches(',').to_owned();
    let (code, out) = run_on_example(&script, "receipt-cut", &cut.join("\n"));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("does not contain the entry the receipt pins"), "{out}");
}
