//! Which pages of a preset site are work-search activities for the diary
//! ([`crate::diary`]), and which page elements carry their details.
//!
//! Each rule names a path pattern (segments, `*` standing for exactly one
//! segment), the query parameters that hold a search's terms and place, and
//! CSS selectors for the text the content script may read. The content
//! script reads those elements only, and only while the diary is on; the
//! core decides from the address and that text whether the page is an
//! activity. docs/diary.md says how to add a site.

use crate::diary::{ActivityKind, ApplicationStatus};

/// A detail read from a page element's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The job's title.
    Title,
    /// The employer's name.
    Employer,
    /// The site's reference for the job.
    Reference,
}

impl Field {
    /// The name the content script reports it under.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Employer => "employer",
            Field::Reference => "reference",
        }
    }
}

/// One kind of page that is an activity.
#[derive(Debug)]
pub struct PageRule {
    /// What the page shows the user doing.
    pub kind: ActivityKind,
    /// For an application: started or submitted.
    pub status: Option<ApplicationStatus>,
    /// Path patterns, any of which matches (`/details/*`).
    pub paths: &'static [&'static str],
    /// The query parameter holding a search's terms.
    pub terms_param: Option<&'static str>,
    /// The query parameter holding a search's place.
    pub place_param: Option<&'static str>,
    /// The `*` segment of the path is the job's reference.
    pub reference_in_path: bool,
    /// Elements whose text is read: `(field, CSS selector)`.
    pub fields: &'static [(Field, &'static str)],
}

/// The diary rules of a site.
#[derive(Debug)]
pub struct SiteRules {
    /// The preset these rules belong to.
    pub preset: &'static str,
    /// Its pages that are activities, first match wins.
    pub pages: &'static [PageRule],
}

const FAJ_JOB: &[(Field, &str)] = &[(Field::Title, "main h1"), (Field::Employer, "#job-company"), (Field::Reference, "#job-reference")];
const FAJ_APPLY: &[(Field, &str)] =
    &[(Field::Title, "#apply-title"), (Field::Employer, "#job-company"), (Field::Reference, "#job-reference")];

/// Every site with diary rules. Find a job's follow its pages' addresses
/// (`/search?q=&w=`, `/details/<number>`, `/apply/<number>`); the
/// selectors are those of the stand-in (`www/findajob.dwp.gov.uk`), which
/// the real site's markup has not been checked against.
pub const RULES: &[SiteRules] = &[SiteRules {
    preset: "uk-find-a-job",
    pages: &[
        PageRule {
            kind: ActivityKind::Search,
            status: None,
            paths: &["/search", "/"],
            terms_param: Some("q"),
            place_param: Some("w"),
            reference_in_path: false,
            fields: &[],
        },
        PageRule {
            kind: ActivityKind::View,
            status: None,
            paths: &["/details/*"],
            terms_param: None,
            place_param: None,
            reference_in_path: true,
            fields: FAJ_JOB,
        },
        PageRule {
            kind: ActivityKind::Application,
            status: Some(ApplicationStatus::Submitted),
            paths: &["/apply/*/sent"],
            terms_param: None,
            place_param: None,
            reference_in_path: true,
            fields: FAJ_APPLY,
        },
        PageRule {
            kind: ActivityKind::Application,
            status: Some(ApplicationStatus::Started),
            paths: &["/apply/*"],
            terms_param: None,
            place_param: None,
            reference_in_path: true,
            fields: FAJ_APPLY,
        },
    ],
}];

/// The diary rules of preset `preset_id`, if it has any.
pub fn rules_for(preset_id: &str) -> Option<&'static SiteRules> {
    RULES.iter().find(|r| r.preset == preset_id)
}

/// The rule matching `path` (no query), with the segment its `*` stood
/// for.
pub fn page_rule<'p>(rules: &'static SiteRules, path: &'p str) -> Option<(&'static PageRule, Option<&'p str>)> {
    rules.pages.iter().find_map(|rule| rule.paths.iter().find_map(|p| path_matches(p, path)).map(|star| (rule, star)))
}

/// Whether `path` has the segments of `pattern`; `Some(star)` with what
/// the `*` segment was (`None` inside when the pattern has none).
fn path_matches<'p>(pattern: &str, path: &'p str) -> Option<Option<&'p str>> {
    let path = if path.len() > 1 { path.trim_end_matches('/') } else { path };
    let mut star = None;
    let mut want = pattern.split('/');
    let mut have = path.split('/');
    loop {
        match (want.next(), have.next()) {
            (None, None) => return Some(star),
            (Some("*"), Some(seg)) if !seg.is_empty() => star = Some(seg),
            (Some(w), Some(h)) if w == h => {}
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_segment_by_segment() {
        assert_eq!(path_matches("/details/*", "/details/1001"), Some(Some("1001")));
        assert_eq!(path_matches("/details/*", "/details/1001/"), Some(Some("1001")));
        assert_eq!(path_matches("/details/*", "/details/"), None);
        assert_eq!(path_matches("/details/*", "/details/1/more"), None);
        assert_eq!(path_matches("/apply/*/sent", "/apply/7/sent"), Some(Some("7")));
        assert_eq!(path_matches("/", "/"), Some(None));
        assert_eq!(path_matches("/", "/search"), None);
        assert_eq!(path_matches("/search", "/search"), Some(None));
    }

    #[test]
    fn find_a_job_submitted_comes_before_started() {
        let rules = rules_for("uk-find-a-job").unwrap();
        let (rule, star) = page_rule(rules, "/apply/1001/sent").unwrap();
        assert_eq!((rule.status, star), (Some(ApplicationStatus::Submitted), Some("1001")));
        let (rule, _) = page_rule(rules, "/apply/1001").unwrap();
        assert_eq!(rule.status, Some(ApplicationStatus::Started));
        assert!(page_rule(rules, "/account/saved").is_none());
        assert!(rules_for("uk-universal-credit").is_none());
    }
}
