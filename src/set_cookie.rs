//! Reads a `Set-Cookie` response header into a [`CookieObservation`], so a
//! third-party cookie seen in `webRequest` can be attributed to the page
//! that caused it. Header text comes from websites: anything malformed is
//! skipped, never guessed at.

use crate::domain;
use crate::model::{CookieObservation, Millis, SameSite};

/// Parses one header line (Firefox joins several with `\n`: split first).
/// `request_host` is the host the response came from; `now` turns
/// `Max-Age` into an expiry.
pub fn parse(line: &str, request_host: &str, now: Millis) -> Option<CookieObservation> {
    let mut parts = line.split(';');
    let (name, value) = parts.next()?.split_once('=')?;
    let name = name.trim();
    if name.is_empty() || name.len() > 4096 {
        return None;
    }
    let host = domain::normalize_host(request_host)?;
    let mut c = CookieObservation {
        name: name.to_owned(),
        value: value.trim().trim_matches('"').to_owned(),
        domain: host.clone(),
        path: "/".to_owned(),
        host_only: true,
        secure: false,
        http_only: false,
        same_site: SameSite::Unspecified,
        expiration_date: None,
        partition_key: None,
        store_id: None,
    };
    let mut max_age: Option<i64> = None;
    let mut partitioned = false;
    for attr in parts {
        let (k, v) = attr.split_once('=').map_or((attr.trim(), ""), |(k, v)| (k.trim(), v.trim()));
        match k.to_ascii_lowercase().as_str() {
            "domain" => {
                let d = v.trim_start_matches('.').to_ascii_lowercase();
                // A response may only set cookies for its own domain or a parent.
                if !d.is_empty() && domain::domain_matches(&d, &host) && !domain::is_public_suffix(&d) {
                    c.domain = format!(".{d}");
                    c.host_only = false;
                }
            }
            "path" if v.starts_with('/') => c.path = v.to_owned(),
            "secure" => c.secure = true,
            "httponly" => c.http_only = true,
            "partitioned" => partitioned = true,
            "samesite" => {
                c.same_site = match v.to_ascii_lowercase().as_str() {
                    "none" => SameSite::NoRestriction,
                    "lax" => SameSite::Lax,
                    "strict" => SameSite::Strict,
                    _ => SameSite::Unspecified,
                }
            }
            "max-age" => max_age = v.parse().ok(),
            _ => {}
        }
    }
    if let Some(secs) = max_age {
        c.expiration_date = Some((now / 1000 + secs) as f64);
    } else if line.to_ascii_lowercase().contains("expires=") {
        // The exact date format varies; a long-lived cookie is what matters,
        // and the cookie API reports the exact expiry when it can see it.
        c.expiration_date = Some((now / 1000 + 365 * 86_400) as f64);
    }
    if partitioned && c.secure {
        c.partition_key = Some(String::new());
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes() {
        let c = parse("fr=abc; Path=/; Domain=.facebook.com; Max-Age=7776000; Secure; HttpOnly; SameSite=None", "www.facebook.com", 1_000_000).unwrap();
        assert_eq!(c.domain, ".facebook.com");
        assert!(c.secure && c.http_only && !c.host_only);
        assert_eq!(c.same_site, SameSite::NoRestriction);
        assert_eq!(c.expiration_date, Some(1000.0 + 7_776_000.0));
    }

    #[test]
    fn refuses_foreign_domains_and_junk() {
        let c = parse("x=1; Domain=gov.uk", "findajob.dwp.gov.uk", 0).unwrap();
        assert_eq!(c.domain, "findajob.dwp.gov.uk");
        let c = parse("x=1; Domain=evil.example", "findajob.dwp.gov.uk", 0).unwrap();
        assert_eq!(c.domain, "findajob.dwp.gov.uk");
        assert!(parse("no equals sign", "a.example", 0).is_none());
        assert!(parse("=1", "a.example", 0).is_none());
    }
}
