//! The JSON evidence file: the format of record, described by
//! `docs/evidence.schema.json` and checked by `tw-verify`.

use serde_json::Value;

use super::{ExportInput, Item, Selection, StoredEntry};
use crate::journal::write_value;

/// The `format` member of every evidence file.
pub const FORMAT: &str = "tracking-witness/evidence";
/// The `version` member this code writes and reads.
pub const VERSION: u64 = 1;

/// The JSON evidence file for `input`.
///
/// Members: `format`, `version`, `generatedAt`, `generator`, `environment`,
/// `filter`, `sites`, `screenshots`, `journal {prevHash, count, omitted,
/// firstSeq, lastSeq, headHash, entries}`. Each entry sits on its own line;
/// nested objects are in canonical (RFC 8785) form, so the same input
/// always gives the same bytes.
pub fn to_json(input: &ExportInput) -> String {
    let sel = Selection::new(input);
    let mut out = String::with_capacity(sel.size_hint(260, 1.05));
    out.push_str("{\n\"format\":");
    str_lit(FORMAT, &mut out);
    out.push_str(",\n\"version\":");
    out.push_str(&VERSION.to_string());
    out.push_str(",\n\"generatedAt\":");
    str_lit(&crate::time::rfc3339(input.generated_at_ms), &mut out);
    out.push_str(",\n\"generator\":{\"name\":");
    str_lit(&input.generator.name, &mut out);
    out.push_str(",\"version\":");
    str_lit(&input.generator.version, &mut out);
    out.push_str("},\n\"environment\":");
    match &input.environment {
        Value::Null => out.push_str("{}"),
        env => write_value(env, &mut out),
    }
    out.push_str(",\n\"filter\":{\"site\":");
    opt_str(input.filter.site.as_deref(), &mut out);
    out.push_str(",\"from\":");
    opt_str(input.filter.from.map(crate::time::rfc3339).as_deref(), &mut out);
    out.push_str(",\"to\":");
    opt_str(input.filter.to.map(crate::time::rfc3339).as_deref(), &mut out);
    out.push_str("},\n\"sites\":[");
    for (i, s) in sel.sites.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        write_value(s, &mut out);
    }
    out.push_str("],\n\"screenshots\":{");
    for (i, (sha, url)) in sel.screenshots(&input.screenshots).into_iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        str_lit(sha, &mut out);
        out.push(':');
        str_lit(url, &mut out);
    }
    out.push_str("},\n\"journal\":{\"prevHash\":");
    str_lit(sel.prev_hash, &mut out);
    out.push_str(",\"count\":");
    out.push_str(&sel.items.len().to_string());
    out.push_str(",\"omitted\":");
    out.push_str(&sel.omitted.to_string());
    out.push_str(",\"firstSeq\":");
    opt_num(sel.items.first().map(|i| i.entry().seq), &mut out);
    out.push_str(",\"lastSeq\":");
    opt_num(sel.items.last().map(|i| i.entry().seq), &mut out);
    out.push_str(",\"headHash\":");
    str_lit(sel.head_hash(), &mut out);
    out.push_str(",\"entries\":[");
    for (i, item) in sel.items.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        match item {
            Item::Full(e) => e.write_json(&mut out),
            Item::Omitted(e) => write_stub(e, &mut out),
        }
    }
    out.push_str("\n]}\n}\n");
    out
}

fn write_stub(e: &StoredEntry, out: &mut String) {
    out.push_str("{\"seq\":");
    out.push_str(&e.seq.to_string());
    out.push_str(",\"omitted\":true,\"prevHash\":");
    str_lit(&e.prev_hash, out);
    out.push_str(",\"hash\":");
    str_lit(&e.hash, out);
    out.push('}');
}

fn str_lit(s: &str, out: &mut String) {
    crate::journal::write_string(s, out);
}

fn opt_str(s: Option<&str>, out: &mut String) {
    match s {
        Some(s) => str_lit(s, out),
        None => out.push_str("null"),
    }
}

fn opt_num(n: Option<u64>, out: &mut String) {
    match n {
        Some(n) => out.push_str(&n.to_string()),
        None => out.push_str("null"),
    }
}
