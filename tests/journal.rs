//! The evidence journal on its public API: building and verifying chains,
//! a known-answer hash computed outside this code, and a property test that
//! every kind of tampering is caught.

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{json, Value};
use tracking_witness::journal::{
    append, canonicalize, checkpoint, is_canonical, verify, write_canonical_text, Coalescer, Entry, EntryType, Expected, FieldKind, Head,
    Problem, Redactor, ZERO_HASH,
};

// 2026-11-22T11:53:56.123Z
const T0: i64 = 1_795_348_436_123;

#[test]
fn known_answer_hashes() {
    // Both hashes were computed independently with Python's hashlib and hmac
    // over these hand-written canonical strings (see docs/evidence-format.md):
    // {"data":{"domain":".dwp.gov.uk","name":"_ga","path":"/","secure":true,"value":{"hmac":"e2d1...60c8","length":27}},
    //  "prevHash":"000...000","seq":1,"site":"uk-find-a-job","time":"2026-11-22T11:53:56.123Z","type":"cookie.set"}
    // {"data":{"cookie":"cookie_policy","state":"refusé \"all\"\n"},"prevHash":"3018...f8d6","seq":2,
    //  "site":"uk-find-a-job","time":"2026-11-22T11:53:57.000Z","type":"consent.changed"}
    let secret: Vec<u8> = (0u8..32).collect();
    let value = Redactor::new(&secret, false).redact("GA1.2.1234567890.1795434836");
    assert_eq!(value, json!({"length": 27, "hmac": "e2d16e887be884ac569f2027893fd653f5f3db5e485d395e3f3201f863e360c8"}));
    let mut head = Head::default();
    let a = append(
        &mut head,
        T0,
        EntryType::CookieSet,
        Some("uk-find-a-job"),
        json!({"name": "_ga", "domain": ".dwp.gov.uk", "path": "/", "secure": true, "value": value}),
    )
    .unwrap();
    assert_eq!(a.time, "2026-11-22T11:53:56.123Z");
    assert_eq!(a.prev_hash, ZERO_HASH);
    assert_eq!(a.hash, "3018d506cd186b17c00f9908f3e621edd20e9ef5d1ba2e4fc21bd694752ff8d6");
    let b = append(
        &mut head,
        T0 + 877,
        EntryType::ConsentChanged,
        Some("uk-find-a-job"),
        json!({"cookie": "cookie_policy", "state": "refusé \"all\"\n"}),
    )
    .unwrap();
    assert_eq!(b.hash, "e90b7b54d91ad743f6ecf100133dc0b926e9bfed1d50e352b6c298a9b08dacc6");
    assert_eq!(head, Head { seq: 2, hash: b.hash.clone() });

    let mut unhashed = b.to_value();
    unhashed.as_object_mut().unwrap().remove("hash");
    assert_eq!(
        canonicalize(&unhashed),
        "{\"data\":{\"cookie\":\"cookie_policy\",\"state\":\"refusé \\\"all\\\"\\n\"},\"prevHash\":\"3018d506cd186b17c00f9908f3e621edd20e9ef5d1ba2e4fc21bd694752ff8d6\",\"seq\":2,\"site\":\"uk-find-a-job\",\"time\":\"2026-11-22T11:53:57.000Z\",\"type\":\"consent.changed\"}"
    );
}

#[test]
fn entry_json_round_trips() {
    let mut head = Head::default();
    let e =
        append(&mut head, T0, EntryType::SiteAdded, Some("s"), json!({"name": "Find a job", "hosts": ["findajob.dwp.gov.uk"]})).unwrap();
    let text = e.to_json_string();
    assert!(text.starts_with("{\"seq\":1,\"time\":\"2026-11-22T11:53:56.123Z\",\"type\":\"site.added\",\"site\":\"s\",\"data\":"));
    let back: Entry = serde_json::from_str(&text).unwrap();
    assert_eq!(back, e);
    assert_eq!(back.compute_hash(), e.hash);
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), e.to_value());
}

#[test]
fn append_refuses_bad_data_and_leaves_head_alone() {
    let mut head = Head::default();
    for (kind, data) in [
        (EntryType::RequestSeen, json!({"host": "x"})),
        (EntryType::RequestSeen, json!("not an object")),
        (EntryType::CleanupResult, json!({"removed": 1.5, "failed": 0})),
        (EntryType::SettingsChanged, json!({"setting": "x", "value": 0.1})),
        (EntryType::SettingsChanged, json!({"setting": "x", "value": 9_007_199_254_740_992u64})),
    ] {
        let err = append(&mut head, T0, kind, None, data).unwrap_err();
        assert_eq!(err.kind(), tracking_witness::ErrorKind::InvalidInput, "{err}");
    }
    assert_eq!(head, Head::default());
}

#[test]
fn archive_checkpoint_keeps_the_chain() {
    let mut head = Head::default();
    let mut archived = Vec::new();
    for i in 0..5 {
        archived.push(
            append(&mut head, T0 + i, EntryType::RequestSeen, Some("s"), json!({"host": "t.example", "requestType": "image"})).unwrap(),
        );
    }
    let before = head.clone();
    // The user exports, then clears: the extension deletes the entries and
    // starts the journal again with a checkpoint.
    let cp = checkpoint(&mut head, T0 + 100, archived.len() as u64);
    assert_eq!(cp.seq, 6);
    assert_eq!(cp.prev_hash, before.hash);
    assert_eq!(cp.data, json!({"previousSeq": 5, "previousHash": before.hash, "archivedCount": 5}));
    let later = append(&mut head, T0 + 200, EntryType::ConsentChanged, Some("s"), json!({"state": "accepted"})).unwrap();

    // The new journal verifies on its own, anchored to the old head...
    let new_part = vec![cp.to_value(), later.to_value()];
    verify(&new_part, &before.hash, &Expected::head(head.clone())).unwrap();
    // ...and the old export plus the new journal form one chain.
    let all: Vec<Value> = archived.iter().chain([&cp, &later]).map(Entry::to_value).collect();
    let r = verify(&all, ZERO_HASH, &Expected::head(head.clone())).unwrap();
    assert_eq!(r.count, 7);

    // A checkpoint that lies about what it follows is caught.
    let mut forged = cp.to_value();
    forged["data"]["archivedCount"] = json!(4);
    let err = verify(&[forged], &before.hash, &Expected::default()).unwrap_err();
    assert!(matches!(err.problem, Problem::BadHash { .. }), "{err}");
}

#[test]
fn coalesced_groups_append_as_one_entry() {
    let mut c = Coalescer::new(60_000);
    let mut head = Head::default();
    for i in 0..100 {
        assert!(c
            .observe(
                T0 + i * 100,
                EntryType::RequestSeen,
                Some("s"),
                "t.example|/px|image",
                json!({"host": "t.example", "path": "/px", "requestType": "image"})
            )
            .is_empty());
    }
    let out = c.due(T0 + 60_000);
    assert_eq!(out.len(), 1);
    let e = out.into_iter().next().unwrap().append_to(&mut head, T0 + 60_000).unwrap();
    assert_eq!(e.data["count"], 100);
    assert_eq!(e.data["firstTime"], "2026-11-22T11:53:56.123Z");
    assert_eq!(e.data["lastTime"], "2026-11-22T11:54:06.023Z");
}

#[test]
fn failure_names_the_entry() {
    let chain = build_chain(&[(6, 0), (6, 1), (6, 2)]);
    let mut values: Vec<Value> = chain.iter().map(Entry::to_value).collect();
    values[1]["data"]["host"] = json!("elsewhere.example");
    let err = verify(&values, ZERO_HASH, &Expected::default()).unwrap_err();
    assert_eq!((err.index, err.seq), (1, Some(2)));
    assert!(err.to_string().starts_with("entry 2 (number 2 in the file) was changed after it was written"), "{err}");

    let err = verify(&values[..0], ZERO_HASH, &Expected { count: Some(3), ..Expected::default() }).unwrap_err();
    assert!(matches!(err.problem, Problem::CountMismatch { expected: 3, found: 0 }));

    // A problem with the run as a whole names no entry (found by `make
    // mutants`: every message was worded as one entry's).
    let good: Vec<Value> = chain.iter().map(Entry::to_value).collect();
    let short = verify(&good[..2], ZERO_HASH, &Expected { count: Some(3), ..Expected::default() }).unwrap_err().to_string();
    assert_eq!(
        short,
        "the file ends early: its header says 3 entries but it holds 2; entries are missing, or the header was rewritten (entries from seq 3 on are missing)"
    );
    let head = Head { seq: 9, hash: chain[2].hash.clone() };
    let moved = verify(&good, ZERO_HASH, &Expected { head: Some(head), ..Expected::default() }).unwrap_err().to_string();
    assert!(moved.starts_with("the file ends early, or its header was rewritten: the header says the last entry is seq 9"), "{moved}");
}

// ---- property test ----

/// Builds a valid chain: one entry per `(type index, variant)`.
fn build_chain(spec: &[(usize, u32)]) -> Vec<Entry> {
    let mut head = Head::default();
    let mut out = Vec::new();
    for (i, &(t, n)) in spec.iter().enumerate() {
        let kind = EntryType::ALL[t % EntryType::ALL.len()];
        let now = T0 + i as i64 * 1_337 + i64::from(n);
        if kind == EntryType::ArchiveCheckpoint {
            out.push(checkpoint(&mut head, now, u64::from(n)));
            continue;
        }
        let mut data = serde_json::Map::new();
        for &(field, fk) in kind.required_data() {
            let v = match fk {
                FieldKind::String => json!(format!("{field}-{n}-é\u{1F600}=")),
                FieldKind::Integer => json!(n),
                FieldKind::Array => json!([format!("h{n}.example"), "b.example"]),
                FieldKind::Object => json!({"length": n, "hmac": format!("{:064x}", n)}),
                FieldKind::Hash => json!(format!("{:064x}", n)),
                _ => json!({"nested": [n, true, null]}),
            };
            data.insert(field.to_owned(), v);
        }
        // A field this version does not write (an older one may have):
        // the chain covers it all the same.
        data.insert("extra".to_owned(), json!({"n": n, "flag": n % 2 == 0, "list": ["x", n, null]}));
        let site = if n % 3 == 0 { None } else { Some(format!("site-{}", n % 4)) };
        out.push(common::written_elsewhere(&mut head, now, kind, site.as_deref(), Value::Object(data)));
    }
    out
}

/// JSON Pointers of every leaf under `v`.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| leaves(x, format!("{at}/{k}"), out)),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| leaves(x, format!("{at}/{i}"), out)),
        _ => out.push(at),
    }
}

fn changed(v: &Value) -> Value {
    match v {
        Value::String(s) => json!(format!("{s}x")),
        Value::Number(n) => json!(n.as_u64().unwrap_or(0) + 1),
        Value::Bool(b) => json!(!b),
        Value::Null => json!(0),
        other => json!([other]),
    }
}

fn flip_hex(s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    c[0] = if c[0] == '0' { '1' } else { '0' };
    c.into_iter().collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Change member `field` (0..7) of entry `at`; for `data`, leaf `leaf`.
    Field { at: usize, field: usize, leaf: usize },
    /// Remove entry `at`.
    Remove { at: usize },
    /// Swap two entries.
    Swap { a: usize, b: usize },
    /// Cut `n` entries off the end.
    Truncate { n: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), 0usize..7, any::<usize>()).prop_map(|(at, field, leaf)| Mutation::Field { at, field, leaf }),
        1 => any::<usize>().prop_map(|at| Mutation::Remove { at }),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap { a, b }),
        1 => any::<usize>().prop_map(|n| Mutation::Truncate { n }),
    ]
}

/// Applies `m`; returns whether the result needs the header (expected count
/// and head) to be caught, i.e. it only removed entries from the end.
fn apply(values: &mut Vec<Value>, m: &Mutation) -> bool {
    let len = values.len();
    match *m {
        Mutation::Field { at, field, leaf } => {
            let e = values[at % len].as_object_mut().unwrap();
            let name = ["seq", "time", "type", "site", "data", "prevHash", "hash"][field];
            let old = e[name].clone();
            let new = match name {
                "seq" => json!(old.as_u64().unwrap() + 1 + (leaf % 5) as u64),
                "time" => json!(["2020-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "garbage"][leaf % 3]),
                "type" => {
                    let other = EntryType::ALL[leaf % EntryType::ALL.len()].as_str();
                    json!(if other == old { "cookie.eaten" } else { other })
                }
                "site" => {
                    if old.is_null() {
                        json!("site-x")
                    } else if leaf % 2 == 0 {
                        Value::Null
                    } else {
                        changed(&old)
                    }
                }
                "data" => {
                    let mut data = old.clone();
                    let mut ls = Vec::new();
                    leaves(&data, String::new(), &mut ls);
                    let p = &ls[leaf % ls.len()];
                    let slot = data.pointer_mut(p).unwrap();
                    *slot = changed(slot);
                    data
                }
                _ => json!(flip_hex(old.as_str().unwrap())),
            };
            assert_ne!(new, old, "the mutation must change something");
            e.insert(name.to_owned(), new);
            false
        }
        Mutation::Remove { at } => {
            values.remove(at % len);
            at % len == len - 1
        }
        Mutation::Swap { a, b } => {
            let (a, b) = (a % len, b % len);
            let b = if a == b { (b + 1) % len } else { b };
            values.swap(a, b);
            false
        }
        Mutation::Truncate { n } => {
            values.truncate(len - 1 - n % len);
            true
        }
    }
}

fn config() -> Config {
    Config { cases: 512, rng_seed: RngSeed::Fixed(0x7261_636b), failure_persistence: None, ..Config::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn valid_chains_verify(spec in prop::collection::vec((0usize..17, 0u32..1000), 1..30)) {
        let chain = build_chain(&spec);
        let values: Vec<Value> = chain.iter().map(Entry::to_value).collect();
        let head = Head::from(chain.last().unwrap());
        let r = verify(&values, ZERO_HASH, &Expected { count: Some(values.len() as u64), head: Some(head.clone()), omitted: Some(0) }).unwrap();
        prop_assert_eq!(r.head, Some(head));
        // Entries read back through serde verify the same.
        let reparsed: Vec<Value> = chain.iter().map(|e| serde_json::from_str(&e.to_json_string()).unwrap()).collect();
        prop_assert!(verify(&reparsed, ZERO_HASH, &Expected::default()).is_ok());
    }

    #[test]
    fn every_tampering_is_detected(
        spec in prop::collection::vec((0usize..17, 0u32..1000), 2..20),
        m in mutation(),
    ) {
        let chain = build_chain(&spec);
        let mut values: Vec<Value> = chain.iter().map(Entry::to_value).collect();
        let header = Expected {
            count: Some(values.len() as u64),
            head: Some(Head::from(chain.last().unwrap())),
            omitted: Some(0),
        };
        let needs_header = apply(&mut values, &m);
        prop_assert!(verify(&values, ZERO_HASH, &header).is_err(), "not caught with header: {:?}", m);
        if !needs_header {
            prop_assert!(verify(&values, ZERO_HASH, &Expected::default()).is_err(), "not caught: {:?}", m);
        }
    }

    #[test]
    fn canonical_text_of_any_json_equals_the_tree_form(text in json_text(true)) {
        let value: Value = serde_json::from_str(&text).unwrap();
        let mut out = String::from("kept:");
        write_canonical_text(&text, &mut out).unwrap();
        prop_assert_eq!(out, format!("kept:{}", canonicalize(&value)));
    }

    #[test]
    fn only_canonical_text_passes_straight_through(text in json_text(false)) {
        let canonical = canonicalize(&serde_json::from_str::<Value>(&text).unwrap());
        // Text taken as canonical must be exactly that.
        if is_canonical(&text) {
            prop_assert_eq!(&text, &canonical);
        }
        // And canonical text is recognised, unless it holds a number that
        // is not a safe integer or a member name that needs an escape
        // (those take the slow road).
        let simple = simple_values(&serde_json::from_str::<Value>(&canonical).unwrap());
        prop_assert!(is_canonical(&canonical) || !simple, "{} not recognised", canonical);
        let mut out = String::new();
        write_canonical_text(&text, &mut out).unwrap();
        prop_assert_eq!(out, canonical);
    }
}

fn simple_values(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.as_i64().is_some_and(|i| i.unsigned_abs() < (1 << 53)),
        Value::Array(items) => items.iter().all(simple_values),
        Value::Object(map) => map.iter().all(|(k, v)| !k.contains(['"', '\\']) && !k.chars().any(char::is_control) && simple_values(v)),
        _ => true,
    }
}

/// JSON text with names in any order (sorted, reversed, duplicated,
/// escaped, beyond the BMP), odd numbers and escapes: the shapes a stored
/// entry's `data` may take, and some it never does.
fn json_text(spaced: bool) -> impl Strategy<Value = String> {
    let (colon, comma) = if spaced { (" : ", ", ") } else { (":", ",") };
    let name = prop::sample::select(vec!["a", "b", "B", "count", "10", "9", "\u{e000}", "\u{1f600}", "é", "a\\\"b", "\\u0041"]);
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        prop::sample::select(vec!["0", "-0", "1.0", "1e21", "1E-7", "12345678901234567890", "-9007199254740993", "0.1", "2.50"])
            .prop_map(str::to_owned),
        prop::sample::select(vec!["\"\"", "\"x\"", "\"\\u00e9\\n\\t\"", "\"\\ud83d\\ude00\"", "\"/\\/\"", "\"\\u001f\""])
            .prop_map(str::to_owned),
    ];
    leaf.prop_recursive(4, 40, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|items| format!("[{}]", items.join(","))),
            prop::collection::vec((name.clone(), inner), 0..6).prop_map(move |members| {
                let body: Vec<String> = members.into_iter().map(|(k, v)| format!("\"{k}\"{colon}{v}")).collect();
                if spaced {
                    format!("{{ {} }}", body.join(comma))
                } else {
                    format!("{{{}}}", body.join(comma))
                }
            }),
        ]
    })
}

// Found by `make mutants`: a wrong reading of `\u00xx` let `\u0008`,
// `\u000c` and the like through as canonical, where RFC 8785 writes
// `\b`, `\f`... and the text would have been hashed as it came.
#[test]
fn control_characters_with_a_short_escape_are_never_canonical_as_u00xx() {
    for (long, short) in [("0008", "\\b"), ("0009", "\\t"), ("000a", "\\n"), ("000c", "\\f"), ("000d", "\\r")] {
        let text = format!("\"x\\u{long}y\"");
        assert!(!is_canonical(&text), "{text} taken as canonical");
        let mut out = String::new();
        write_canonical_text(&text, &mut out).unwrap();
        assert_eq!(out, format!("\"x{short}y\""));
    }
    // The other control characters have no short form: \u00xx is canonical.
    for long in ["0000", "000b", "000e", "001f"] {
        let text = format!("\"x\\u{long}y\"");
        assert!(is_canonical(&text), "{text} not recognised");
    }
}

// Found by `make mutants`: names that all hold a character beyond U+FFFF
// were written in UTF-8 byte order, not the UTF-16 order RFC 8785 asks for.
// "😀😁" is D83D DE00 D83D DE01 in UTF-16, "😀｡" D83D DE00 FF61: the first
// sorts first, though its UTF-8 (F0...) sorts after "｡" (EF BD A1).
#[test]
fn names_beyond_the_bmp_sort_by_utf16_code_units() {
    let v = json!({"😀｡": 1, "😀😁": 2});
    assert_eq!(canonicalize(&v), r#"{"😀😁":2,"😀｡":1}"#);
    let mut out = String::new();
    write_canonical_text(r#"{"😀｡":1,"😀😁":2}"#, &mut out).unwrap();
    assert_eq!(out, r#"{"😀😁":2,"😀｡":1}"#);
}

// Found by `make mutants`: with the depth of nested arrays not counted, the
// strict reader took any nesting of arrays (and deep enough, overflowed
// the stack) where it refuses more than its limit.
#[test]
fn the_strict_reader_refuses_deep_nesting_of_arrays_and_objects() {
    use tracking_witness::journal::{parse_strict, JsonProblem, Numbers};
    let deep = |open: &str, close: &str, n: usize| format!("{}1{}", open.repeat(n), close.repeat(n));
    for (open, close) in [("[", "]"), ("{\"a\":", "}"), ("[{\"a\":", "}]")] {
        assert!(parse_strict(deep(open, close, 20).as_bytes(), Numbers::Integers).is_ok(), "{open}");
        let e = parse_strict(deep(open, close, 200).as_bytes(), Numbers::Integers).unwrap_err();
        assert_eq!(e.problem, JsonProblem::TooDeep, "{open}");
    }
}

// Found by `make mutants`: an exponent's sign was not consumed right and
// no test read one. Parts of a file that are neither hashed nor signed may
// hold any JSON number.
#[test]
fn the_strict_reader_reads_exponents_with_a_sign() {
    use tracking_witness::journal::{parse_strict, Numbers};
    let text = r#"[1e+5,2.5E-3,-7e-0,4E+1,3e2]"#;
    assert_eq!(parse_strict(text.as_bytes(), Numbers::Any).unwrap(), serde_json::from_str::<Value>(text).unwrap());
    assert!(parse_strict(b"[1e+]", Numbers::Any).is_err());
}

// Found by `make mutants`: a syntax error's message could leave out what
// was found there. It names the byte, as a character where it is printable.
#[test]
fn strict_syntax_errors_show_what_was_found() {
    use tracking_witness::journal::{parse_strict, JsonProblem, Numbers};
    let problem = |text: &[u8]| parse_strict(text, Numbers::Integers).unwrap_err().problem;
    assert_eq!(problem(b"[1,x]"), JsonProblem::Syntax("expected a value, found 'x'".into()));
    assert_eq!(problem(b"[1,\x01]"), JsonProblem::Syntax("expected a value, found byte 0x01".into()));
    assert_eq!(problem(b"{\"a\":1} }"), JsonProblem::Syntax("unexpected '}' after the end of the document".into()));
}

// Found by `make mutants`: a required field of the wrong JSON type passed
// the entry check, and the message's article went untested.
#[test]
fn entry_data_with_a_field_of_the_wrong_type_is_refused_by_name() {
    let good = json!({"name": "_ga", "domain": ".dwp.gov.uk", "path": "/", "value": {"length": 1, "hmac": "00"}});
    EntryType::CookieSet.check_data(&good).unwrap();
    let mut bad = good.clone();
    bad["name"] = json!(5);
    assert_eq!(EntryType::CookieSet.check_data(&bad), Err("data.name is not a string".to_owned()));
    let mut bad = good;
    bad["value"] = json!("plain text");
    assert_eq!(EntryType::CookieSet.check_data(&bad), Err("data.value is not an object".to_owned()));
}

// Found by `make mutants`: the bound for negative numbers was not tested.
#[test]
fn safe_integers_are_those_within_2_to_the_53_minus_1_either_side() {
    use tracking_witness::journal::is_safe_integer;
    for v in [json!(0), json!(-1), json!(9_007_199_254_740_991_i64), json!(-9_007_199_254_740_991_i64), json!(-3.0)] {
        assert!(is_safe_integer(&v), "{v}");
    }
    for v in [json!(9_007_199_254_740_992_i64), json!(-9_007_199_254_740_992_i64), json!(i64::MIN), json!(-0.5), json!("1")] {
        assert!(!is_safe_integer(&v), "{v}");
    }
}

// Found by `make mutants`: only a 1-minute and a 10-minute step back were
// tested, so a tolerance of about 1 minute instead of 2 went unseen.
#[test]
fn a_clock_step_back_is_flagged_beyond_two_minutes_only() {
    let steps = |back: i64| {
        let mut head = Head::default();
        let site = json!({"name": "Find a job", "hosts": ["findajob.dwp.gov.uk"]});
        let chain: Vec<Value> = [T0, T0 - back]
            .iter()
            .map(|&t| append(&mut head, t, EntryType::SiteAdded, Some("s"), site.clone()).unwrap().to_value())
            .collect();
        verify(&chain, ZERO_HASH, &Expected::default()).unwrap().clock_steps_total
    };
    assert_eq!(steps(100_000), 0, "100 s back is within the tolerance");
    assert_eq!(steps(120_000), 0, "2 minutes back exactly is within it");
    assert_eq!(steps(120_001), 1);
}

// Found by `make mutants`: JsonReader::line, which names the line of a
// problem found outside the reader (a repeated member of an evidence file),
// was only tested through tests/export.rs.
#[test]
fn the_strict_reader_counts_lines_as_it_reads() {
    use tracking_witness::journal::{JsonReader, Numbers};
    let mut r = JsonReader::new("[1,\n2]\n\n{\"a\":\n\"b\"}".as_bytes());
    assert_eq!(r.line(), 1);
    r.value(Numbers::Integers).unwrap();
    assert_eq!(r.line(), 2);
    r.value(Numbers::Integers).unwrap();
    assert_eq!(r.line(), 5);
}

// Found by `make mutants`: Expected::head was only used where the chain
// did end at the head, so an Expected that ignored it passed.
#[test]
fn expecting_a_head_refuses_a_chain_cut_short() {
    let mut head = Head::default();
    let site = json!({"name": "Find a job", "hosts": ["findajob.dwp.gov.uk"]});
    let chain: Vec<Value> =
        (0..3).map(|i| append(&mut head, T0 + i, EntryType::SiteAdded, Some("s"), site.clone()).unwrap().to_value()).collect();
    let end = Head::from(&serde_json::from_value::<Entry>(chain[2].clone()).unwrap());
    verify(&chain, ZERO_HASH, &Expected::head(end.clone())).unwrap();
    assert!(verify(&chain[..2], ZERO_HASH, &Expected::head(end)).is_err(), "the last entry cut off was not noticed");
}

// Found by the one-in-20 sample of `make mutants` (2026-12-03): what these
// print, the count problem's two wordings, the longest safe integers on
// the fast road, and integers beyond the safe range written as doubles.
#[test]
fn problems_and_entry_types_print_what_they_are() {
    use tracking_witness::journal::{parse_strict, Numbers};
    assert_eq!(EntryType::CookieSet.to_string(), "cookie.set");
    let e = parse_strict(b"[1,\nx]", Numbers::Integers).unwrap_err().to_string();
    assert!(e.contains('2') && e.contains("expected a value, found 'x'"), "{e}");
    let mut head = Head::default();
    let site = json!({"name": "Find a job", "hosts": ["findajob.dwp.gov.uk"]});
    let chain: Vec<Value> =
        (0..2).map(|i| append(&mut head, T0 + i, EntryType::SiteAdded, Some("s"), site.clone()).unwrap().to_value()).collect();
    let said = |count: u64| verify(&chain, ZERO_HASH, &Expected { count: Some(count), ..Expected::default() }).unwrap_err().to_string();
    let early = said(3);
    assert!(early.contains("ends early") && early.contains("says 3 entries but it holds 2"), "{early}");
    let more = said(1);
    assert!(more.contains("holds 2 entries where its header says 1"), "{more}");
}

#[test]
fn sixteen_digit_safe_integers_are_canonical_and_larger_ones_are_doubles() {
    for text in ["9007199254740991", "-9007199254740991", "1000000000000000", "[1234567890123456]"] {
        assert!(is_canonical(text), "{text} not recognised");
    }
    assert!(!is_canonical("10000000000000000"));
    // Beyond 2^53 an integer is written as the double nearest it, as
    // JavaScript would (RFC 8785 section 3.2.2.3).
    assert_eq!(canonicalize(&json!(-9_007_199_254_740_993_i64)), "-9007199254740992");
    assert_eq!(canonicalize(&json!(9_007_199_254_740_993_u64)), "9007199254740992");
}
