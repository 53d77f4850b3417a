//! Every user-visible string goes through `_locales`: each key the pages
//! use, and each label of the HTML report, exists in the English messages.
use std::collections::BTreeSet;
use std::path::Path;

fn messages() -> serde_json::Map<String, serde_json::Value> {
    locale("en")
}

fn locale(lang: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = format!("extension/_locales/{lang}/messages.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON").as_object().unwrap().clone()
}

/// `$NAME$` and `{name}` markers in a message, sorted.
fn markers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (open, close) in [(b'$', b'$'), (b'{', b'}')] {
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == open {
                let end = bytes[i + 1..].iter().position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'));
                if let Some(n) = end {
                    if n > 0 && bytes[i + 1 + n] == close {
                        out.push(text[i..i + n + 2].to_owned());
                        i += n + 2;
                        continue;
                    }
                }
            }
            i += 1;
        }
    }
    out.sort();
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("js" | "html" | "json")) {
            out.push(p);
        }
    }
}

/// Keys a page text refers to: data-i18n attributes, t("key") calls and
/// __MSG_key__ in the manifest.
fn used_keys(text: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for marker in ["data-i18n=\"", "data-i18n-label=\"", "data-i18n-title=\"", "data-i18n-placeholder=\"", "t(\"", "__MSG_"] {
        for (i, _) in text.match_indices(marker) {
            // `get("url")` is not `t("url")`.
            if marker == "t(\"" && text[..i].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') {
                continue;
            }
            let rest = &text[i + marker.len()..];
            let key: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let key = if marker == "__MSG_" { key.trim_end_matches('_').to_owned() } else { key };
            if !key.is_empty() {
                keys.insert(key);
            }
        }
    }
    keys
}

#[test]
fn every_key_the_extension_uses_is_translated() {
    let m = messages();
    let mut all = Vec::new();
    files(Path::new("extension"), &mut all);
    let mut missing = Vec::new();
    for f in all {
        if f.ends_with("messages.json") {
            continue;
        }
        for key in used_keys(&std::fs::read_to_string(&f).unwrap()) {
            // `t("kind_" + kind)`: some key must start with the prefix.
            let known = if key.ends_with('_') { m.keys().any(|k| k.starts_with(&key)) } else { m.contains_key(&key) };
            if !known {
                missing.push(format!("{}: {key}", f.display()));
            }
        }
    }
    assert!(missing.is_empty(), "missing from _locales/en/messages.json: {missing:#?}");
}

#[test]
fn every_letter_text_is_translated() {
    let m = messages();
    for (key, english) in tracking_witness::letters::Texts::DEFAULTS {
        let entry = m.get(&format!("letter_{key}")).unwrap_or_else(|| panic!("letter_{key} missing"));
        assert_eq!(entry["message"].as_str(), Some(*english), "letter_{key} differs from the letter's English");
    }
}

#[test]
fn every_report_label_is_translated() {
    let m = messages();
    for (key, english) in tracking_witness::export::Labels::DEFAULTS {
        let entry = m.get(&format!("report_{key}")).unwrap_or_else(|| panic!("report_{key} missing"));
        assert_eq!(entry["message"].as_str(), Some(*english), "report_{key} differs from the report's English");
    }
}

#[test]
fn every_diary_summary_label_is_translated() {
    let m = messages();
    for (key, english) in tracking_witness::diary::export::DiaryLabels::DEFAULTS {
        let entry = m.get(&format!("diary_report_{key}")).unwrap_or_else(|| panic!("diary_report_{key} missing"));
        assert_eq!(entry["message"].as_str(), Some(*english), "diary_report_{key} differs from the summary's English");
    }
}

/// Welsh is complete: every English message has a Welsh one with the same
/// placeholders (and the same `{name}` markers for the report), and Welsh
/// has nothing English lacks.
#[test]
fn welsh_has_every_english_message() {
    let en = messages();
    let cy = locale("cy");
    let mut problems = Vec::new();
    for (key, entry) in &en {
        let Some(welsh) = cy.get(key) else {
            problems.push(format!("{key}: no Welsh entry"));
            continue;
        };
        let (e, w) = (entry["message"].as_str().unwrap_or(""), welsh["message"].as_str().unwrap_or(""));
        if w.trim().is_empty() {
            problems.push(format!("{key}: Welsh message is empty"));
        }
        if markers(e) != markers(w) {
            problems.push(format!("{key}: placeholders differ: {:?} vs {:?}", markers(e), markers(w)));
        }
        if entry.get("placeholders") != welsh.get("placeholders") {
            problems.push(format!("{key}: placeholder definitions differ"));
        }
    }
    for key in cy.keys().filter(|k| !en.contains_key(*k)) {
        problems.push(format!("{key}: in Welsh but not in English"));
    }
    assert!(problems.is_empty(), "extension/_locales/cy/messages.json: {problems:#?}");
}

#[test]
fn markers_are_found() {
    assert_eq!(markers("Saved $COUNT$ entries as $FILE$."), ["$COUNT$", "$FILE$"]);
    assert_eq!(markers("Generated {time} by {generator}; costs $5"), ["{generator}", "{time}"]);
}
