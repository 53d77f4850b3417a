//! Request rules for hosts that several products share, where the path
//! tells which product a request belongs to.

use super::RequestRule;
use crate::model::Category::*;

const META_SRC: &str = "https://www.facebook.com/privacy/policies/cookies/";
const ADS_SRC: &str = "https://business.safety.google/adscookies/";
const X_SRC: &str = "https://help.x.com/en/rules-and-policies/x-cookies";

const fn rule(
    host: &'static str,
    path_prefix: &'static str,
    vendor: &'static str,
    category: crate::model::Category,
    purpose: &'static str,
    source: &'static str,
) -> RequestRule {
    RequestRule { host, path_prefix, vendor, category, purpose, source: super::shipped_source(source) }
}

/// Every host-and-path rule, checked before the vendor domains.
pub static REQUESTS: &[RequestRule] = &[
    rule("facebook.com", "/tr", "meta-pixel", Advertising, "Meta pixel event sent to Facebook.", META_SRC),
    rule("google.com", "/pagead", "google-ads", Advertising, "Google Ads conversion or remarketing hit.", ADS_SRC),
    rule("google.com", "/ads", "google-ads", Advertising, "Google remarketing audience hit.", ADS_SRC),
    rule("google.co.uk", "/pagead", "google-ads", Advertising, "Google Ads conversion or remarketing hit.", ADS_SRC),
    rule("google.co.uk", "/ads", "google-ads", Advertising, "Google remarketing audience hit.", ADS_SRC),
    rule(
        "google.com",
        "/recaptcha",
        "google-recaptcha",
        Fingerprinting,
        "reCAPTCHA risk analysis.",
        "https://policies.google.com/technologies/cookies",
    ),
    rule("t.co", "/i/adsct", "x-twitter", Advertising, "X pixel conversion hit.", X_SRC),
    rule("t.co", "/1/i/adsct", "x-twitter", Advertising, "X pixel conversion hit.", X_SRC),
];
