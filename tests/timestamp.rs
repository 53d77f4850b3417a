//! Issue 10: trusted timestamps (RFC 3161). A throwaway authority is made
//! with OpenSSL at test time (scripts/test-tsa.sh: a CA and a TSA
//! certificate, keys never committed); the core's request goes to
//! `openssl ts -reply`, and the reply and token are checked: the right
//! hash verifies, another hash does not, a token signed by another
//! authority's key does not, a changed token does not — each refused with
//! a message a reader can follow. Then the same through `tw-verify` on an
//! evidence file with a `timestamp.added` entry. Skipped (with a message)
//! only when openssl is missing; scripts/ensure-deps.sh installs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

use tracking_witness::export::{prepare_json, ExportInput, Filter, Generator};
use tracking_witness::journal::{append, EntryType, Head, ZERO_HASH};
use tracking_witness::timestamp::{base64_encode, check_token, read_certificates, read_reply, request, SignerCheck, TimestampProblem};

const T0: i64 = 1_795_348_436_123;
const HASH: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const OTHER: &str = "3018d506cd186b17aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const NONCE: [u8; 8] = [0x5a, 1, 2, 3, 4, 5, 6, 7];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn openssl_present() -> bool {
    Command::new("openssl").arg("version").output().is_ok_and(|o| o.status.success())
}

/// A fresh authority in its own folder (`kind` rsa or ec).
fn authority(name: &str, kind: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tw-tsa-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out =
        Command::new("sh").arg(root().join("scripts/test-tsa.sh")).arg(&dir).arg(kind).arg(format!("Test TSA {name}")).output().unwrap();
    assert!(out.status.success(), "test-tsa.sh: {}", String::from_utf8_lossy(&out.stderr));
    dir
}

/// The authority's reply (DER TimeStampResp) to the core's request.
fn reply(tsa: &Path, hash: &str) -> Vec<u8> {
    let (query, _) = request(hash, &NONCE).unwrap();
    let q = tsa.join(format!("{hash}.tsq"));
    let r = tsa.join(format!("{hash}.tsr"));
    std::fs::write(&q, query).unwrap();
    let out = Command::new("openssl")
        .args(["ts", "-reply", "-config"])
        .arg(tsa.join("tsa.cnf"))
        .arg("-queryfile")
        .arg(&q)
        .arg("-out")
        .arg(&r)
        .output()
        .unwrap();
    assert!(out.status.success(), "openssl ts -reply: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::read(&r).unwrap()
}

fn sent_nonce() -> Vec<u8> {
    request(HASH, &NONCE).unwrap().1
}

fn cert(tsa: &Path, file: &str) -> Vec<cms::cert::x509::Certificate> {
    read_certificates(&std::fs::read(tsa.join(file)).unwrap()).unwrap()
}

#[test]
fn a_token_from_the_authority_verifies_for_its_hash_only() {
    if !openssl_present() {
        eprintln!("skipped: openssl is not installed (scripts/ensure-deps.sh installs it)");
        return;
    }
    let a = authority("a", "rsa");
    let b = authority("b", "rsa");
    let (token, stamp) = read_reply(&reply(&a, HASH), HASH, &sent_nonce()).unwrap();
    assert_eq!(stamp.hash, HASH);
    assert_eq!(stamp.checked_against, SignerCheck::InToken);
    assert!(stamp.signer.contains("Test TSA a"), "{}", stamp.signer);
    assert!(stamp.gen_time.ends_with(".000Z"), "{}", stamp.gen_time);
    assert_eq!(stamp.policy, "1.3.6.1.4.1.99999.1");

    // Against the authority's own certificate, and against its CA.
    assert_eq!(check_token(&token, HASH, &cert(&a, "tsa.pem")).unwrap().checked_against, SignerCheck::Given);
    let by_ca = check_token(&token, HASH, &cert(&a, "ca.pem")).unwrap();
    assert!(matches!(&by_ca.checked_against, SignerCheck::IssuedByGiven(ca) if ca.contains("Test TSA a CA")), "{by_ca:?}");

    // Another hash: the token vouches for something else.
    let e = check_token(&token, OTHER, &[]).unwrap_err();
    assert!(matches!(e, TimestampProblem::OtherHash { .. }), "{e:?}");
    assert!(e.to_string().contains("different hash (ba78-16bf-8f01-cfea)"), "{e}");
    assert!(e.to_string().contains("says nothing about this log"), "{e}");

    // Signed by another authority's key than the one the reader trusts.
    let (other_token, _) = read_reply(&reply(&b, HASH), HASH, &sent_nonce()).unwrap();
    for trusted in [cert(&a, "tsa.pem"), cert(&a, "ca.pem")] {
        let e = check_token(&other_token, HASH, &trusted).unwrap_err();
        assert!(matches!(e, TimestampProblem::NotTheGivenAuthority { .. }), "{e:?}");
        assert!(e.to_string().contains("Test TSA b"), "{e}");
        assert!(e.to_string().contains("not by the timestamp authority whose certificate was given"), "{e}");
    }

    // The token's content changed after signing (its policy's last arc).
    let policy = der::Encode::to_der(&der::oid::ObjectIdentifier::new_unwrap("1.3.6.1.4.1.99999.1")).unwrap();
    let at = token.windows(policy.len()).position(|w| w == policy).expect("the policy OID is in the token");
    let mut changed = token.clone();
    changed[at + policy.len() - 1] = 0x02;
    let e = check_token(&changed, HASH, &[]).unwrap_err();
    assert!(matches!(e, TimestampProblem::BadSignature(_)), "{e:?}");
    assert!(e.to_string().contains("changed after the authority signed it"), "{e}");

    // The signature itself altered (its last byte, the end of the token),
    // checked against the token's certificate and against the given one.
    let mut forged = token.clone();
    *forged.last_mut().unwrap() ^= 1;
    for trusted in [vec![], cert(&a, "tsa.pem")] {
        let e = check_token(&forged, HASH, &trusted).unwrap_err();
        assert!(matches!(e, TimestampProblem::BadSignature(_) | TimestampProblem::NotTheGivenAuthority { .. }), "{e:?}");
    }
    assert!(matches!(check_token(&forged, HASH, &[]), Err(TimestampProblem::BadSignature(_))));

    // The reply to someone else's request (another nonce).
    let e = read_reply(&reply(&a, HASH), HASH, &request(HASH, &[0x5a, 9, 9, 9, 9, 9, 9, 9]).unwrap().1).unwrap_err();
    assert_eq!(e, TimestampProblem::OtherRequest);
    // Not a reply at all.
    assert!(matches!(read_reply(b"<html>proxy error</html>", HASH, &sent_nonce()), Err(TimestampProblem::Unreadable(_))));
}

#[test]
fn an_ecdsa_authority_verifies_too() {
    if !openssl_present() {
        eprintln!("skipped: openssl is not installed");
        return;
    }
    let ec = authority("ec", "ec");
    let (token, stamp) = read_reply(&reply(&ec, HASH), HASH, &sent_nonce()).unwrap();
    assert_eq!(stamp.checked_against, SignerCheck::InToken);
    assert_eq!(check_token(&token, HASH, &cert(&ec, "tsa.pem")).unwrap().checked_against, SignerCheck::Given);
    let mut forged = token.clone();
    *forged.last_mut().unwrap() ^= 1;
    assert!(matches!(check_token(&forged, HASH, &[]), Err(TimestampProblem::BadSignature(_))));
    let rsa = authority("ec-other", "rsa");
    assert!(matches!(check_token(&token, HASH, &cert(&rsa, "tsa.pem")), Err(TimestampProblem::NotTheGivenAuthority { .. })));
}

/// An evidence file whose last entry timestamps the one before it with
/// `token`; `gen_time` as the entry gives it.
fn evidence_with(token: &[u8], gen_time: &str, authority: &str) -> (String, String) {
    let mut rebuilt = Head::default();
    let mut entries = Vec::new();
    for i in 0..3 {
        entries.push(
            append(
                &mut rebuilt,
                T0 + i * 1000,
                EntryType::RequestSeen,
                Some("fj"),
                json!({"host": format!("h{i}.example"), "requestType": "image"}),
            )
            .unwrap(),
        );
    }
    let stamped = rebuilt.clone();
    let data = json!({"headSeq": stamped.seq, "headHash": stamped.hash, "authority": authority, "token": base64_encode(token), "genTime": gen_time});
    entries.push(append(&mut rebuilt, T0 + 5000, EntryType::TimestampAdded, None, data).unwrap());
    let input = ExportInput {
        generated_at_ms: T0 + 6000,
        generator: Generator { name: "Tracking Witness".into(), version: "0.1.0".into() },
        environment: json!({}),
        sites: vec![],
        entries: entries.into_iter().map(Into::into).collect(),
        prev_hash: ZERO_HASH.into(),
        filter: Filter::default(),
        screenshots: Default::default(),
        signer_public_key: None,
    };
    (prepare_json(&input).unwrap().finish(None).unwrap(), stamped.hash)
}

fn tw_verify(file: &str, args: &[&Path]) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("tw-tsa-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("evidence.json");
    std::fs::write(&path, file).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tw-verify"));
    for a in args {
        cmd.arg("--tsa-cert").arg(a);
    }
    let out = cmd.arg(&path).output().unwrap();
    (out.status.code().unwrap_or(-1), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn tw_verify_checks_each_timestamp_and_says_against_what() {
    if !openssl_present() {
        eprintln!("skipped: openssl is not installed");
        return;
    }
    let a = authority("cli-a", "rsa");
    let b = authority("cli-b", "rsa");
    // The head the evidence will have before its timestamp entry.
    let (_, head) = evidence_with(b"x", "2026-01-01T00:00:00.000Z", "https://tsa.example/");
    let (token, stamp) = read_reply(&reply(&a, &head), &head, &sent_nonce()).unwrap();
    let (good, _) = evidence_with(&token, &stamp.gen_time, "https://tsa.example/tsr");

    let (code, out) = tw_verify(&good, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "Timestamp:   entry 3 (hash {}) existed by {}",
            tracking_witness::receipt::short_hash(&head),
            stamp.gen_time
        )),
        "{out}"
    );
    assert!(out.contains("says the timestamp authority https://tsa.example/tsr (entry 4)"), "{out}");
    assert!(out.contains("checked against the certificate inside the timestamp only"), "{out}");

    let (code, out) = tw_verify(&good, &[&a.join("tsa.pem")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("the authority certificate you gave (--tsa-cert)"), "{out}");
    let (code, out) = tw_verify(&good, &[&a.join("ca.pem")]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("whose certificate was issued by"), "{out}");

    // Another authority's certificate: not this authority's timestamp.
    let (code, out) = tw_verify(&good, &[&b.join("tsa.pem")]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("NOT VERIFIED: the trusted timestamp in entry 4 does not hold: the timestamp was signed by"), "{out}");

    // A token for another hash, in a chain that is otherwise sound.
    let (other_token, other_stamp) = read_reply(&reply(&a, OTHER), OTHER, &sent_nonce()).unwrap();
    let (forged, _) = evidence_with(&other_token, &other_stamp.gen_time, "https://tsa.example/tsr");
    let (code, out) = tw_verify(&forged, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("the timestamp is for a different hash (3018-d506-cd18-6b17)"), "{out}");

    // The entry claims another time than the authority signed.
    let (late, _) = evidence_with(&token, "2030-01-01T00:00:00.000Z", "https://tsa.example/tsr");
    let (code, out) = tw_verify(&late, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("the entry gives the time 2030-01-01T00:00:00.000Z, but the authority signed"), "{out}");
}

/// A case file holding `evidence` and `tst` as `timestamps/timestamp-4.tst`
/// (unsigned: the manifest's signature is another test's concern).
fn case_file(evidence: &str, tst: &[u8]) -> Vec<u8> {
    use tracking_witness::export::casefile::{CaseFileWriter, ManifestGenerator};
    let mut w = CaseFileWriter::new(T0 + 7000, ManifestGenerator { name: "Tracking Witness".into(), version: "0.1.0".into() });
    let mut zip = Vec::new();
    w.add("evidence.json", evidence.as_bytes()).unwrap();
    w.add("timestamps/timestamp-4.tst", tst).unwrap();
    let head = serde_json::from_str::<serde_json::Value>(evidence).unwrap()["journal"]["headHash"].as_str().unwrap().to_owned();
    zip.extend(w.take());
    zip.extend(w.finish(&head, None).unwrap().0);
    zip
}

#[test]
fn a_case_file_carries_the_tokens_the_evidence_holds() {
    use tracking_witness::export::casefile::{verify_case_file, CaseFileProblem};
    use tracking_witness::export::VerifyOptions;
    if !openssl_present() {
        eprintln!("skipped: openssl is not installed");
        return;
    }
    let a = authority("zip", "rsa");
    let (_, head) = evidence_with(b"x", "2026-01-01T00:00:00.000Z", "https://tsa.example/");
    let (token, stamp) = read_reply(&reply(&a, &head), &head, &sent_nonce()).unwrap();
    let (good, _) = evidence_with(&token, &stamp.gen_time, "https://tsa.example/tsr");
    let options = VerifyOptions { tsa_certs: cert(&a, "ca.pem"), ..Default::default() };
    let r = verify_case_file(std::io::Cursor::new(case_file(&good, &token)), &options).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.timestamps, vec![("timestamps/timestamp-4.tst".to_owned(), 4)]);
    assert_eq!(
        r.evidence.unwrap().timestamps[0].stamp.checked_against,
        SignerCheck::IssuedByGiven(cert(&a, "ca.pem")[0].tbs_certificate.subject.to_string())
    );

    // A token file that is not the evidence's (another hash's token).
    let (other, _) = read_reply(&reply(&a, OTHER), OTHER, &sent_nonce()).unwrap();
    let r = verify_case_file(std::io::Cursor::new(case_file(&good, &other)), &options).unwrap();
    assert_eq!(r.problems, vec![CaseFileProblem::Timestamp { name: "timestamps/timestamp-4.tst".into() }]);
    assert!(r.problems[0].to_string().contains("does not belong to this log"));
}

/// The lines of docs/evidence-format.md section 12 ("Checking with OpenSSL
/// alone"), as the document gives them.
fn documented_steps() -> String {
    let doc = std::fs::read_to_string(root().join("docs/evidence-format.md")).unwrap();
    let at = doc.find("<!-- timestamp-steps -->\n```sh\n").expect("section 12 marks its steps") + "<!-- timestamp-steps -->\n```sh\n".len();
    let end = doc[at..].find("\n```\n").unwrap() + at;
    doc[at..end].to_owned()
}

fn run_steps(evidence: &str, ca: &Path) -> (bool, String) {
    let dir = std::env::temp_dir().join(format!("tw-tsa-doc-{}-{}", std::process::id(), evidence.len()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("evidence.json"), evidence).unwrap();
    std::fs::copy(ca, dir.join("tsa-ca.pem")).unwrap();
    let out = Command::new("sh").arg("-e").arg("-c").arg(documented_steps()).current_dir(&dir).output().unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn the_documented_openssl_steps_check_a_timestamp() {
    let python = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !openssl_present() || !python {
        eprintln!("skipped: openssl or python3 is not installed");
        return;
    }
    let a = authority("doc", "rsa");
    let (_, head) = evidence_with(b"x", "2026-01-01T00:00:00.000Z", "https://tsa.example/");
    let (token, stamp) = read_reply(&reply(&a, &head), &head, &sent_nonce()).unwrap();
    let (good, _) = evidence_with(&token, &stamp.gen_time, "https://tsa.example/tsr");
    let (ok, out) = run_steps(&good, &a.join("ca.pem"));
    assert!(ok, "{out}");
    assert!(out.contains(&format!("entry 4 timestamps entry 3 hash {head}")), "{out}");
    assert!(out.contains("Verification: OK"), "{out}");
    assert!(out.contains("Stand-in") || out.contains("Test TSA doc"), "step 2 names the authority: {out}");

    // A token for another hash: step 3 refuses it.
    let (other, other_stamp) = read_reply(&reply(&a, OTHER), OTHER, &sent_nonce()).unwrap();
    let (forged, _) = evidence_with(&other, &other_stamp.gen_time, "https://tsa.example/tsr");
    let (ok, out) = run_steps(&forged, &a.join("ca.pem"));
    assert!(!ok, "{out}");
    assert!(!out.contains("Verification: OK"), "{out}");
    // Another authority's CA: step 3 refuses it too.
    let b = authority("doc-b", "rsa");
    let (ok, out) = run_steps(&good, &b.join("ca.pem"));
    assert!(!ok && !out.contains("Verification: OK"), "{out}");
}
