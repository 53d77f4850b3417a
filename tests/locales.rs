//! Every user-visible string goes through `_locales`: each key the pages
//! use, and each label of the HTML report, exists in the English messages.
use std::collections::BTreeSet;
use std::path::Path;

fn messages() -> serde_json::Map<String, serde_json::Value> {
    let text = std::fs::read_to_string("extension/_locales/en/messages.json").expect("messages.json");
    serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON").as_object().unwrap().clone()
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
fn every_report_label_is_translated() {
    let m = messages();
    for (key, english) in tracking_witness::export::Labels::DEFAULTS {
        let entry = m.get(&format!("report_{key}")).unwrap_or_else(|| panic!("report_{key} missing"));
        assert_eq!(entry["message"].as_str(), Some(*english), "report_{key} differs from the report's English");
    }
}
