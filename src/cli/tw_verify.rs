//! `tw-verify`: checks Tracking Witness JSON evidence files.
//!
//! ```text
//! tw-verify [--pin SEQ:HASH]... [--receipt TEXT|FILE]... [--tsa-cert FILE]... [--key FILE|FINGERPRINT] EVIDENCE.json...
//! ```
//!
//! Each file is read once, entry by entry (memory stays flat however long
//! it is), and checked: structure, every entry's hash, seq and prevHash,
//! the header against the chain, the withheld list against the omitted
//! stubs, the screenshots' hashes and the signature. Several files must
//! join, each continuing the one before (archives). `--pin` and `--receipt`
//! must name an entry one of the files holds, with exactly that hash.
//! Each trusted timestamp (`timestamp.added`) is checked: its token must be
//! for the entry it follows, and signed by the authority whose certificate
//! `--tsa-cert` gives (or, without it, by the certificate in the token,
//! which the output says). `--key` names the installation's key (its
//! public-key file, or its fingerprint): every file must be signed by it.
//!
//! Exit status: 0 verified; 1 does not verify; 2 cannot read a file, or bad
//! usage.

use std::fmt::Write as _;
use std::io::{Read, Seek};
use std::process::ExitCode;

use tracking_witness::export::casefile::{verify_case_file, CaseFileReport};
use tracking_witness::export::{verify_reader, DocumentFailure, DocumentReport, VerifyOptions};
use tracking_witness::journal::{is_hash_hex, short_hash, JsonProblem, CLOCK_TOLERANCE_MS};
use tracking_witness::timestamp::SignerCheck;

const USAGE: &str = "usage: tw-verify [--pin SEQ:HASH]... [--receipt TEXT|FILE]... [--tsa-cert FILE]... [--key FILE|FINGERPRINT] EVIDENCE.json|CASEFILE.zip...

Checks Tracking Witness evidence files: structure, hash chain, withheld
entries, screenshots and signature. A case file (.zip) is checked whole:
its signed manifest, every file in it, its receipts, and the evidence. Several files must continue one another,
oldest first (an archive and the files after it).
  --pin SEQ:HASH       the files must hold entry SEQ with exactly this hash
  --receipt TEXT|FILE  the same for the receipt's last line
                       (tw-receipt:1:SEQ:HASH), given as text or as a file;
                       the key fingerprint in the receipt's text, when there
                       is one, is required as --key would require it
  --tsa-cert FILE      trust this timestamp authority certificate (PEM or
                       DER; or its issuer's): every trusted timestamp must be
                       signed by it. Without it, a timestamp is checked
                       against the certificate it carries, which proves only
                       that it was not changed
  --key FILE|FINGERPRINT
                       every file must be signed by this installation's key:
                       its public-key file (the extension's options page
                       saves it), its fingerprint (5647-5aa7-5463-474c-0285)
                       or the public key itself. A file signed by any other
                       key, or not signed, does not verify
Exit status: 0 verified, 1 does not verify, 2 cannot read a file or bad usage.";

struct Pin {
    seq: u64,
    hash: String,
    from: &'static str,
}

pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Args { files, pins, certs: tsa_certs, keys } = match parse_args(&args) {
        Ok(v) => v,
        Err(m) => {
            eprintln!("tw-verify: {m}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let options = VerifyOptions { pins: pins.iter().map(|p| p.seq).collect(), tsa_certs };

    let mut failed = false;
    let mut reports: Vec<(&str, DocumentReport)> = Vec::new();
    // Who signed each verified file (and a case file's manifest), for --key.
    let mut signers: Vec<(String, Option<String>)> = Vec::new();
    for (i, path) in files.iter().enumerate() {
        if i > 0 {
            println!();
        }
        let mut file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("tw-verify: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        };
        // A case file is a zip: its first bytes say so, whatever its name.
        let mut magic = [0u8; 4];
        let zipped = file.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04";
        if let Err(e) = file.rewind() {
            eprintln!("tw-verify: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
        if zipped {
            match verify_case_file(&file, &options) {
                Ok(r) => {
                    let (text, ok) = describe_case_file(path, &r);
                    print!("{text}");
                    failed |= !ok;
                    if ok {
                        signers.push((format!("{path} (its manifest)"), r.signature.as_ref().map(|s| s.fingerprint.clone())));
                    }
                    if let (true, Some(evidence)) = (ok, r.evidence) {
                        signers.push((format!("{path} (its evidence)"), evidence.signature.as_ref().map(|s| s.fingerprint.clone())));
                        reports.push((path, evidence));
                    }
                }
                Err(e) => {
                    eprintln!("tw-verify: cannot read {path}: {e}");
                    return ExitCode::from(2);
                }
            }
            continue;
        }
        match verify_reader(file, &options) {
            Ok(r) => {
                print!("{}", describe(path, &r));
                signers.push(((*path).to_owned(), r.signature.as_ref().map(|s| s.fingerprint.clone())));
                reports.push((path, r));
            }
            Err(DocumentFailure::Json(e)) if matches!(e.problem, JsonProblem::Io(_)) => {
                eprintln!("tw-verify: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
            Err(f) => {
                failed = true;
                println!("File:        {path}");
                println!("NOT VERIFIED: {f}");
                if let DocumentFailure::Chain(_, Some(entry)) = &f {
                    println!("First bad entry: {entry}");
                }
            }
        }
    }

    let mut after = String::new();
    if reports.len() == files.len() {
        for pair in reports.windows(2) {
            match join(&pair[0], &pair[1]) {
                Ok(line) => writeln!(after, "Archive:     {line}").unwrap(),
                Err(m) => {
                    failed = true;
                    writeln!(after, "NOT VERIFIED: {m}").unwrap();
                }
            }
        }
    } else if files.len() > 1 {
        writeln!(after, "Archive:     not checked, because a file does not verify").unwrap();
    }
    for want in &keys {
        let named = want.named();
        for (what, signer) in &signers {
            match signer {
                Some(fp) if *fp == want.fingerprint => {
                    writeln!(after, "Key:         {what} is signed by {named} ({})", want.fingerprint).unwrap()
                }
                Some(fp) => {
                    failed = true;
                    writeln!(
                        after,
                        "NOT VERIFIED: {what} is signed by the key with fingerprint {fp}, not by {named} ({}): {}",
                        want.fingerprint,
                        want.why_else()
                    )
                    .unwrap();
                }
                None => {
                    failed = true;
                    writeln!(after, "NOT VERIFIED: {what} is not signed, so nothing shows it was made by {named} ({})", want.fingerprint)
                        .unwrap();
                }
            }
        }
    }
    for pin in &pins {
        match check_pin(pin, &reports) {
            Ok(line) => writeln!(after, "{:<13}{line}", format!("{}:", pin.from)).unwrap(),
            Err(m) => {
                failed = true;
                writeln!(after, "NOT VERIFIED: {m}").unwrap();
            }
        }
    }
    if !after.is_empty() {
        println!();
        print!("{after}");
    }
    println!();
    if failed {
        println!("NOT VERIFIED. Do not rely on {}.", if files.len() > 1 { "these files" } else { "this file" });
        ExitCode::from(1)
    } else {
        let what = if files.len() > 1 { format!("All {} files verified", files.len()) } else { "Verified".to_owned() };
        println!("{what}: nothing in the chain was changed, removed or reordered.");
        ExitCode::SUCCESS
    }
}

struct Args<'a> {
    files: Vec<&'a str>,
    pins: Vec<Pin>,
    certs: Vec<cms::cert::x509::Certificate>,
    /// The keys every file must be signed by: `--key`'s, and each
    /// receipt's.
    keys: Vec<Key>,
}

/// A key the files must be signed by, and who names it.
struct Key {
    fingerprint: String,
    from_receipt: bool,
}

impl Key {
    fn named(&self) -> &'static str {
        if self.from_receipt {
            "the key the receipt names"
        } else {
            "the key you named"
        }
    }

    fn why_else(&self) -> &'static str {
        if self.from_receipt {
            "it was signed by another installation than the one that issued the receipt, or someone signed it again after it was made (a key made since the receipt shows as a key.created entry)"
        } else {
            "it was not signed by that installation, or someone signed it again after it was made"
        }
    }
}

fn parse_args(args: &[String]) -> Result<Args<'_>, String> {
    let mut files = Vec::new();
    let mut pins = Vec::new();
    let mut certs = Vec::new();
    let mut keys = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => return Err("help".to_owned()),
            "--pin" => {
                let v = it.next().ok_or("--pin needs SEQ:HASH")?;
                let (seq, hash) = v.split_once(':').ok_or_else(|| format!("--pin {v:?} is not SEQ:HASH"))?;
                pins.push(
                    pin(seq, hash, "Pin").ok_or_else(|| format!("--pin {v:?} is not SEQ:HASH (a seq from 1, 64 lowercase hex digits)"))?,
                );
            }
            "--receipt" => {
                let v = it.next().ok_or("--receipt needs the receipt's text or a file holding it")?;
                let text = match std::fs::metadata(v) {
                    Ok(m) if m.is_file() => std::fs::read_to_string(v).map_err(|e| format!("cannot read the receipt {v}: {e}"))?,
                    _ => v.clone(),
                };
                let line = text
                    .lines()
                    .rev()
                    .map(str::trim)
                    .find(|l| l.starts_with("tw-receipt:"))
                    .ok_or("the receipt has no line of the form tw-receipt:1:SEQ:HASH")?;
                let parts: Vec<&str> = line.split(':').collect();
                let parsed = match parts.as_slice() {
                    ["tw-receipt", "1", seq, hash] => pin(seq, hash, "Receipt"),
                    _ => None,
                };
                pins.push(parsed.ok_or_else(|| format!("the receipt line {line:?} is not tw-receipt:1:SEQ:HASH"))?);
                // The receipt's text names the installation's key too.
                if let Some(fingerprint) = fingerprint_in(&text) {
                    keys.push(Key { fingerprint, from_receipt: true });
                }
            }
            "--tsa-cert" => {
                let v = it.next().ok_or("--tsa-cert needs a certificate file")?;
                let bytes = std::fs::read(v).map_err(|e| format!("cannot read the certificate {v}: {e}"))?;
                certs.extend(tracking_witness::timestamp::read_certificates(&bytes).map_err(|e| format!("{v}: {e}"))?);
            }
            "--key" => {
                let v = it.next().ok_or("--key needs the public-key file or the fingerprint")?;
                keys.push(Key { fingerprint: expected_key(v)?, from_receipt: false });
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => files.push(a.as_str()),
        }
    }
    if files.is_empty() {
        return Err("name at least one evidence file".to_owned());
    }
    Ok(Args { files, pins, certs, keys })
}

/// The first key fingerprint (five groups of four hex digits) in a
/// receipt's text, whatever its language.
fn fingerprint_in(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || "(),;:\"'".contains(c))
        .map(|w| w.trim_end_matches('.'))
        .find(|w| is_fingerprint(w))
        .map(str::to_ascii_lowercase)
}

fn is_fingerprint(t: &str) -> bool {
    let groups: Vec<&str> = t.split('-').collect();
    groups.len() == 5 && groups.iter().all(|g| g.len() == 4 && g.bytes().all(|c| c.is_ascii_hexdigit()))
}

/// The fingerprint `--key` names: read from a public-key file, worked out
/// from a public key, or given as it is.
fn expected_key(v: &str) -> Result<String, String> {
    use tracking_witness::export::fingerprint;
    if let Ok(m) = std::fs::metadata(v) {
        if m.is_file() {
            let text = std::fs::read_to_string(v).map_err(|e| format!("cannot read the key file {v}: {e}"))?;
            let doc: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("the key file {v} is not JSON: {e}"))?;
            let public =
                doc.get("publicKey").and_then(serde_json::Value::as_str).ok_or_else(|| format!("the key file {v} has no publicKey"))?;
            let fp = fingerprint(public).map_err(|e| format!("the key file {v}: {e}"))?;
            if doc.get("fingerprint").and_then(serde_json::Value::as_str).is_some_and(|f| f != fp) {
                return Err(format!("the key file {v} is not consistent: its fingerprint is not that of its publicKey"));
            }
            return Ok(fp);
        }
    }
    let t = v.trim().to_ascii_lowercase();
    if is_fingerprint(&t) {
        return Ok(t);
    }
    fingerprint(v.trim())
        .map_err(|_| format!("--key {v:?} is not a key file, a fingerprint (five groups of four hex digits) or a public key"))
}

fn pin(seq: &str, hash: &str, from: &'static str) -> Option<Pin> {
    let seq: u64 = seq.parse().ok().filter(|s| *s >= 1 && *s < 1 << 53)?;
    is_hash_hex(hash).then(|| Pin { seq, hash: hash.to_owned(), from })
}

fn short(hash: &str) -> String {
    short_hash(hash).unwrap_or_else(|| hash.to_owned())
}

/// What a verified file holds, the things a reader must know first at the top.
fn describe(path: &str, r: &DocumentReport) -> String {
    let c = &r.chain;
    let mut o = String::new();
    let line = |o: &mut String, label: &str, text: &str| writeln!(o, "{:<13}{text}", format!("{label}:")).unwrap();
    line(&mut o, "File", path);
    line(&mut o, "Result", "verified");
    line(&mut o, "Format", if r.version == 1 { "version 1: unsigned, no withheld list" } else { "version 2" });
    match &r.signature {
        Some(s) => line(&mut o, "Signature", &format!("valid, made by the key with fingerprint {}", s.fingerprint)),
        None => line(&mut o, "Signature", "none — this file does not show which installation made it"),
    }
    if r.version == 1 && c.omitted > 0 {
        line(&mut o, "Withheld", &format!("{} entries of other sites (a version 1 file lists no ranges)", c.omitted));
    } else if r.withheld.is_empty() {
        line(&mut o, "Withheld", "none");
    } else {
        let ranges: Vec<String> = r.withheld.iter().map(|[a, b]| if a == b { a.to_string() } else { format!("{a}-{b}") }).collect();
        line(
            &mut o,
            "Withheld",
            &format!(
                "{} entries of other sites, seq ranges {} (their place in the chain is checked, their content is not in this file)",
                c.omitted,
                ranges.join(", ")
            ),
        );
    }
    if c.clock_steps_total > 0 {
        let s = &c.clock_steps[0];
        line(
            &mut o,
            "Clock",
            &format!(
                "warning: {} entries are dated more than {} minutes before the entry before them (first: entry {} is {} earlier than entry {}); the computer's clock was changed while recording, so read times with care",
                c.clock_steps_total,
                CLOCK_TOLERANCE_MS / 60_000,
                s.seq,
                duration(s.back_ms),
                s.after_seq
            ),
        );
    }
    line(&mut o, "Made", &format!("{} by {}", r.generated_at, r.generator));
    if let Some(site) = &r.filter_site {
        line(&mut o, "Filtered to", &format!("site {site}"));
    }
    if r.filter_period.0.is_some() || r.filter_period.1.is_some() {
        let (from, to) = (&r.filter_period.0, &r.filter_period.1);
        line(&mut o, "Period asked", &format!("{} to {}", from.as_deref().unwrap_or("the start"), to.as_deref().unwrap_or("the end")));
    }
    if r.sites.is_empty() {
        line(&mut o, "Sites", "none");
    }
    for (i, (id, name)) in r.sites.iter().enumerate() {
        if i == 0 {
            line(&mut o, "Sites", &format!("{name} ({id})"));
        } else {
            writeln!(o, "             {name} ({id})").unwrap();
        }
    }
    let last = c.head.as_ref().map(|h| h.seq);
    let seqs = match (c.first_seq, last) {
        (Some(a), Some(b)) => format!(" (seq {a} to {b})"),
        _ => String::new(),
    };
    writeln!(o, "Entries:     {}{seqs}", c.count).unwrap();
    writeln!(o, "Period:      {} to {}", c.first_time.as_deref().unwrap_or("-"), c.last_time.as_deref().unwrap_or("-")).unwrap();
    for (kind, n) in &c.types {
        writeln!(o, "             {n:>7} {kind}").unwrap();
    }
    writeln!(o, "Screenshots: {} checked", r.screenshots).unwrap();
    if r.timestamps.is_empty() {
        line(&mut o, "Timestamps", "none — nothing independent says when these entries existed");
    }
    for t in &r.timestamps {
        let s = &t.stamp;
        line(
            &mut o,
            "Timestamp",
            &format!(
                "entry {} (hash {}) existed by {}, says the timestamp authority {} (entry {})",
                t.head_seq,
                short(&t.head_hash),
                s.gen_time,
                t.authority,
                t.seq
            ),
        );
        let against = match &s.checked_against {
            SignerCheck::Given => format!("signed by {}, the authority certificate you gave (--tsa-cert)", s.signer),
            SignerCheck::IssuedByGiven(ca) => format!("signed by {}, whose certificate was issued by {ca}, which you gave (--tsa-cert)", s.signer),
            SignerCheck::InToken => format!(
                "signed by {}, checked against the certificate inside the timestamp only: that this is a real timestamp authority was not checked (give its certificate with --tsa-cert)",
                s.signer
            ),
        };
        writeln!(o, "             {against}").unwrap();
    }
    writeln!(o, "Prev hash:   {}", r.prev_hash).unwrap();
    writeln!(o, "Head hash:   {} (short form {})", r.head_hash(), short(r.head_hash())).unwrap();
    writeln!(o, "Chain verified.").unwrap();
    o
}

/// What a case file holds and whether it verified (`true`): the manifest,
/// its files, its receipts, then the evidence inside it as for a JSON file.
fn describe_case_file(path: &str, r: &CaseFileReport) -> (String, bool) {
    let mut o = String::new();
    let line = |o: &mut String, label: &str, text: &str| writeln!(o, "{:<13}{text}", format!("{label}:")).unwrap();
    line(&mut o, "Case file", path);
    if let Some(m) = &r.manifest {
        match &r.signature {
            Some(s) => line(&mut o, "Manifest", &format!("signature valid, made by the key with fingerprint {}", s.fingerprint)),
            None if m.signature.is_none() => line(&mut o, "Manifest", "not signed — nothing shows which installation made this case file"),
            None => {}
        }
        line(&mut o, "Files", &format!("{} of the {} files the manifest lists match it (SHA-256 and size)", r.matched, m.files.len()));
        for (name, seq, hash) in &r.receipts {
            line(&mut o, "Receipt", &format!("{name}: entry {seq} with hash {} is in the evidence", short(hash)));
        }
        for (name, seq) in &r.timestamps {
            line(&mut o, "Token file", &format!("{name}: the token of the trusted timestamp in entry {seq} (checked below)"));
        }
    }
    for p in &r.problems {
        writeln!(o, "NOT VERIFIED: {p}").unwrap();
    }
    if let Some(evidence) = &r.evidence {
        writeln!(o).unwrap();
        o.push_str(&describe(&format!("{path} (evidence.json)"), evidence));
    }
    (o, r.problems.is_empty())
}

fn duration(ms: i64) -> String {
    let m = ms / 60_000;
    if m >= 120 {
        format!("{} hours", m / 60)
    } else {
        format!("{m} minutes")
    }
}

/// Whether `b` continues `a`, as the file after an archive does.
fn join((pa, a): &(&str, DocumentReport), (pb, b): &(&str, DocumentReport)) -> Result<String, String> {
    if let Some(c) = &b.opening_checkpoint {
        let a_last = a.chain.head.as_ref().map(|h| h.seq);
        if a_last != Some(c.previous_seq) || a.head_hash() != c.previous_hash {
            return Err(format!(
                "the archive checkpoint that opens {pb} (entry {}) says the archived part ended at entry {} with hash {}, but {pa} ends at entry {} with hash {}: the checkpoint was forged, or a file between them is missing",
                c.seq,
                c.previous_seq,
                short(&c.previous_hash),
                a_last.map_or("-".to_owned(), |s| s.to_string()),
                short(a.head_hash())
            ));
        }
        // The archive deleted exactly what the export before it held: a
        // file that holds fewer lost its start, or is not that export.
        if a.chain.count != c.archived_count {
            return Err(format!(
                "the archive checkpoint that opens {pb} (entry {}) says {} entries were archived, but {pa} holds {}: {pa} is not the whole archived part (entries were cut from its start, or it is another export)",
                c.seq, c.archived_count, a.chain.count
            ));
        }
    }
    if b.prev_hash != a.head_hash() {
        return Err(format!(
            "{pb} does not continue {pa}: it starts after the entry with hash {}, but {pa} ends with hash {}; a file between them is missing, or one was rewritten",
            short(&b.prev_hash),
            short(a.head_hash())
        ));
    }
    if let (Some(h), Some(first)) = (&a.chain.head, b.chain.first_seq) {
        if first != h.seq + 1 {
            return Err(format!("{pb} does not continue {pa}: {pa} ends at entry {}, but {pb} starts at entry {first}", h.seq));
        }
    }
    Ok(format!("{pb} continues {pa} (its chain starts where {pa} ends, hash {})", short(a.head_hash())))
}

fn check_pin(pin: &Pin, reports: &[(&str, DocumentReport)]) -> Result<String, String> {
    let what = if pin.from == "Receipt" { "the receipt" } else { "the pin" };
    for (path, r) in reports {
        if let Some(h) = r.pinned.iter().find(|h| h.seq == pin.seq) {
            if h.hash == pin.hash {
                return Ok(format!("entry {} with hash {} is in {path}, as {what} says", pin.seq, short(&pin.hash)));
            }
            return Err(format!(
                "{path} holds a different entry {} from the one {what} pins (hash {} where {what} says {}): the journal was rewritten after {what} was made",
                pin.seq,
                short(&h.hash),
                short(&pin.hash)
            ));
        }
    }
    Err(format!(
        "this file does not contain the entry {what} pins (entry {}, hash {}): the file may have been cut short or rewritten after {what} was issued",
        pin.seq,
        short(&pin.hash)
    ))
}
