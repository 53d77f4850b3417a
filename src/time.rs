//! Timestamps in the one textual form the evidence uses: RFC 3339, UTC,
//! milliseconds, `Z` (`2026-11-22T11:53:56.123Z`). No clock is read here.

use crate::error::{Error, ErrorKind, Result};
use crate::model::Millis;

/// Formats epoch milliseconds as RFC 3339 UTC with milliseconds.
pub fn rfc3339(ms: Millis) -> String {
    let secs = ms.div_euclid(1000);
    let milli = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z", sod / 3600, (sod / 60) % 60, sod % 60);
    }
    // Every entry carries one of these: written digit by digit, since the
    // formatting machinery costs several times more (most of all in wasm).
    let mut out = [0u8; 24];
    let mut put = |at: usize, value: i64, digits: usize| {
        let mut v = value;
        for i in (0..digits).rev() {
            out[at + i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, y, 4);
    put(5, m, 2);
    put(8, d, 2);
    put(11, sod / 3600, 2);
    put(14, (sod / 60) % 60, 2);
    put(17, sod % 60, 2);
    put(20, milli, 3);
    for (at, sep) in [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':'), (19, b'.'), (23, b'Z')] {
        out[at] = sep;
    }
    out.iter().map(|&b| char::from(b)).collect()
}

/// The UTC calendar day (`2026-11-22`) of epoch milliseconds.
pub fn day(ms: Millis) -> String {
    rfc3339(ms)[..10].to_owned()
}

/// Parses the form [`rfc3339`] writes (and the same without milliseconds,
/// or with a `+00:00` offset). Other offsets are refused: evidence is UTC.
pub fn parse_rfc3339(s: &str) -> Result<Millis> {
    let bad = || Error::new(ErrorKind::InvalidInput, format!("not an RFC 3339 UTC time: {s:?}"));
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't') || b[13] != b':' || b[16] != b':' {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Result<i64> {
        let t = s.get(r).ok_or_else(bad)?;
        if !t.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        t.parse().map_err(|_| bad())
    };
    let (y, mo, d, h, mi, se) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 60 {
        return Err(bad());
    }
    let mut rest = &s[19..];
    let mut milli = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(bad());
        }
        let mut f = frac[..digits.min(3)].to_owned();
        while f.len() < 3 {
            f.push('0');
        }
        milli = f.parse::<i64>().map_err(|_| bad())?;
        rest = &frac[digits..];
    }
    if !(rest == "Z" || rest == "z" || rest == "+00:00") {
        return Err(bad());
    }
    let days = days_from_civil(y, mo, d);
    Ok(((days * 86_400) + h * 3600 + mi * 60 + se) * 1000 + milli)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's public-domain algorithms for the proleptic Gregorian calendar.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_795_434_836_123), "2026-11-23T11:53:56.123Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn refuses_offsets_and_junk() {
        assert!(parse_rfc3339("2026-11-22T08:33:56+01:00").is_err());
        assert!(parse_rfc3339("2026-02-30T00:00:00Z").is_err());
        assert!(parse_rfc3339("yesterday").is_err());
        assert_eq!(parse_rfc3339("2026-11-22T08:33:56Z").unwrap(), 1_795_336_436_000);
    }

    proptest! {
        #[test]
        fn round_trips(ms in -62_135_596_800_000i64..253_402_300_799_999) {
            prop_assert_eq!(parse_rfc3339(&rfc3339(ms)).unwrap(), ms);
        }

        /// The digit-by-digit form is the one `format!` writes, years
        /// outside 0000-9999 included (they take the `format!` path).
        #[test]
        fn written_as_format_writes_it(ms in -70_000_000_000_000i64..300_000_000_000_000) {
            let (secs, milli) = (ms.div_euclid(1000), ms.rem_euclid(1000));
            let (days, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
            let (y, m, d) = civil_from_days(days);
            let want = format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z", sod / 3600, (sod / 60) % 60, sod % 60);
            prop_assert_eq!(rfc3339(ms), want);
        }
    }
}
