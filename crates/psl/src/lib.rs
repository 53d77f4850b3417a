//! Host names and registrable domains, for Tracking Witness's core and its
//! filter-list engine alike, so the two always agree on who is a third party.
//!
//! This crate owns one question: do two hosts belong to the same party?
//! It answers with the Public Suffix List (`data/public_suffix_list.dat`,
//! MPL-2.0, see the repository's `data/README.md`), embedded at compile time as a tree of
//! labels generated from it (`data/public_suffix_list.tree`) and turned
//! into one hash map the first time it is needed. It does no I/O and knows
//! nothing about sites, trackers or the browser.
//!
//! Every function takes a host as the browser reports it (ASCII, punycode
//! for international names). [`normalize_host`] turns loose input (upper
//! case, trailing dot, port, brackets) into that form; the other functions
//! expect it and, given anything else, still return without panicking.
//!
//! ```
//! use tracking_witness_psl::*;
//! assert_eq!(registrable_domain("www.universal-credit.service.gov.uk"),
//!            "universal-credit.service.gov.uk");
//! assert!(!same_party("findajob.dwp.gov.uk", "www.gov.uk"));
//! assert!(same_party("findajob.dwp.gov.uk", "account.dwp.gov.uk"));
//! ```

#![deny(missing_docs)]

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::{Mutex, OnceLock};

pub mod fast_hash;

use fast_hash::FastMap;

/// The list as a tree of labels, read right to left (see [`PSL_TREE`]'s
/// format below). Generated from `data/public_suffix_list.dat`, which stays
/// the source of truth; a test proves the two hold the same rules. The tree
/// is about a quarter smaller than the list's text once gzipped, because
/// `hokkaido.jp` is written once rather than after each of its 180 towns.
///
/// Format: licence and version lines starting with `//`, then the top-level
/// labels one per line. Each entry is `[A-Z]? label [?*+!]? ( "(" entries ")" )?`,
/// siblings inside parentheses separated by `,`:
///
/// - the optional capital says how many leading bytes are shared with the
///   previous sibling's label (`A` = 1 ... `Z` = 26), so `abashiri,Dra` is
///   `abashiri,abira`;
/// - the mark after the label says which rules the suffix carries: none for
///   a plain rule (`gov.uk`), `*` for `*.<suffix>` only, `+` for both, `!`
///   for an exception (`!www.ck`), `?` for none (it only leads to deeper
///   rules).
pub(crate) static PSL_TREE: &str = include_str!("../../../data/public_suffix_list.tree");

/// Longest host name the DNS allows, in its dotted text form.
const MAX_HOST_LEN: usize = 253;
/// Longest DNS label.
const MAX_LABEL_LEN: usize = 63;

/// What the list says about one suffix; a suffix can carry several rules
/// (`ck` is both a plain rule and the base of `*.ck`).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct RuleFlags(u8);

impl RuleFlags {
    const NORMAL: u8 = 1;
    const WILDCARD: u8 = 2;
    const EXCEPTION: u8 = 4;

    fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
}

/// Id of the tree's root, the parent of every top-level label.
const ROOT: u32 = u32::MAX;

/// One top-level label's part of the list as a hash map from (parent
/// suffix, label) to the suffix's id and rules: `(ROOT, "uk")`, then
/// `(id of uk, "gov")` for `gov.uk`, and so on. A host's suffixes are found
/// by walking its labels from the right, one lookup per label, stopping at
/// the first label the list does not know (usually the second:
/// `google-analytics` under `com`).
type Subtree = FastMap<(u32, &'static str), (u32, RuleFlags)>;

/// One node as the parser reads it: parent id, label as a byte range of the
/// decoded label text, rules.
type RawNode = (u32, usize, usize, RuleFlags);

/// Reads [`PSL_TREE`] (or a part of it): the label text with shared
/// prefixes spelled out, and the nodes in file order (a node's id is its
/// position). Tolerates any input without panicking; the tests check the
/// real data.
fn parse_tree(tree: &str) -> (String, Vec<RawNode>) {
    let body_start = tree.split_inclusive('\n').take_while(|line| line.starts_with("//")).map(str::len).sum::<usize>();
    let bytes = &tree.as_bytes()[body_start..];
    let mut labels: Vec<u8> = Vec::with_capacity(bytes.len() + bytes.len() / 2);
    let mut nodes: Vec<RawNode> = Vec::with_capacity(bytes.len() / 6);
    // Enclosing lists: their parent and previous sibling.
    let mut stack: Vec<(u32, (usize, usize))> = Vec::new();
    let mut parent = ROOT;
    let mut prev = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b',' | b'\n' => i += 1,
            b'(' => {
                stack.push((parent, prev));
                parent = u32::try_from(nodes.len()).unwrap_or(ROOT).wrapping_sub(1);
                prev = (0, 0);
                i += 1;
            }
            b')' => {
                (parent, prev) = stack.pop().unwrap_or((ROOT, (0, 0)));
                i += 1;
            }
            first => {
                let start = labels.len();
                if first.is_ascii_uppercase() {
                    let shared = usize::from(first - b'A' + 1).min(prev.1 - prev.0);
                    labels.extend_from_within(prev.0..prev.0 + shared);
                    i += 1;
                }
                let text = i;
                while i < bytes.len() && !b"?*+!(),\n".contains(&bytes[i]) && !bytes[i].is_ascii_uppercase() {
                    i += 1;
                }
                labels.extend_from_slice(&bytes[text..i]);
                let flags = match bytes.get(i) {
                    Some(b'?') => 0,
                    Some(b'*') => RuleFlags::WILDCARD,
                    Some(b'+') => RuleFlags::NORMAL | RuleFlags::WILDCARD,
                    Some(b'!') => RuleFlags::EXCEPTION,
                    _ => RuleFlags::NORMAL,
                };
                if matches!(bytes.get(i), Some(b'?' | b'*' | b'+' | b'!')) {
                    i += 1;
                }
                if i == text && start == labels.len() {
                    // Not a label at all (stray byte): skip it.
                    i += 1;
                    continue;
                }
                prev = (start, labels.len());
                nodes.push((parent, start, labels.len(), RuleFlags(flags)));
            }
        }
    }
    // Only ASCII bytes are ever copied, except from a non-ASCII input,
    // which the lossy conversion keeps from panicking.
    let labels = String::from_utf8(labels).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (labels, nodes)
}

/// Where each top-level label's line continues in [`PSL_TREE`] after the
/// label itself (its rule mark and children). Reading the whole
/// list into a map costs a few milliseconds of a waking service worker's
/// time in wasm; a host only ever needs its own top-level label's part, so
/// start-up indexes the lines (a fraction of that) and each part is read the
/// first time a host under it is seen.
fn top_level_lines() -> &'static FastMap<&'static str, (usize, usize)> {
    static LINES: OnceLock<FastMap<&'static str, (usize, usize)>> = OnceLock::new();
    LINES.get_or_init(|| {
        // The labels spelled out, one after another, and for each its
        // range there and where the rest of its line is.
        let mut text: Vec<u8> = Vec::with_capacity(16 * 1024);
        let mut spans: Vec<(usize, usize, usize, usize)> = Vec::with_capacity(1600);
        let mut prev = (0, 0);
        let mut at = 0;
        for line in PSL_TREE.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let bytes = line.as_bytes();
            if bytes.starts_with(b"//") {
                continue;
            }
            // The line's own label runs up to its rule mark or its children.
            let head = bytes.iter().position(|b| b"?*+!(,\n".contains(b)).unwrap_or(bytes.len());
            let label_start = text.len();
            let mut own = &bytes[..head];
            if let Some(&first) = own.first().filter(|b| b.is_ascii_uppercase()) {
                let shared = usize::from(first - b'A' + 1).min(prev.1 - prev.0);
                text.extend_from_within(prev.0..prev.0 + shared);
                own = &own[1..];
            }
            text.extend_from_slice(own);
            if text.len() == label_start {
                continue;
            }
            prev = (label_start, text.len());
            spans.push((label_start, text.len(), start + head, at));
        }
        // Only ASCII bytes come from the list; the labels live as long as
        // the program, like the list itself.
        let text = String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let text: &'static str = Box::leak(text.into_boxed_str());
        let mut lines = FastMap::default();
        lines.reserve(spans.len());
        for (a, b, start, end) in spans {
            if let Some(label) = text.get(a..b) {
                lines.insert(label, (start, end));
            }
        }
        lines
    })
}

/// The part of the list under top-level label `tld`, read on first use.
fn subtree(tld: &str) -> Option<&'static Subtree> {
    static READ: Mutex<Option<FastMap<&'static str, &'static Subtree>>> = Mutex::new(None);
    let (&label, &(start, end)) = top_level_lines().get_key_value(tld)?;
    let mut read = READ.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let read = read.get_or_insert_with(FastMap::default);
    if let Some(&part) = read.get(label) {
        return Some(part);
    }
    // The label is spelled out: in the file it may borrow the previous
    // line's first letters.
    let (labels, raw) = parse_tree(&format!("{label}{}", &PSL_TREE[start..end]));
    let labels: &'static str = Box::leak(labels.into_boxed_str());
    let mut nodes = Subtree::default();
    nodes.reserve(raw.len());
    for (id, &(parent, start, end, flags)) in raw.iter().enumerate() {
        let Some(label) = labels.get(start..end) else { continue };
        let id = u32::try_from(id).unwrap_or(ROOT);
        nodes.insert((parent, label), (id, flags));
    }
    let part: &'static Subtree = Box::leak(Box::new(nodes));
    read.insert(label, part);
    Some(part)
}

/// Cleans up a host name or IP literal as a browser, a user or a settings
/// file might write it: trims, lowercases, strips one trailing dot, the
/// brackets around an IPv6 literal and a `:port`.
///
/// Returns `None` for anything that is not a DNS name (labels of
/// `a-z 0-9 - _`, 1 to 63 bytes each, 253 in all), an IPv4 literal in
/// dotted-decimal form or an IPv6 literal. IPv6 literals come back in their
/// canonical short form without brackets (`::1`).
pub fn normalize_host(host: &str) -> Option<String> {
    let host = host.trim();
    if host.is_empty() || host.len() > MAX_HOST_LEN + 8 + 2 {
        // Room for a port and brackets; anything longer cannot be valid.
        return None;
    }
    if let Some(inner) = host.strip_prefix('[') {
        let (addr, after) = inner.split_once(']')?;
        if !(after.is_empty() || valid_port(after.strip_prefix(':')?)) {
            return None;
        }
        return addr.parse::<Ipv6Addr>().ok().map(|ip| ip.to_string());
    }
    if host.bytes().filter(|&b| b == b':').count() > 1 {
        return host.parse::<Ipv6Addr>().ok().map(|ip| ip.to_string());
    }
    let host = match host.split_once(':') {
        Some((name, port)) if valid_port(port) => name,
        Some(_) => return None,
        None => host,
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() || host.len() > MAX_HOST_LEN {
        return None;
    }
    let lower = host.to_ascii_lowercase();
    if lower.parse::<Ipv4Addr>().is_ok() {
        return Some(lower);
    }
    let mut last_label = "";
    for label in lower.split('.') {
        let ok_len = (1..=MAX_LABEL_LEN).contains(&label.len());
        let ok_bytes = label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !ok_len || !ok_bytes {
            return None;
        }
        last_label = label;
    }
    // URL parsers read a name ending in a number as an IPv4 address; one
    // that failed to parse as such (`1.2.3`, `256.0.0.1`) is not a host.
    if last_label.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(lower)
}

fn valid_port(port: &str) -> bool {
    (1..=5).contains(&port.len()) && port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u32>().is_ok_and(|p| p <= 65_535)
}

/// Whether `host` is an IPv4 or IPv6 literal (without brackets).
fn is_ip(host: &str) -> bool {
    if host.contains(':') {
        return host.parse::<Ipv6Addr>().is_ok();
    }
    // Cheap test first: DNS names never end in a digit-only label after
    // normalisation, so only those need a real parse.
    host.as_bytes().last().is_some_and(u8::is_ascii_digit) && host.parse::<Ipv4Addr>().is_ok()
}

/// Byte offset at which `host`'s public suffix starts, following an
/// explicit rule of the list. `None` when no rule matches (the list's
/// implicit `*` rule is left to the caller).
///
/// Walks the host's labels from the right, one lookup each, keeping the
/// longest rule seen. An exception rule ends the walk at once: the list
/// never places a rule below an exception, which a unit test checks
/// against the embedded data.
fn listed_suffix_start(host: &str) -> Option<usize> {
    let nodes = subtree(&host[host.rfind('.').map_or(0, |dot| dot + 1)..])?;
    let mut parent = ROOT;
    let mut end = host.len();
    let mut best = None;
    loop {
        let start = host[..end].rfind('.').map_or(0, |dot| dot + 1);
        let Some(&(id, flags)) = nodes.get(&(parent, &host[start..end])) else { return best };
        if flags.has(RuleFlags::EXCEPTION) {
            // `!www.ck`: the suffix is the exception minus its first label.
            return (end < host.len()).then_some(end + 1);
        }
        if flags.has(RuleFlags::NORMAL) {
            best = Some(start);
        }
        if start == 0 {
            return best;
        }
        if flags.has(RuleFlags::WILDCARD) {
            // `*.ck`: one more label, whatever it is.
            best = Some(host[..start - 1].rfind('.').map_or(0, |dot| dot + 1));
        }
        parent = id;
        end = start - 1;
    }
}

/// Whether `host` is itself a public suffix by an explicit rule of the list
/// (`co.uk`, `gov.uk`, `service.gov.uk`, `uk`, anything under `*.ck`
/// except `www.ck`).
///
/// The list's implicit `*` rule, which makes every unknown top-level label
/// a suffix, is not applied: `localhost` and other single-label intranet
/// names are hosts, not suffixes. IP literals are never suffixes.
pub fn is_public_suffix(host: &str) -> bool {
    !host.is_empty() && !is_ip(host) && listed_suffix_start(host) == Some(0)
}

/// The registrable domain (eTLD+1) of a normalized host, borrowed from it:
/// the public suffix plus one label. See [`registrable_domain`].
pub fn registrable_domain_str(host: &str) -> &str {
    if host.is_empty() || !host.contains('.') || is_ip(host) {
        return host;
    }
    let suffix_start = match listed_suffix_start(host) {
        Some(0) => return host,
        Some(start) => start,
        // Implicit `*` rule: the last label is the suffix.
        None => host.rfind('.').map_or(0, |dot| dot + 1),
    };
    // `suffix_start` follows a dot, so `suffix_start - 1` is that dot.
    match host[..suffix_start - 1].rfind('.') {
        Some(dot) => &host[dot + 1..],
        None => host,
    }
}

/// The registrable domain (eTLD+1) of a normalized host: the public suffix
/// plus one label, so `findajob.dwp.gov.uk` gives `dwp.gov.uk` and
/// `www.universal-credit.service.gov.uk` gives
/// `universal-credit.service.gov.uk`.
///
/// IP literals, `localhost`, other single-label names and hosts that are a
/// public suffix themselves (`co.uk`, `service.gov.uk`) give the host
/// itself. The result is always a suffix of `host`.
pub fn registrable_domain(host: &str) -> String {
    registrable_domain_str(host).to_owned()
}

/// `host` in normalized form ([`normalize_host`]), borrowed when it already
/// is (the usual case); `None` when it is not a host.
pub fn canonical(host: &str) -> Option<Cow<'_, str>> {
    let already = !host.is_empty()
        && host.len() <= MAX_HOST_LEN
        && !host.ends_with('.')
        && host.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' || b == b'.');
    if already && !host.starts_with('.') && !host.contains("..") {
        Some(Cow::Borrowed(host))
    } else {
        normalize_host(host).map(Cow::Owned)
    }
}

/// Whether two hosts have the same registrable domain, so belong to the same
/// party. Inputs are normalized first; a host that does not normalize is
/// nobody's party and never matches.
pub fn same_party(a: &str, b: &str) -> bool {
    match (canonical(a), canonical(b)) {
        (Some(a), Some(b)) => registrable_domain_str(&a) == registrable_domain_str(&b),
        _ => false,
    }
}

/// Cookie domain-matching (RFC 6265 §5.1.3): whether a cookie whose bare
/// domain (leading dot removed) is `domain` is sent to `host`. True when the
/// two are equal, or `host` ends with `.` + `domain` and neither is an IP
/// literal. Comparison ignores ASCII case.
pub fn domain_matches(domain: &str, host: &str) -> bool {
    if domain.is_empty() {
        return false;
    }
    if host.eq_ignore_ascii_case(domain) {
        return true;
    }
    if host.len() <= domain.len() || is_ip(host) || is_ip(domain) {
        return false;
    }
    let split = host.len() - domain.len();
    host.as_bytes()[split - 1] == b'.' && host.is_char_boundary(split) && host[split..].eq_ignore_ascii_case(domain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet, HashMap};

    #[test]
    fn normalizes_names_ports_and_dots() {
        assert_eq!(normalize_host(" FindAJob.DWP.gov.uk. ").as_deref(), Some("findajob.dwp.gov.uk"));
        assert_eq!(normalize_host("localhost:8080").as_deref(), Some("localhost"));
        assert_eq!(normalize_host("_dmarc.example.com").as_deref(), Some("_dmarc.example.com"));
        assert_eq!(normalize_host("xn--55qx5d.cn").as_deref(), Some("xn--55qx5d.cn"));
    }

    #[test]
    fn normalizes_ip_literals() {
        assert_eq!(normalize_host("127.0.0.1:443").as_deref(), Some("127.0.0.1"));
        assert_eq!(normalize_host("[::1]").as_deref(), Some("::1"));
        assert_eq!(normalize_host("[0:0::1]:8443").as_deref(), Some("::1"));
        assert_eq!(normalize_host("2001:DB8::1").as_deref(), Some("2001:db8::1"));
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            " ",
            ".",
            "..",
            "a..b",
            "a b.com",
            "a/b",
            "user@host",
            "host:",
            "host:99999",
            "host:12ab",
            "[::1",
            "[::1]x",
            "[nope]",
            "1.2.3",
            "256.1.1.1",
            "ex ample.com",
            "http://x.com",
            "münchen.de",
            "a,b",
            "*.gov.uk",
        ] {
            assert_eq!(normalize_host(bad), None, "{bad:?}");
        }
        let long_label = format!("{}.com", "a".repeat(64));
        assert_eq!(normalize_host(&long_label), None);
        let long_host = ["abcdefghi"; 26].join(".");
        assert!(long_host.len() > MAX_HOST_LEN);
        assert_eq!(normalize_host(&long_host), None);
    }

    #[test]
    fn registrable_domains() {
        let cases = [
            ("findajob.dwp.gov.uk", "dwp.gov.uk"),
            ("www.gov.uk", "www.gov.uk"),
            ("gov.uk", "gov.uk"),
            ("service.gov.uk", "service.gov.uk"),
            ("www.universal-credit.service.gov.uk", "universal-credit.service.gov.uk"),
            ("universal-credit.service.gov.uk", "universal-credit.service.gov.uk"),
            ("a.b.example.co.uk", "example.co.uk"),
            ("co.uk", "co.uk"),
            ("uk", "uk"),
            ("localhost", "localhost"),
            ("127.0.0.1", "127.0.0.1"),
            ("::1", "::1"),
            ("region1.analytics.google.com", "google.com"),
            ("x.y.unknowntld", "y.unknowntld"),
            // Wildcard and exception rules.
            ("foo.bar.ck", "foo.bar.ck"),
            ("bar.ck", "bar.ck"),
            ("www.ck", "www.ck"),
            ("a.www.ck", "www.ck"),
            ("city.kawasaki.jp", "city.kawasaki.jp"),
            ("x.city.kawasaki.jp", "city.kawasaki.jp"),
            ("x.y.kawasaki.jp", "x.y.kawasaki.jp"),
            // International rule stored as punycode (公司.cn).
            ("shop.xn--55qx5d.cn", "shop.xn--55qx5d.cn"),
            ("a.shop.xn--55qx5d.cn", "shop.xn--55qx5d.cn"),
            // Private section.
            ("user.github.io", "user.github.io"),
        ];
        for (host, want) in cases {
            assert_eq!(registrable_domain(host), want, "{host}");
        }
    }

    #[test]
    fn public_suffixes() {
        for yes in ["uk", "co.uk", "gov.uk", "service.gov.uk", "com", "bar.ck", "github.io"] {
            assert!(is_public_suffix(yes), "{yes}");
        }
        for no in ["www.ck", "dwp.gov.uk", "localhost", "127.0.0.1", "::1", "", "intranet"] {
            assert!(!is_public_suffix(no), "{no}");
        }
    }

    #[test]
    fn parties() {
        assert!(same_party("findajob.dwp.gov.uk", "FINDAJOB.dwp.gov.uk."));
        assert!(!same_party("x.co.uk", "y.co.uk"));
        assert!(!same_party("127.0.0.1", "127.0.0.2"));
        assert!(same_party("127.0.0.1", "127.0.0.1"));
        assert!(!same_party("", ""));
        assert!(!same_party("a b", "a b"));
    }

    #[test]
    fn cookie_domain_matching() {
        assert!(domain_matches("dwp.gov.uk", "findajob.dwp.gov.uk"));
        assert!(domain_matches("dwp.gov.uk", "dwp.gov.uk"));
        assert!(domain_matches("DWP.gov.uk", "findajob.dwp.gov.uk"));
        assert!(!domain_matches("wp.gov.uk", "findajob.dwp.gov.uk"));
        assert!(!domain_matches("findajob.dwp.gov.uk", "dwp.gov.uk"));
        assert!(!domain_matches("", "dwp.gov.uk"));
        assert!(domain_matches("127.0.0.1", "127.0.0.1"));
        assert!(!domain_matches("0.0.1", "127.0.0.1"));
        assert!(!domain_matches("1", "127.0.0.1"));
        assert!(!domain_matches("é", "aé"));
    }

    /// The rules of `data/public_suffix_list.dat` as written there
    /// (`gov.uk`, `*.ck`, `!www.ck`).
    fn listed_rules() -> Vec<&'static str> {
        PSL_TEXT.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")).collect()
    }

    static PSL_TEXT: &str = include_str!("../../../data/public_suffix_list.dat");

    /// The rules the shipped tree holds, spelled as in the list.
    fn tree_rules() -> BTreeSet<String> {
        let (labels, nodes) = parse_tree(PSL_TREE);
        let suffix = |mut id: usize| {
            let mut parts = Vec::new();
            loop {
                let (parent, start, end, _) = nodes[id];
                parts.push(&labels[start..end]);
                if parent == ROOT {
                    return parts.join(".");
                }
                id = parent as usize;
            }
        };
        let mut rules = BTreeSet::new();
        for (id, &(_, _, _, flags)) in nodes.iter().enumerate() {
            let s = suffix(id);
            if flags.has(RuleFlags::NORMAL) {
                assert!(rules.insert(s.clone()));
            }
            if flags.has(RuleFlags::WILDCARD) {
                assert!(rules.insert(format!("*.{s}")));
            }
            if flags.has(RuleFlags::EXCEPTION) {
                assert!(rules.insert(format!("!{s}")));
            }
        }
        rules
    }

    /// Writes the tree form of a list (the format [`PSL_TREE`] documents).
    fn tree_of_list(list: &str) -> String {
        #[derive(Default)]
        struct Node {
            flags: u8,
            children: BTreeMap<String, Node>,
        }
        let mut root = Node::default();
        for rule in list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")) {
            let (name, flag) = if let Some(rest) = rule.strip_prefix("*.") {
                (rest, RuleFlags::WILDCARD)
            } else if let Some(rest) = rule.strip_prefix('!') {
                (rest, RuleFlags::EXCEPTION)
            } else {
                (rule, RuleFlags::NORMAL)
            };
            let mut node = &mut root;
            for label in name.rsplit('.') {
                assert!(
                    !label.is_empty() && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'),
                    "{rule}: the tree format needs plain lower-case labels"
                );
                node = node.children.entry(label.to_owned()).or_default();
            }
            node.flags |= flag;
        }
        fn write(out: &mut String, children: &BTreeMap<String, Node>, separator: char) {
            let mut prev = "";
            for (i, (label, node)) in children.iter().enumerate() {
                if i > 0 {
                    out.push(separator);
                }
                let shared = prev.bytes().zip(label.bytes()).take_while(|(a, b)| a == b).count().min(26);
                if shared > 0 {
                    out.push(char::from(b'A' + shared as u8 - 1));
                }
                out.push_str(&label[shared..]);
                out.push_str(match node.flags {
                    RuleFlags::NORMAL => "",
                    0 => "?",
                    RuleFlags::WILDCARD => "*",
                    f if f == RuleFlags::NORMAL | RuleFlags::WILDCARD => "+",
                    RuleFlags::EXCEPTION => "!",
                    f => panic!("{label}: rules {f} cannot be written"),
                });
                if !node.children.is_empty() {
                    out.push('(');
                    write(out, &node.children, ',');
                    out.push(')');
                }
                prev = label;
            }
        }
        let mut out = String::new();
        for line in list.lines().take_while(|l| l.starts_with("//")) {
            if !line.contains("===") {
                out.push_str(line);
                out.push('\n');
            }
        }
        write(&mut out, &root.children, '\n');
        out.push('\n');
        out
    }

    // Regenerate with `TW_UPDATE_PSL=1 cargo test --lib psl_tree_is_generated_from_the_list`.
    #[test]
    fn psl_tree_is_generated_from_the_list() {
        let generated = tree_of_list(PSL_TEXT);
        if std::env::var_os("TW_UPDATE_PSL").is_some() {
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/public_suffix_list.tree"), &generated).unwrap();
        }
        assert!(generated == PSL_TREE, "data/public_suffix_list.tree is stale: run with TW_UPDATE_PSL=1");
        // The licence notice and the version travel with the data.
        assert!(PSL_TREE.starts_with("// This Source Code Form is subject to the terms of the Mozilla Public"));
        assert!(PSL_TREE.contains("// VERSION: ") && PSL_TREE.contains("// COMMIT: "));
    }

    #[test]
    fn psl_tree_holds_exactly_the_rules_of_the_list() {
        let listed: BTreeSet<String> = listed_rules().into_iter().map(str::to_owned).collect();
        assert_eq!(listed.len(), listed_rules().len(), "the list repeats a rule");
        let in_tree = tree_rules();
        assert_eq!(in_tree.len(), listed.len());
        assert!(in_tree == listed, "differ: {:?}", in_tree.symmetric_difference(&listed).take(5).collect::<Vec<_>>());
        // Every node is reachable through the per-label parts, and each
        // top-level label has its own line.
        let (labels, nodes) = parse_tree(PSL_TREE);
        let tops: Vec<&str> = nodes.iter().filter(|n| n.0 == ROOT).map(|n| &labels[n.1..n.2]).collect();
        assert_eq!(top_level_lines().len(), tops.len());
        let in_parts: usize = tops.iter().map(|t| subtree(t).expect("a part for every top-level label").len()).sum();
        assert_eq!(in_parts, nodes.len());
    }

    /// The list read the plain way: every rule looked up by its whole
    /// suffix, longest first (the algorithm the tree replaced).
    fn reference_suffix_start(host: &str) -> Option<usize> {
        static RULES: OnceLock<HashMap<&'static str, u8>> = OnceLock::new();
        let rules = RULES.get_or_init(|| {
            let mut map = HashMap::new();
            for rule in listed_rules() {
                let (key, flag) = match (rule.strip_prefix("*."), rule.strip_prefix('!')) {
                    (Some(rest), _) => (rest, RuleFlags::WILDCARD),
                    (_, Some(rest)) => (rest, RuleFlags::EXCEPTION),
                    _ => (rule, RuleFlags::NORMAL),
                };
                *map.entry(key).or_default() |= flag;
            }
            map
        });
        let flags = |s: &str| RuleFlags(rules.get(s).copied().unwrap_or(0));
        let mut start = 0;
        loop {
            let here = flags(&host[start..]);
            if here.has(RuleFlags::EXCEPTION) {
                return host[start..].find('.').map(|dot| start + dot + 1);
            }
            let parent = host[start..].find('.').map(|dot| start + dot + 1);
            let parent_flags = parent.map(|p| flags(&host[p..])).unwrap_or_default();
            if here.has(RuleFlags::NORMAL) || parent_flags.has(RuleFlags::WILDCARD) {
                return Some(start);
            }
            start = parent?;
        }
    }

    #[test]
    fn tree_walk_agrees_with_the_plain_list() {
        let mut checked = 0;
        for rule in listed_rules() {
            let name = rule.trim_start_matches("*.").trim_start_matches('!');
            for host in [name.to_owned(), format!("x.{name}"), format!("a.x.{name}"), format!("www.{name}.evil")] {
                assert_eq!(listed_suffix_start(&host), reference_suffix_start(&host), "{host}");
                checked += 1;
            }
        }
        for host in ["", ".", "..", "a..uk", ".uk", "uk.", "x.y.unknowntld", "localhost", "::1", "1.2.3.4"] {
            assert_eq!(listed_suffix_start(host), reference_suffix_start(host), "{host:?}");
        }
        assert!(checked > 40_000);
    }

    #[test]
    fn data_has_no_rule_below_an_exception() {
        // listed_suffix_start stops at an exception; that is only the
        // prevailing rule if no other rule sits below it.
        let rules = listed_rules();
        let exceptions: Vec<&str> = rules.iter().filter_map(|r| r.strip_prefix('!')).collect();
        assert!(!exceptions.is_empty());
        for exception in exceptions {
            let below = format!(".{exception}");
            assert!(!rules.iter().any(|r| r.ends_with(&below)), "{exception}");
            assert!(!rules.iter().any(|r| *r == exception || r.strip_prefix("*.") == Some(exception)), "{exception}");
        }
        assert!(rules.contains(&"service.gov.uk"));
        assert!(rules.len() > 9_000);
    }

    proptest! {
        #[test]
        fn normalize_never_panics(s in "\\PC{0,80}") {
            let _ = normalize_host(&s);
        }

        #[test]
        fn normalize_is_idempotent(s in "[a-zA-Z0-9.:\\[\\]_-]{0,40}") {
            if let Some(n) = normalize_host(&s) {
                prop_assert_eq!(normalize_host(&n), Some(n.clone()));
            }
        }

        #[test]
        fn registrable_domain_is_a_suffix(s in "([a-z0-9-]{1,8}\\.){0,5}(uk|com|gov\\.uk|service\\.gov\\.uk|ck|jp|[a-z]{2,6})") {
            let rd = registrable_domain(&s);
            prop_assert!(s.ends_with(&rd));
            prop_assert!(rd == s || s[..s.len() - rd.len()].ends_with('.'));
            prop_assert!(same_party(&s, &rd) || normalize_host(&s).is_none());
        }

        #[test]
        fn registrable_domain_of_anything_is_a_suffix(s in "\\PC{0,60}") {
            let rd = registrable_domain(&s);
            prop_assert!(s.ends_with(&rd));
            let _ = is_public_suffix(&s);
            let _ = domain_matches(&s, &rd);
        }
    }
}
