//! `tw-verify`: checks a Tracking Witness JSON evidence file.
//!
//! ```text
//! tw-verify evidence.json
//! ```
//!
//! Checks the structure the schema describes, every entry's hash, seq and
//! prevHash, the header's count and head hash, and the screenshots' hashes,
//! then prints a summary. Exit status: 0 verified, 1 does not verify,
//! 2 cannot read the file or bad usage.

use std::process::ExitCode;

use tracking_witness::export::{verify_document, DocumentFailure};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = match args.as_slice() {
        [p] if p != "-h" && p != "--help" => p,
        _ => {
            eprintln!("usage: tw-verify EVIDENCE.json\n\nChecks a Tracking Witness evidence file: structure, hash chain, screenshots.");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("tw-verify: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let doc: serde_json::Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("NOT VERIFIED: {path} is not valid JSON: {e}");
            return ExitCode::from(1);
        }
    };
    match verify_document(&doc) {
        Ok(r) => {
            let c = &r.chain;
            println!("File:        {path}");
            println!("Made:        {} by {}", r.generated_at, r.generator);
            if r.sites.is_empty() {
                println!("Sites:       none");
            }
            for (i, (id, name)) in r.sites.iter().enumerate() {
                println!("{}{name} ({id})", if i == 0 { "Sites:       " } else { "             " });
            }
            if let Some(site) = &r.filter_site {
                println!("Filtered to: site {site}");
            }
            println!("Entries:     {} (seq {} to {})", c.count, opt(c.first_seq), opt(c.head.as_ref().map(|h| h.seq)));
            if c.omitted > 0 {
                println!("Omitted:     {} entries of other sites (place in the chain checked, content not included)", c.omitted);
            }
            println!(
                "Period:      {} to {}",
                c.first_time.as_deref().unwrap_or("-"),
                c.last_time.as_deref().unwrap_or("-")
            );
            for (kind, n) in &c.types {
                println!("             {n:>7} {kind}");
            }
            println!("Screenshots: {} checked", r.screenshots);
            println!("Prev hash:   {}", r.prev_hash);
            println!("Head hash:   {}", c.head.as_ref().map_or(r.prev_hash.as_str(), |h| h.hash.as_str()));
            println!("Chain verified.");
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprintln!("NOT VERIFIED: {f}");
            if let DocumentFailure::Chain(c) = &f {
                if let Some(entry) = doc.pointer(&format!("/journal/entries/{}", c.index)) {
                    let text = entry.to_string();
                    let cut: String = text.chars().take(600).collect();
                    let more = if cut.len() < text.len() { " ..." } else { "" };
                    eprintln!("First bad entry: {cut}{more}");
                }
            }
            ExitCode::from(1)
        }
    }
}

fn opt(n: Option<u64>) -> String {
    n.map_or_else(|| "-".to_owned(), |n| n.to_string())
}
