//! Reads a `Set-Cookie` response header into a [`CookieObservation`], so a
//! third-party cookie seen in `webRequest` can be attributed to the page
//! that caused it. Header text comes from websites: anything malformed is
//! skipped, never guessed at, and numbers are clamped to what a browser
//! would keep, with the attribute as written kept beside them.

use crate::domain;
use crate::model::{CookieObservation, Millis, SameSite};

/// The longest a browser keeps a cookie: 400 days (RFC 6265bis §5.5;
/// Chromium and Firefox both cap expiries there).
pub const MAX_LIFETIME_SECONDS: i64 = 400 * 86_400;

/// One `Set-Cookie` line, read.
#[derive(Debug, Clone, PartialEq)]
pub struct SetCookie {
    /// The cookie, with its expiry clamped to [`MAX_LIFETIME_SECONDS`].
    pub cookie: CookieObservation,
    /// `Max-Age` of zero or less, or an `Expires` in the past: the header
    /// deletes the cookie instead of setting it.
    pub expired: bool,
    /// The expiry attribute as written (`Max-Age=99999999999999999`), when
    /// it was clamped or could not be read.
    pub raw_expiry: Option<String>,
}

/// Parses one header line (Firefox joins several with `\n`: split first).
/// `request_host` is the host the response came from; `now` turns
/// `Max-Age` into an expiry.
pub fn parse(line: &str, request_host: &str, now: Millis) -> Option<CookieObservation> {
    read(line, request_host, now).map(|s| s.cookie)
}

/// Like [`parse`], with whether the line deletes the cookie and the raw
/// expiry attribute.
pub fn read(line: &str, request_host: &str, now: Millis) -> Option<SetCookie> {
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
    // The last of each attribute wins (RFC 6265 §5.3).
    let mut max_age: Option<(&str, Option<i64>)> = None;
    let mut expires: Option<(&str, Option<i64>)> = None;
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
            "max-age" => max_age = Some((attr.trim(), max_age_seconds(v))),
            "expires" => expires = Some((attr.trim(), cookie_date(v))),
            _ => {}
        }
    }
    let now_s = now.div_euclid(1000);
    let mut expired = false;
    let mut raw_expiry = None;
    // Max-Age wins over Expires; an unreadable Max-Age is ignored (§5.2.2).
    let lifetime = match (max_age, expires) {
        (Some((_, Some(secs))), _) => Some(secs),
        (m, Some((_, Some(at)))) => {
            if let Some((raw_m, None)) = m {
                raw_expiry = Some(raw_m.to_owned());
            }
            Some(at.saturating_sub(now_s))
        }
        (Some((raw, None)), _) | (None, Some((raw, None))) => {
            raw_expiry = Some(raw.to_owned());
            None
        }
        (None, None) => None,
    };
    if let Some(secs) = lifetime {
        if secs <= 0 {
            expired = true;
            c.expiration_date = Some(now_s.saturating_add(secs).max(0) as f64);
        } else {
            if secs > MAX_LIFETIME_SECONDS {
                let used = max_age.filter(|(_, secs)| secs.is_some()).or(expires);
                raw_expiry = used.map(|(raw, _)| raw.to_owned());
            }
            c.expiration_date = Some(now_s.saturating_add(secs.min(MAX_LIFETIME_SECONDS)) as f64);
        }
    }
    if partitioned && c.secure {
        c.partition_key = Some(String::new());
    }
    Some(SetCookie { cookie: c, expired, raw_expiry })
}

/// `Max-Age`: an optional `-` and digits (§5.2.2); a number too large for
/// 64 bits saturates rather than being refused, since it still says "long".
fn max_age_seconds(v: &str) -> Option<i64> {
    let (neg, digits) = v.strip_prefix('-').map_or((false, v), |d| (true, d));
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = digits.bytes().fold(0i64, |n, b| n.saturating_mul(10).saturating_add(i64::from(b - b'0')));
    Some(if neg { -n } else { n })
}

/// A cookie date (RFC 6265 §5.1.1): the lenient algorithm browsers use, in
/// seconds since the epoch. `None` when it is not a date.
fn cookie_date(v: &str) -> Option<i64> {
    let delimiter =
        |c: char| c == '\t' || (' '..='/').contains(&c) || (';'..='@').contains(&c) || ('['..='`').contains(&c) || ('{'..='~').contains(&c);
    let (mut time, mut day, mut month, mut year) = (None, None, None, None);
    for token in v.split(delimiter).filter(|t| !t.is_empty()) {
        if time.is_none() {
            if let Some(t) = hms(token) {
                time = Some(t);
                continue;
            }
        }
        let digits = token.bytes().take_while(u8::is_ascii_digit).count();
        if day.is_none() && (1..=2).contains(&digits) {
            day = token[..digits].parse::<i64>().ok();
            continue;
        }
        if month.is_none() && token.len() >= 3 {
            const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
            if let Some(m) = token.get(..3).and_then(|p| MONTHS.iter().position(|m| p.eq_ignore_ascii_case(m))) {
                month = Some(m as i64 + 1);
                continue;
            }
        }
        if year.is_none() && (2..=4).contains(&digits) {
            year = token[..digits].parse::<i64>().ok();
        }
    }
    let (h, mi, s) = time?;
    let (d, m, mut y) = (day?, month?, year?);
    if (70..=99).contains(&y) {
        y += 1900;
    } else if (0..=69).contains(&y) {
        y += 2000;
    }
    if !(1..=31).contains(&d) || y < 1601 || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    Some(crate::time::days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + s)
}

fn hms(token: &str) -> Option<(i64, i64, i64)> {
    let mut it = token.split(':');
    let mut part = || -> Option<i64> {
        let p = it.next()?;
        let digits = p.bytes().take_while(u8::is_ascii_digit).count();
        (1..=2).contains(&digits).then(|| p[..digits].parse().ok()).flatten()
    };
    let t = (part()?, part()?, part()?);
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes() {
        let c =
            parse("fr=abc; Path=/; Domain=.facebook.com; Max-Age=7776000; Secure; HttpOnly; SameSite=None", "www.facebook.com", 1_000_000)
                .unwrap();
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

    // Issue 11: Max-Age=99999999999999999 gave a retention above 2^53 and
    // `now/1000 + i64::MAX` overflowed.
    #[test]
    fn huge_max_age_is_clamped_and_kept_as_written() {
        let now = 1_800_000_000_000;
        for raw in ["Max-Age=99999999999999999", "Max-Age=9223372036854775807", "max-age=999999999999999999999999999"] {
            let s = read(&format!("big=1; {raw}"), "a.example", now).unwrap();
            assert_eq!(s.cookie.expiration_date, Some((now / 1000 + MAX_LIFETIME_SECONDS) as f64), "{raw}");
            assert_eq!(s.raw_expiry.as_deref(), Some(raw));
            assert!(!s.expired);
        }
        let s = read("ok=1; Max-Age=3600", "a.example", now).unwrap();
        assert_eq!(s.raw_expiry, None, "nothing clamped, nothing to keep");
    }

    // Issue 11: an Expires in 1970 was journaled as cookie.set with a year's retention.
    #[test]
    fn a_past_expiry_or_zero_max_age_deletes() {
        let now = 1_800_000_000_000;
        for line in [
            "gone=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "gone=; Max-Age=0",
            "gone=; Max-Age=-1",
            "gone=; expires=Wed, 21-Oct-2015 07:28:00 GMT",
        ] {
            assert!(read(line, "a.example", now).unwrap().expired, "{line}");
        }
        let s = read("later=1; Expires=Fri, 01 Jan 2027 10:00:00 GMT", "a.example", 1_790_000_000_000).unwrap();
        assert!(!s.expired);
        assert_eq!(s.cookie.expiration_date, Some(1_798_797_600.0));
        // Max-Age wins over Expires.
        assert!(!read("x=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60", "a.example", now).unwrap().expired);
        // An unreadable date is no expiry, kept as written.
        let s = read("x=1; Expires=someday", "a.example", now).unwrap();
        assert_eq!((s.cookie.expiration_date, s.raw_expiry.as_deref()), (None, Some("Expires=someday")));
    }

    #[test]
    fn far_expires_is_clamped() {
        let now = 1_800_000_000_000;
        let s = read("x=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT", "a.example", now).unwrap();
        assert_eq!(s.cookie.expiration_date, Some((now / 1000 + MAX_LIFETIME_SECONDS) as f64));
        assert_eq!(s.raw_expiry.as_deref(), Some("Expires=Fri, 31 Dec 9999 23:59:59 GMT"));
    }
}
