//! Letters drafted from the evidence (`src/letters.rs`), from findings the
//! engine really produced. The expected words are the law and the
//! addresses as published (PECR reg. 6, the Data (Use and Access) Act
//! 2025's commencement on 5 February 2026, DWP's right-of-access address),
//! not read back from the code.
use serde_json::json;
use tracking_witness::letters::{draft, LetterInput, Texts};
use tracking_witness::model::CookieObservation;
use tracking_witness::sites::SiteConfig;
use tracking_witness::state::Engine;

const HEAD: &str = "3018d506cd186b17c00f9908f3e621edd20e9ef5d1ba2e4fc21bd694752ff8d6";

fn ms(rfc3339: &str) -> i64 {
    tracking_witness::time::parse_rfc3339(rfc3339).unwrap()
}

/// Find a job with the user's refusal recorded, and Google Analytics' and
/// Google Ads' cookies seen at `times`.
fn input(kind: &str, times: &[&str], refused: bool, extra: serde_json::Value) -> LetterInput {
    let mut engine = Engine::new(SiteConfig::with_presets(&["uk-find-a-job"]).unwrap());
    let t0 = ms(times[0]);
    if refused {
        let policy = "%7B%22essential%22%3Atrue%2C%22settings%22%3Afalse%2C%22usage%22%3Afalse%2C%22campaigns%22%3Afalse%7D";
        engine.observe_cookie(None, &CookieObservation::new("cookies_policy", policy, ".dwp.gov.uk"), t0);
    }
    for (i, t) in times.iter().enumerate() {
        let ga =
            CookieObservation { expiration_date: Some(2.0e9), ..CookieObservation::new("_ga", &format!("GA1.2.{i}.1"), ".dwp.gov.uk") };
        engine.observe_cookie(None, &ga, ms(t));
        let ads =
            CookieObservation { expiration_date: Some(2.0e9), ..CookieObservation::new("_gcl_au", &format!("1.1.{i}"), ".dwp.gov.uk") };
        engine.observe_cookie(None, &ads, ms(t));
    }
    let summary = serde_json::to_value(engine.summary("findajob.dwp.gov.uk").unwrap()).unwrap();
    let mut v = json!({
        "kind": kind,
        "site": {"id": "uk-find-a-job", "name": "Find a job (DWP)", "hosts": ["findajob.dwp.gov.uk"], "preset": "uk-find-a-job"},
        "findings": summary["findings"],
        "consent": summary["consent"],
        "head": {"seq": 1234, "hash": HEAD},
        "nowMs": ms("2026-12-01T10:00:00.000Z"),
    });
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    serde_json::from_value(v).unwrap()
}

fn text(kind: &str, times: &[&str], refused: bool, extra: serde_json::Value) -> String {
    draft(&input(kind, times, refused, extra), &Texts::english()).unwrap().text
}

#[test]
fn subject_access_request_goes_to_dwp_and_names_what_was_seen() {
    let letter = draft(
        &input(
            "subject-access",
            &["2026-11-02T09:00:00.000Z", "2026-11-20T09:00:00.000Z"],
            true,
            json!({"sender": {"name": "Ann Example", "nationalInsurance": "QQ123456C"}}),
        ),
        &Texts::english(),
    )
    .unwrap();
    let t = &letter.text;
    for expected in [
        "Department for Work and Pensions",
        "Right of Access Requests",
        "Wolverhampton",
        "WV98 2EF",
        "Article 15",
        "Ann Example",
        "QQ123456C",
        "Google Analytics",
        "_ga",
        "2 November 2026",
        "20 November 2026",
        HEAD,
        "1234",
        "1 December 2026",
    ] {
        assert!(t.contains(expected), "missing {expected:?} in:\n{t}");
    }
    // Details the user did not give are gaps to fill, not inventions.
    assert!(t.contains("[your date of birth]"), "{t}");
    assert_eq!(letter.sha256, tracking_witness::journal::sha256_hex(t.as_bytes()));
    assert_eq!(letter.head_hash, HEAD);
    assert!(letter.html.starts_with("<!DOCTYPE html>") && letter.html.contains("<html lang=\"en\">"));
}

#[test]
fn the_law_cited_follows_the_dates_of_the_observations() {
    let before = text("complaint-organisation", &["2025-11-02T09:00:00.000Z", "2026-01-10T09:00:00.000Z"], true, json!({}));
    assert!(before.contains("Before 5 February 2026") && !before.contains("From 5 February 2026"), "{before}");
    assert!(before.contains("2 November 2025 to 10 January 2026"), "{before}");

    let after = text("complaint-organisation", &["2026-03-01T09:00:00.000Z"], true, json!({}));
    assert!(after.contains("From 5 February 2026") && !after.contains("Before 5 February 2026"), "{after}");
    assert!(after.contains("Data (Use and Access) Act 2025"), "{after}");

    let both = text("complaint-organisation", &["2026-01-20T09:00:00.000Z", "2026-02-10T09:00:00.000Z"], true, json!({}));
    assert!(both.contains("20 January 2026 to 4 February 2026"), "{both}");
    assert!(both.contains("5 February 2026 to 10 February 2026"), "{both}");
}

#[test]
fn a_complaint_says_what_the_consent_record_shows_and_no_more() {
    let refused = text("complaint-organisation", &["2026-11-02T09:00:00.000Z"], true, json!({}));
    assert!(refused.contains("shows that I refused"), "{refused}");
    assert!(refused.contains("needed consent") || refused.contains("need consent"), "{refused}");
    assert!(refused.contains("Article 5(1)(a)"), "a breach is unfair processing: {refused}");
    let silent = text("complaint-organisation", &["2026-11-02T09:00:00.000Z"], false, json!({}));
    assert!(silent.contains("no record that I agreed"), "{silent}");
    assert!(!silent.contains("I refused"), "never claims a refusal the record does not show: {silent}");
}

#[test]
fn the_regulator_complaint_carries_the_answer_and_the_evidence() {
    let t = text(
        "complaint-regulator",
        &["2026-11-02T09:00:00.000Z"],
        true,
        json!({"reply": "They said the cookies are essential.", "complainedOn": "2026-11-05", "evidenceFile": "tracking-witness-evidence.json",
               "receipt": {"seq": 1200, "hash": HEAD, "time": "2026-11-25T12:00:00.000Z"}}),
    );
    for expected in [
        "Information Commissioner's Office",
        "SK9 5AF",
        "Department for Work and Pensions",
        "5 November 2026",
        "They said the cookies are essential.",
        "tracking-witness-evidence.json",
        HEAD,
        "3018-d506-cd18-6b17",
        "25 November 2026",
    ] {
        assert!(t.contains(expected), "missing {expected:?} in:\n{t}");
    }
    let gaps = text("complaint-regulator", &["2026-11-02T09:00:00.000Z"], true, json!({}));
    assert!(gaps.contains("[what they answered"), "{gaps}");
}

#[test]
fn the_adviser_note_counts_cleanups() {
    let t = text(
        "adviser-note",
        &["2026-11-02T09:00:00.000Z"],
        true,
        json!({"cleanups": [{"time": "2026-11-03T10:00:00.000Z", "removed": 5, "failed": 0}, {"time": "2026-11-04T10:00:00.000Z", "removed": 3, "failed": 1}]}),
    );
    assert!(t.contains("2 times (3 November 2026, 4 November 2026)"), "{t}");
    assert!(t.contains("removed 3 items; 1 could not"), "{t}");
}

#[test]
fn site_strings_are_escaped_in_the_html_and_unknown_controllers_are_gaps() {
    let mut i = input("complaint-organisation", &["2026-11-02T09:00:00.000Z"], true, json!({}));
    i.site.name = "<script>alert(1)</script>\u{202e}evil".to_owned();
    i.site.preset = None;
    let letter = draft(&i, &Texts::english()).unwrap();
    assert!(!letter.html.contains("<script>"), "{}", letter.html);
    assert!(letter.html.contains("&lt;script&gt;"));
    assert!(letter.html.contains("\\u{202e}") && letter.text.contains("\\u{202e}"), "bidi overrides are shown as escapes");
    assert!(!letter.text.contains('\u{202e}'));
    assert!(letter.text.contains("[the organisation's name and address]"), "{}", letter.text);
}

#[test]
fn welsh_words_replace_english_ones() {
    let map =
        std::collections::HashMap::from([("month11".to_owned(), "Tachwedd".to_owned()), ("faithfully".to_owned(), "Yn gywir,".to_owned())]);
    let letter = draft(&input("subject-access", &["2026-11-02T09:00:00.000Z"], true, json!({})), &Texts::new("cy", map)).unwrap();
    assert!(letter.text.contains("2 Tachwedd 2026") && letter.text.contains("Yn gywir,"), "{}", letter.text);
    assert!(letter.html.contains("<html lang=\"cy\">"));
}

#[test]
fn a_bad_head_is_refused() {
    let mut i = input("adviser-note", &["2026-11-02T09:00:00.000Z"], true, json!({}));
    i.head.hash = "not-a-hash".to_owned();
    assert!(draft(&i, &Texts::english()).is_err());
}
