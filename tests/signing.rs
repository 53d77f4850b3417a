//! Issue 10: the recorder's intents for the signing key and receipts —
//! `key.created` and `receipt.issued` entries, written only by the core,
//! with the fingerprint the core computes.
use serde_json::{json, Value};
use tracking_witness::journal::{self, EntryType, Expected, Head, ZERO_HASH};
use tracking_witness::receipt::{fingerprint, short_hash};
use tracking_witness::recorder::Recorder;
use tracking_witness::sites::SiteConfig;

// RFC 8032 section 7.1, tests 1 and 2: two Ed25519 public keys.
const KEY_1: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
const KEY_2: &str = "PUAXw-hDiVqStwqnTRt-vJyYLM8uxJaMwM1V8Sr0Zgw";
const T0: i64 = 1_795_434_836_000;

fn recorder() -> Recorder {
    Recorder::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap(), &[7; 32], Head::default())
}

#[test]
fn key_creation_is_journaled_with_the_cores_fingerprint() {
    let mut r = recorder();
    let commit = r.key_created(KEY_1, T0).unwrap();
    assert_eq!(commit.entries.len(), 1);
    let e = &commit.entries[0];
    assert_eq!(e.kind, EntryType::KeyCreated);
    assert_eq!(e.kind.as_str(), "key.created");
    assert_eq!(e.site, None);
    assert_eq!(e.data, json!({"algorithm": "Ed25519", "publicKey": KEY_1, "fingerprint": "21fe-31df-a154-a261-626b"}));
    assert_eq!(e.data["fingerprint"], fingerprint(KEY_1).unwrap());
    assert_eq!(commit.head, Head { seq: 1, hash: e.hash.clone() });
    // Two-phase: the head moves once the store has the entry.
    assert_eq!(r.head(), &Head::default());
    r.confirm(1).unwrap();
    assert_eq!(r.head(), &commit.head);
}

#[test]
fn a_replaced_key_shows_in_the_chain() {
    let mut r = recorder();
    let first = r.key_created(KEY_1, T0).unwrap();
    r.confirm(first.head.seq).unwrap();
    let second = r.key_created(KEY_2, T0 + 1_000).unwrap();
    let values: Vec<Value> = first.entries.iter().chain(&second.entries).map(|e| e.to_value()).collect();
    journal::verify(&values, ZERO_HASH, &Expected::head(second.head.clone())).unwrap();
    let fingerprints: Vec<&Value> = values.iter().map(|v| &v["data"]["fingerprint"]).collect();
    assert_eq!(fingerprints.len(), 2);
    assert_ne!(fingerprints[0], fingerprints[1], "the new key has its own fingerprint");
    assert_eq!(second.entries[0].prev_hash, first.entries[0].hash);
}

#[test]
fn a_bad_public_key_writes_nothing() {
    let mut r = recorder();
    r.key_created(KEY_1, T0).unwrap();
    r.confirm(1).unwrap();
    let before = r.head().clone();
    for bad in ["", "AAAA", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=", "not base64!"] {
        let err = r.key_created(bad, T0 + 1).unwrap_err();
        assert_eq!(err.kind(), tracking_witness::ErrorKind::InvalidInput, "{bad:?}: {err}");
        assert!(r.receipt_issued(bad, T0 + 1).is_err(), "{bad:?}");
        assert_eq!(r.head(), &before, "{bad:?} moved the head");
        assert!(r.pending().is_none(), "{bad:?} left a commit pending");
    }
}

#[test]
fn a_receipt_pins_its_own_entry() {
    let mut r = recorder();
    r.key_created(KEY_1, T0).unwrap();
    r.confirm(1).unwrap();
    let (commit, receipt) = r.receipt_issued(KEY_1, T0 + 5_000).unwrap();
    assert_eq!(commit.entries.len(), 1);
    let e = &commit.entries[0];
    assert_eq!(e.kind.as_str(), "receipt.issued");
    assert_eq!(e.site, None);
    assert_eq!(e.data, json!({"fingerprint": "21fe-31df-a154-a261-626b"}));
    assert_eq!((receipt.seq, receipt.hash.as_str(), receipt.time.as_str()), (2, e.hash.as_str(), e.time.as_str()));
    assert_eq!(receipt.hash, e.compute_hash(), "the receipt names the entry's real hash");
    assert_eq!(receipt.fingerprint, "21fe-31df-a154-a261-626b");
    assert_eq!(receipt.short_hash, short_hash(&e.hash));
    assert_eq!(receipt.short_hash.len(), 19);
    assert!(e.hash.starts_with(&receipt.short_hash.replace('-', "")));
    assert_eq!(receipt.line, format!("tw-receipt:1:2:{}", e.hash));
    r.confirm(2).unwrap();
    assert_eq!(r.head(), &Head { seq: 2, hash: e.hash.clone() });
    // The reply the extension sends carries these names.
    let v = serde_json::to_value(&receipt).unwrap();
    for field in ["seq", "hash", "time", "fingerprint", "shortHash", "line"] {
        assert!(v.get(field).is_some(), "{field} missing from {v}");
    }
}

#[test]
fn the_entry_types_check_their_data() {
    let mut head = Head::default();
    let missing = journal::append(&mut head, T0, EntryType::KeyCreated, None, json!({"algorithm": "Ed25519", "publicKey": KEY_1}));
    assert!(missing.unwrap_err().message().contains("data.fingerprint is missing"));
    let wrong = journal::append(&mut head, T0, EntryType::ReceiptIssued, None, json!({"fingerprint": 7}));
    assert!(wrong.unwrap_err().message().contains("data.fingerprint is not a string"));
    assert_eq!(head, Head::default());
    assert_eq!(EntryType::parse("key.created"), Some(EntryType::KeyCreated));
    assert_eq!(EntryType::parse("receipt.issued"), Some(EntryType::ReceiptIssued));
}
