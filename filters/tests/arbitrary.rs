//! A list is a file the user picked: whatever is in it, importing and then
//! matching must answer (a list, or `InvalidInput`) and never panic, and a
//! refused file must leave the set as it was.

use proptest::prelude::*;
use tracking_witness_filters::{ErrorKind, FilterSet, RequestKind};

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9.|^*$@/?=,~#-]{0,40}",
        "\\|\\|[a-z]{1,8}\\.example\\^(\\$(third-party|script|image|ping|important|domain=[a-z]{1,5}\\.example))?",
        "@@\\|\\|[a-z]{1,8}\\.example/[a-z]{0,6}",
        "/[a-z()\\[\\]+*?\\\\]{0,12}/(\\$script)?",
        "! [ -~]{0,20}",
        "\\PC{0,20}",
    ]
}

proptest! {
    // `make fuzz` sets TW_FUZZ_CASES (a million); `cargo test` runs 128.
    #![proptest_config(ProptestConfig { cases: std::env::var("TW_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128), ..ProptestConfig::default() })]

    #[test]
    fn any_file_imports_or_is_refused(lines in prop::collection::vec(line(), 0..30), host in "[a-z]{1,8}") {
        let mut set = FilterSet::new();
        set.add_list("known", "||known.example^\n").unwrap();
        let text = lines.join("\n");
        match set.add_list("picked", &text) {
            Ok(info) => prop_assert!(info.rules > 0),
            Err(e) => {
                prop_assert_eq!(e.kind(), ErrorKind::InvalidInput);
                prop_assert_eq!(set.lists().len(), 1);
            }
        }
        let url = format!("https://{host}.example/{host}.js?x=1");
        let _ = set.match_request(&url, "https://jobs.example/", RequestKind::Script);
        prop_assert!(set.match_request("https://known.example/", "https://jobs.example/", RequestKind::Other).is_some()
            || set.lists().iter().any(|l| l.name == "picked"));
        let back = FilterSet::deserialize(&set.serialize()).unwrap();
        prop_assert_eq!(back.lists(), set.lists());
    }
}
