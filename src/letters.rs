//! Letters drafted from the evidence: a subject access request, a complaint
//! to the organisation that runs a site, a complaint to the regulator, and a
//! note to an adviser.
//!
//! A letter says only what the journal shows: which companies' cookies,
//! stored data and connections were seen on the site, when, what consent
//! the site itself recorded, and what cleanups did. The law it cites
//! follows the dates of those observations: regulation 6 of the Privacy and
//! Electronic Communications Regulations 2003 (PECR) as it stood, and, for
//! what was seen from 5 February 2026, as amended by section 112 and
//! Schedule 12 of the Data (Use and Access) Act 2025 (brought into force
//! that day by SI 2026/82), whose new exception for analytics applies only
//! where the user was told and could object easily. The letter asks the
//! organisation to say if it relies on that exception rather than
//! asserting that it cannot.
//!
//! Words come from [`Texts`], filled by the extension from its `_locales`
//! (keys `letter_*`, `category_*`); English is built in. Nothing here sends
//! anything: the extension shows the draft for the user to edit, print,
//! save or copy.

use crate::vocab::spelled;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

use crate::consent::ConsentState;
use crate::error::{Error, ErrorKind, Result};
use crate::journal::{sha256_hex, Head};
use crate::model::{Category, Millis};
use crate::sites::controllers::{controller, Controller};
use crate::state::Finding;

/// The four letters (`kind` in the `letter.draft` message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterKind {
    /// UK GDPR Article 15: a copy of the personal data collected.
    SubjectAccess,
    /// A complaint to the organisation about tracking without consent.
    ComplaintOrganisation,
    /// A complaint to the regulator (the ICO) after the organisation's answer.
    ComplaintRegulator,
    /// A plain summary for a welfare-rights adviser.
    AdviserNote,
}

impl LetterKind {
    /// Every letter, in order.
    pub const ALL: [LetterKind; 4] =
        [LetterKind::SubjectAccess, LetterKind::ComplaintOrganisation, LetterKind::ComplaintRegulator, LetterKind::AdviserNote];

    /// The wire name (`"subject-access"`).
    pub fn as_str(self) -> &'static str {
        match self {
            LetterKind::SubjectAccess => "subject-access",
            LetterKind::ComplaintOrganisation => "complaint-organisation",
            LetterKind::ComplaintRegulator => "complaint-regulator",
            LetterKind::AdviserNote => "adviser-note",
        }
    }
}

/// What the extension gathers for a letter: the site's summary as
/// `site.summary` gives it, facts from the journal, and what the user typed
/// into the letter form. Every personal detail is optional; a missing one
/// becomes a bracketed gap for the user to fill.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LetterInput {
    /// Which letter.
    pub kind: LetterKind,
    /// The site: id, name, host patterns, and its preset id if it has one.
    pub site: LetterSite,
    /// The site's current findings.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// The consent the site's own consent cookie records.
    #[serde(default)]
    pub consent: ConsentState,
    /// `cleanup.result` entries of the site: when, and how many items went or failed.
    #[serde(default)]
    pub cleanups: Vec<CleanupFact>,
    /// The journal head when the letter is drafted.
    pub head: Head,
    /// The latest receipt, if one was issued.
    #[serde(default)]
    pub receipt: Option<ReceiptFact>,
    /// The user's own details, from the form.
    #[serde(default)]
    pub sender: Sender,
    /// For the regulator: when the user complained to the organisation.
    #[serde(default)]
    pub complained_on: Option<String>,
    /// For the regulator: what the organisation answered, in the user's words.
    #[serde(default)]
    pub reply: Option<String>,
    /// The evidence file the user will attach.
    #[serde(default)]
    pub evidence_file: Option<String>,
    /// Today, epoch milliseconds.
    pub now_ms: Millis,
}

/// The site a letter is about.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LetterSite {
    /// Site id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Host patterns.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// The preset it came from, which names its controller.
    #[serde(default)]
    pub preset: Option<String>,
}

/// One cleanup, from its `cleanup.result` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CleanupFact {
    /// The entry's time (RFC 3339).
    pub time: String,
    /// Items removed.
    pub removed: u64,
    /// Items that could not be removed.
    pub failed: u64,
}

/// A receipt that pinned the journal at some point.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReceiptFact {
    /// The pinned entry's seq.
    pub seq: u64,
    /// Its hash.
    pub hash: String,
    /// When the receipt was issued (RFC 3339).
    pub time: String,
}

/// The user's details, as typed into the letter form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Sender {
    /// Full name.
    #[serde(default)]
    pub name: Option<String>,
    /// Postal address, lines separated by newlines.
    #[serde(default)]
    pub address: Option<String>,
    /// Date of birth.
    #[serde(default)]
    pub date_of_birth: Option<String>,
    /// National Insurance number.
    #[serde(default)]
    pub national_insurance: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
}

/// A drafted letter: the text to edit and its printable HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Letter {
    /// Which letter.
    pub kind: LetterKind,
    /// The site id.
    pub site: String,
    /// Plain text, paragraphs separated by blank lines.
    pub text: String,
    /// The same as a self-contained HTML page, every value escaped.
    pub html: String,
    /// The journal head hash the letter cites.
    pub head_hash: String,
    /// SHA-256 of `text`'s UTF-8 bytes, which the journal records.
    pub sha256: String,
}

/// The letters' words. Keys not supplied fall back to [`Texts::DEFAULTS`];
/// `{name}` placeholders are filled in when the letter is drafted.
#[derive(Debug, Clone, Default)]
pub struct Texts {
    lang: String,
    map: HashMap<String, String>,
}

/// When the Data (Use and Access) Act 2025's changes to PECR regulation 6
/// came into force: 5 February 2026 (SI 2026/82, regulation 2).
pub const DUAA_PECR_COMMENCEMENT: &str = "2026-02-05";

impl Texts {
    /// Every key with its English text (`letter_<key>` in `_locales`).
    pub const DEFAULTS: &'static [(&'static str, &'static str)] = &[
        ("gap", "[{what}]"),
        ("gapName", "your name"),
        ("gapAddress", "your address"),
        ("gapDateOfBirth", "your date of birth"),
        ("gapNino", "your National Insurance number"),
        ("gapOrganisation", "the organisation's name and address"),
        ("gapOrgAddress", "the organisation's address for data protection complaints, from its privacy notice"),
        ("gapComplainedOn", "the date you complained to them"),
        ("gapReply", "what they answered, or that they did not answer within one month"),
        ("gapEvidenceFile", "the name of the evidence file you attach"),
        ("dear", "Dear {name},"),
        ("dearDpo", "Dear Data Protection Officer,"),
        ("faithfully", "Yours faithfully,"),
        ("sarSubject", "Subject access request: {site}"),
        ("sarIntro", "I am making a subject access request under Article 15 of the UK General Data Protection Regulation (UK GDPR). Please send me a copy of the personal data you hold about me that was collected through {site} ({hosts}), including through the companies and technologies below, which I saw on the site between {from} and {to}."),
        ("sarAsk", "For each, please also tell me why the data is used, who has received it, how long it is kept and where it came from (Article 15(1) UK GDPR)."),
        ("sarIdentity", "To help you find my records: name {name}; address {address}; date of birth {dob}; National Insurance number {nino}."),
        ("sarDeadline", "Please reply within one month of receiving this request (Article 12(3) UK GDPR). This is normally free of charge (Article 12(5) UK GDPR)."),
        ("complaintSubject", "Complaint: tracking on {site} without my consent"),
        ("complaintIntro", "I use {site} ({hosts}) as part of my claim. I am complaining about cookies and similar technologies that the site placed on my device or read from it."),
        ("consentRefused", "The site's own consent record ({cookie}) shows that I refused this kind of tracking."),
        ("consentNotGiven", "The site has no record that I agreed to this kind of tracking."),
        ("consentGiven", "The site's own consent record ({cookie}) shows the choices I made; the items below were present although they needed a consent the record does not show."),
        ("breachListIntro", "These items, which need consent, were present while I had not given it:"),
        ("noBreaches", "My records show no item that needed consent while I had not given it. I am writing about the tracking listed below."),
        ("lawBefore", "Before 5 February 2026, regulation 6 of the Privacy and Electronic Communications (EC Directive) Regulations 2003 (PECR) allowed storing or reading information on my device only with my consent, unless it was strictly necessary for the service I asked for. Analytics, advertising and session recording are not strictly necessary. Observations in this period: {from} to {to}."),
        ("lawAfter", "From 5 February 2026, regulation 6 of PECR, as amended by section 112 of and Schedule 12 to the Data (Use and Access) Act 2025, still requires consent, unless an exception in its new Schedule A1 applies. The exception for analytics used only to improve the service applies only where the user is given clear information and a simple, free way to object; it does not cover advertising. If you rely on that exception for any item above, please tell me how I was informed and how I could object. Observations in this period: {from} to {to}."),
        ("fairness", "Using my data in this way when I had not agreed is also not fair or transparent processing under Article 5(1)(a) UK GDPR."),
        ("complaintAsk", "Please stop placing or reading these items without my consent, delete the data collected through them, tell me which organisations received it, and reply within one month."),
        ("evidence", "I keep a tamper-evident record of these observations, made with Tracking Witness. At the time of writing it ends at entry {seq}, whose hash is {hash} (short form {short}). I can send the evidence file on request."),
        ("receipt", "A receipt for entry {seq} (hash {short}) was issued on {date}, so the record up to that point cannot have been rewritten since."),
        ("icoName", "Information Commissioner"),
        ("icoAddress", "Information Commissioner's Office\nWycliffe House\nWater Lane\nWilmslow\nCheshire\nSK9 5AF\n(or online at ico.org.uk/make-a-complaint)"),
        ("icoSubject", "Complaint about {organisation}: tracking on {site}"),
        ("icoIntro", "I wish to complain about {organisation}, which runs {site} ({hosts}). I use the site as part of my claim and cannot avoid it."),
        ("icoComplained", "I complained to {organisation} on {date}. Their answer: {reply}"),
        ("icoEvidence", "I attach the evidence file {file}. It can be checked without relying on my computer: its journal ends at entry {seq}, whose hash is {hash}."),
        ("icoAsk", "Please consider whether {organisation} has complied with regulation 6 of PECR and with the UK GDPR, and tell me what you decide."),
        ("adviserSubject", "Note for my adviser: tracking on {site}"),
        ("adviserIntro", "Between {from} and {to}, Tracking Witness recorded the following on {site} ({hosts}), the site I have to use for my claim."),
        ("adviserCompanies", "Companies seen, and what for:"),
        ("adviserCleanups", "I cleaned the site {n} times ({dates}). The last cleanup removed {removed} items; {failed} could not be removed."),
        ("adviserNoCleanups", "I have not cleaned the site with Tracking Witness."),
        ("adviserNothing", "Nothing was recorded on this site yet."),
        ("itemVendor", "{vendor} ({category}): {items}; seen {first} to {last}"),
        ("itemUnknown", "an unidentified party at {host} ({category}): {items}; seen {first} to {last}"),
        ("kindCookie", "cookie {name}"),
        ("kindStorage", "stored data {name}"),
        ("kindRequest", "connections to {name}"),
        ("kindBehaviour", "script behaviour {name}"),
        ("dateFormat", "{day} {month} {year}"),
        ("month1", "January"),
        ("month2", "February"),
        ("month3", "March"),
        ("month4", "April"),
        ("month5", "May"),
        ("month6", "June"),
        ("month7", "July"),
        ("month8", "August"),
        ("month9", "September"),
        ("month10", "October"),
        ("month11", "November"),
        ("month12", "December"),
    ];

    /// English, the built-in defaults.
    pub fn english() -> Self {
        Texts::new("en", HashMap::new())
    }

    /// `lang` for the HTML `lang` attribute; `map` holds the translated
    /// keys (without the `letter_` prefix) and `category_*` names.
    pub fn new(lang: &str, map: HashMap<String, String>) -> Self {
        Texts { lang: lang.to_owned(), map }
    }

    fn get<'a>(&'a self, key: &'a str) -> &'a str {
        if let Some(v) = self.map.get(key) {
            return v;
        }
        Self::DEFAULTS.iter().find(|(k, _)| *k == key).map_or(key, |(_, v)| v)
    }

    fn fill(&self, key: &str, subs: &[(&str, &str)]) -> String {
        fill(self.get(key), subs)
    }

    fn category(&self, c: Category) -> String {
        let key = format!("category_{}", c.as_str().replace('-', "_"));
        self.map.get(&key).cloned().unwrap_or_else(|| c.as_str().replace('-', " "))
    }

    fn gap(&self, what: &str) -> String {
        self.fill("gap", &[("what", self.get(what))])
    }

    /// `2026-11-02...` as "2 November 2026" in the letter's language.
    fn date(&self, rfc3339: &str) -> String {
        let parts: Vec<&str> = rfc3339.get(..10).unwrap_or("").split('-').collect();
        match parts.as_slice() {
            [y, m, d] => match (m.parse::<u8>(), d.parse::<u8>()) {
                (Ok(m @ 1..=12), Ok(d)) => {
                    let month = self.get(&format!("month{m}")).to_owned();
                    self.fill("dateFormat", &[("day", &d.to_string()), ("month", &month), ("year", y)])
                }
                _ => rfc3339.to_owned(),
            },
            _ => rfc3339.to_owned(),
        }
    }
}

/// Replaces each `{name}` in `template` once, left to right; what a value
/// contains is never read as a placeholder.
fn fill(template: &str, subs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if subs.iter().any(|(k, _)| *k == name) => {
                out.push_str(subs.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| v));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Lines of a letter: a paragraph, or a bulleted list.
enum Block {
    Para(String),
    List(Vec<String>),
}

/// Drafts the letter `input.kind` asks for.
pub fn draft(input: &LetterInput, texts: &Texts) -> Result<Letter> {
    if !crate::journal::is_hash_hex(&input.head.hash) {
        return Err(Error::new(ErrorKind::InvalidInput, "the journal head hash is not a SHA-256 hex string"));
    }
    let ctl = input.site.preset.as_deref().and_then(controller);
    let blocks = match input.kind {
        LetterKind::SubjectAccess => subject_access(input, texts, ctl),
        LetterKind::ComplaintOrganisation => complaint_organisation(input, texts, ctl),
        LetterKind::ComplaintRegulator => complaint_regulator(input, texts, ctl),
        LetterKind::AdviserNote => adviser_note(input, texts),
    };
    let text = render_text(&blocks);
    let html = render_html(&blocks, texts, &title(&blocks));
    Ok(Letter {
        kind: input.kind,
        site: input.site.id.clone(),
        sha256: sha256_hex(text.as_bytes()),
        text,
        html,
        head_hash: input.head.hash.clone(),
    })
}

fn title(blocks: &[Block]) -> String {
    // The subject line is the first paragraph that follows the addresses;
    // the renderers mark it by position, so find it the same way.
    blocks
        .iter()
        .find_map(|b| match b {
            Block::Para(p) if p.starts_with('\u{1}') => Some(p[1..].to_owned()),
            _ => None,
        })
        .unwrap_or_default()
}

fn subject(s: String) -> Block {
    // A leading U+0001 marks the subject line for the HTML heading; the
    // text renderer drops it.
    Block::Para(format!("\u{1}{s}"))
}

fn hosts(input: &LetterInput) -> String {
    input.site.hosts.iter().map(|h| h.trim_start_matches("*.")).collect::<Vec<_>>().join(", ")
}

fn opt_or_gap(v: &Option<String>, texts: &Texts, gap: &str) -> String {
    match v.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => s.to_owned(),
        _ => texts.gap(gap),
    }
}

fn sender_block(input: &LetterInput, texts: &Texts) -> Vec<Block> {
    let name = opt_or_gap(&input.sender.name, texts, "gapName");
    let address = opt_or_gap(&input.sender.address, texts, "gapAddress");
    let mut lines = vec![name, address];
    if let Some(email) = input.sender.email.as_deref().filter(|e| !e.trim().is_empty()) {
        lines.push(email.trim().to_owned());
    }
    let today = texts.date(&crate::time::rfc3339(input.now_ms));
    vec![Block::Para(lines.join("\n")), Block::Para(today)]
}

fn organisation(ctl: Option<&Controller>, texts: &Texts) -> (String, String) {
    match ctl {
        Some(c) if !c.address.is_empty() => (c.name.to_owned(), c.address.join("\n")),
        Some(c) => (c.name.to_owned(), texts.gap("gapOrgAddress")),
        None => {
            let gap = texts.gap("gapOrganisation");
            (gap.clone(), gap)
        }
    }
}

fn period<'a>(findings: impl Iterator<Item = &'a Finding>) -> Option<(String, String)> {
    let mut first: Option<&str> = None;
    let mut last: Option<&str> = None;
    for f in findings {
        first = Some(first.map_or(f.first_seen.as_str(), |x| x.min(f.first_seen.as_str())));
        last = Some(last.map_or(f.last_seen.as_str(), |x| x.max(f.last_seen.as_str())));
    }
    Some((first?.to_owned(), last?.to_owned()))
}

/// One line per company (or unidentified host), in the catalog's words.
fn company_lines<'a>(findings: impl Iterator<Item = &'a Finding>, texts: &Texts) -> Vec<String> {
    // Group by vendor, or by host when the vendor is unknown.
    let mut groups: BTreeMap<(String, bool), Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        let key = match (&f.vendor_name, &f.vendor) {
            (Some(name), _) => (name.clone(), true),
            (None, Some(id)) => (id.clone(), true),
            (None, None) => (f.host.clone(), false),
        };
        groups.entry(key).or_default().push(f);
    }
    groups
        .into_iter()
        .map(|((who, known), list)| {
            let items = list
                .iter()
                .map(|f| {
                    let key = match f.kind {
                        crate::model::FindingKind::Cookie => "kindCookie",
                        crate::model::FindingKind::Storage => "kindStorage",
                        crate::model::FindingKind::Request => "kindRequest",
                        crate::model::FindingKind::Behaviour => "kindBehaviour",
                    };
                    texts.fill(key, &[("name", &f.name)])
                })
                .collect::<Vec<_>>()
                .join(", ");
            let category = texts.category(list[0].category);
            let (first, last) = period(list.iter().copied()).unwrap_or_default();
            let (first, last) = (texts.date(&first), texts.date(&last));
            if known {
                texts
                    .fill("itemVendor", &[("vendor", &who), ("category", &category), ("items", &items), ("first", &first), ("last", &last)])
            } else {
                texts.fill("itemUnknown", &[("host", &who), ("category", &category), ("items", &items), ("first", &first), ("last", &last)])
            }
        })
        .collect()
}

fn tracking(f: &Finding) -> bool {
    !matches!(f.category, Category::Essential | Category::Functional | Category::Consent)
}

fn consent_sentence(input: &LetterInput, texts: &Texts) -> String {
    let cookie = input.consent.source.clone().unwrap_or_default();
    if input.consent.source.is_none() {
        texts.fill("consentNotGiven", &[])
    } else if input.consent.usage == Some(false) || input.consent.campaigns == Some(false) {
        texts.fill("consentRefused", &[("cookie", &cookie)])
    } else {
        texts.fill("consentGiven", &[("cookie", &cookie)])
    }
}

/// The law paragraphs for the period the listed items cover: one for what
/// was seen before the Data (Use and Access) Act's changes, one for after.
fn law(items: &[&Finding], texts: &Texts) -> Vec<Block> {
    let Some((first, last)) = period(items.iter().copied()) else { return Vec::new() };
    let mut out = Vec::new();
    let cut = DUAA_PECR_COMMENCEMENT;
    if first.as_str() < cut {
        let to = if last.as_str() < cut { last.clone() } else { "2026-02-04".to_owned() };
        out.push(Block::Para(texts.fill("lawBefore", &[("from", &texts.date(&first)), ("to", &texts.date(&to))])));
    }
    if last.as_str() >= cut {
        let from = if first.as_str() >= cut { first.clone() } else { cut.to_owned() };
        out.push(Block::Para(texts.fill("lawAfter", &[("from", &texts.date(&from)), ("to", &texts.date(&last))])));
    }
    out
}

fn short(hash: &str) -> String {
    crate::journal::short_hash(hash).unwrap_or_else(|| hash.to_owned())
}

fn evidence(input: &LetterInput, texts: &Texts) -> Vec<Block> {
    let seq = input.head.seq.to_string();
    let mut out =
        vec![Block::Para(texts.fill("evidence", &[("seq", &seq), ("hash", &input.head.hash), ("short", &short(&input.head.hash))]))];
    if let Some(r) = &input.receipt {
        out.push(Block::Para(
            texts.fill("receipt", &[("seq", &r.seq.to_string()), ("short", &short(&r.hash)), ("date", &texts.date(&r.time))]),
        ));
    }
    out
}

fn signature(input: &LetterInput, texts: &Texts) -> Vec<Block> {
    vec![Block::Para(format!("{}\n{}", texts.get("faithfully"), opt_or_gap(&input.sender.name, texts, "gapName")))]
}

fn subject_access(input: &LetterInput, texts: &Texts, ctl: Option<&Controller>) -> Vec<Block> {
    let mut b = sender_block(input, texts);
    let (_, address) = match ctl {
        Some(c) => (c.name.to_owned(), c.rights_address.join("\n")),
        None => organisation(None, texts),
    };
    b.push(Block::Para(address));
    b.push(subject(texts.fill("sarSubject", &[("site", &input.site.name)])));
    b.push(Block::Para(texts.get("dearDpo").to_owned()));
    let items: Vec<&Finding> = input.findings.iter().filter(|f| tracking(f)).collect();
    let (from, to) = period(items.iter().copied()).unwrap_or_default();
    b.push(Block::Para(texts.fill(
        "sarIntro",
        &[("site", &input.site.name), ("hosts", &hosts(input)), ("from", &texts.date(&from)), ("to", &texts.date(&to))],
    )));
    b.push(Block::List(company_lines(items.iter().copied(), texts)));
    b.push(Block::Para(texts.get("sarAsk").to_owned()));
    b.push(Block::Para(texts.fill(
        "sarIdentity",
        &[
            ("name", &opt_or_gap(&input.sender.name, texts, "gapName")),
            ("address", &opt_or_gap(&input.sender.address, texts, "gapAddress").replace('\n', ", ")),
            ("dob", &opt_or_gap(&input.sender.date_of_birth, texts, "gapDateOfBirth")),
            ("nino", &opt_or_gap(&input.sender.national_insurance, texts, "gapNino")),
        ],
    )));
    b.push(Block::Para(texts.get("sarDeadline").to_owned()));
    b.extend(evidence(input, texts));
    b.extend(signature(input, texts));
    b
}

/// The breach list and law, shared by both complaints.
fn grounds(input: &LetterInput, texts: &Texts) -> Vec<Block> {
    let mut b = vec![Block::Para(consent_sentence(input, texts))];
    let breaches: Vec<&Finding> = input.findings.iter().filter(|f| f.consent_breach).collect();
    let listed: Vec<&Finding> = if breaches.is_empty() {
        b.push(Block::Para(texts.get("noBreaches").to_owned()));
        input.findings.iter().filter(|f| tracking(f)).collect()
    } else {
        b.push(Block::Para(texts.get("breachListIntro").to_owned()));
        breaches
    };
    b.push(Block::List(company_lines(listed.iter().copied(), texts)));
    b.extend(law(&listed, texts));
    if listed.iter().any(|f| f.consent_breach) {
        b.push(Block::Para(texts.get("fairness").to_owned()));
    }
    b
}

fn complaint_organisation(input: &LetterInput, texts: &Texts, ctl: Option<&Controller>) -> Vec<Block> {
    let mut b = sender_block(input, texts);
    let (name, address) = organisation(ctl, texts);
    b.push(Block::Para(if ctl.is_some() { format!("{name}\n{address}") } else { address }));
    b.push(subject(texts.fill("complaintSubject", &[("site", &input.site.name)])));
    b.push(Block::Para(match ctl {
        Some(c) => texts.fill("dear", &[("name", c.salutation)]),
        None => texts.get("dearDpo").to_owned(),
    }));
    b.push(Block::Para(texts.fill("complaintIntro", &[("site", &input.site.name), ("hosts", &hosts(input))])));
    b.extend(grounds(input, texts));
    b.push(Block::Para(texts.get("complaintAsk").to_owned()));
    b.extend(evidence(input, texts));
    b.extend(signature(input, texts));
    b
}

fn complaint_regulator(input: &LetterInput, texts: &Texts, ctl: Option<&Controller>) -> Vec<Block> {
    let mut b = sender_block(input, texts);
    b.push(Block::Para(texts.get("icoAddress").to_owned()));
    let (name, _) = organisation(ctl, texts);
    b.push(subject(texts.fill("icoSubject", &[("organisation", &name), ("site", &input.site.name)])));
    b.push(Block::Para(texts.fill("dear", &[("name", texts.get("icoName"))])));
    b.push(Block::Para(texts.fill("icoIntro", &[("organisation", &name), ("site", &input.site.name), ("hosts", &hosts(input))])));
    let complained = match input.complained_on.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => texts.date(d),
        _ => texts.gap("gapComplainedOn"),
    };
    b.push(Block::Para(texts.fill(
        "icoComplained",
        &[("organisation", &name), ("date", &complained), ("reply", &opt_or_gap(&input.reply, texts, "gapReply"))],
    )));
    b.extend(grounds(input, texts));
    let seq = input.head.seq.to_string();
    b.push(Block::Para(texts.fill(
        "icoEvidence",
        &[("file", &opt_or_gap(&input.evidence_file, texts, "gapEvidenceFile")), ("seq", &seq), ("hash", &input.head.hash)],
    )));
    if let Some(r) = &input.receipt {
        b.push(Block::Para(
            texts.fill("receipt", &[("seq", &r.seq.to_string()), ("short", &short(&r.hash)), ("date", &texts.date(&r.time))]),
        ));
    }
    b.push(Block::Para(texts.fill("icoAsk", &[("organisation", &name)])));
    b.extend(signature(input, texts));
    b
}

fn adviser_note(input: &LetterInput, texts: &Texts) -> Vec<Block> {
    let mut b = vec![subject(texts.fill("adviserSubject", &[("site", &input.site.name)]))];
    let items: Vec<&Finding> = input.findings.iter().filter(|f| tracking(f)).collect();
    match period(input.findings.iter()) {
        None => b.push(Block::Para(texts.get("adviserNothing").to_owned())),
        Some((from, to)) => {
            b.push(Block::Para(texts.fill(
                "adviserIntro",
                &[("from", &texts.date(&from)), ("to", &texts.date(&to)), ("site", &input.site.name), ("hosts", &hosts(input))],
            )));
            b.push(Block::Para(texts.get("adviserCompanies").to_owned()));
            b.push(Block::List(company_lines(items.iter().copied(), texts)));
            b.push(Block::Para(consent_sentence(input, texts)));
            let breaches: Vec<&Finding> = input.findings.iter().filter(|f| f.consent_breach).collect();
            if !breaches.is_empty() {
                b.push(Block::Para(texts.get("breachListIntro").to_owned()));
                b.push(Block::List(company_lines(breaches.iter().copied(), texts)));
            }
        }
    }
    match input.cleanups.last() {
        None => b.push(Block::Para(texts.get("adviserNoCleanups").to_owned())),
        Some(last) => {
            let dates = input.cleanups.iter().map(|c| texts.date(&c.time)).collect::<Vec<_>>().join(", ");
            b.push(Block::Para(texts.fill(
                "adviserCleanups",
                &[
                    ("n", &input.cleanups.len().to_string()),
                    ("dates", &dates),
                    ("removed", &last.removed.to_string()),
                    ("failed", &last.failed.to_string()),
                ],
            )));
        }
    }
    b.extend(evidence(input, texts));
    b
}

/// Control characters and the bidirectional overrides and isolates: a
/// site's name holding U+202E must not reorder what the reader sees, so
/// both renderings show such characters as `\u{202e}`.
fn invisible(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn visible(s: &str) -> String {
    s.chars().map(|c| if invisible(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect()
}

fn render_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        match block {
            Block::Para(p) => out.push_str(&visible(p.trim_start_matches('\u{1}'))),
            Block::List(items) => {
                let lines: Vec<String> = items.iter().map(|i| format!("- {}", visible(i))).collect();
                out.push_str(&lines.join("\n"));
            }
        }
    }
    out.push('\n');
    out
}

fn esc(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c if invisible(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
}

fn render_html(blocks: &[Block], texts: &Texts, title: &str) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"");
    esc(&texts.lang, &mut out);
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>");
    esc(title, &mut out);
    out.push_str("</title>\n<style>body{font:12pt/1.5 Georgia,serif;max-width:40em;margin:2em auto;padding:0 1em}p,li{unicode-bidi:plaintext}</style>\n</head>\n<body>\n<main>\n");
    for block in blocks {
        match block {
            Block::Para(p) if p.starts_with('\u{1}') => {
                out.push_str("<h1 dir=\"auto\">");
                esc(&p[1..], &mut out);
                out.push_str("</h1>\n");
            }
            Block::Para(p) => {
                out.push_str("<p dir=\"auto\">");
                esc(p, &mut out);
                out.push_str("</p>\n");
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    out.push_str("<li dir=\"auto\">");
                    esc(i, &mut out);
                    out.push_str("</li>\n");
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

spelled!(LetterKind { SubjectAccess => "subject-access", ComplaintOrganisation => "complaint-organisation", ComplaintRegulator => "complaint-regulator", AdviserNote => "adviser-note" });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_once_and_values_are_not_reread() {
        assert_eq!(fill("a {x} b {y} {z}", &[("x", "{y}"), ("y", "2")]), "a {y} b 2 {z}");
        assert_eq!(fill("{", &[]), "{");
    }

    #[test]
    fn dates_are_written_in_words() {
        let t = Texts::english();
        assert_eq!(t.date("2026-11-02T10:00:00.000Z"), "2 November 2026");
        let cy = Texts::new("cy", HashMap::from([("month11".to_owned(), "Tachwedd".to_owned())]));
        assert_eq!(cy.date("2026-11-02"), "2 Tachwedd 2026");
        assert_eq!(t.date("not a date"), "not a date");
    }
}
