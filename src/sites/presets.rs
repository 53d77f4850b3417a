//! Sites the extension knows out of the box, grouped by country.
//!
//! Each preset records where its host names were checked. `confirmed: false`
//! marks a host we could not confirm from a public source; the options page
//! shows that, and docs/sites.md lists them.

/// A preset site.
#[derive(Debug)]
pub struct Preset {
    /// Stable id (`uk-find-a-job`), used in settings files.
    pub id: &'static str,
    /// ISO 3166 alpha-2 country code.
    pub country: &'static str,
    /// Name shown to the user.
    pub name: &'static str,
    /// Host patterns: a host name, or `*.domain` for a domain and its subdomains.
    pub hosts: &'static [&'static str],
    /// Public page that names these hosts.
    pub source: &'static str,
    /// Whether the hosts were confirmed against that source.
    pub confirmed: bool,
}

/// Every preset. The manifest's `host_permissions` must cover each preset's
/// registrable domains; a test checks that.
pub const PRESETS: &[Preset] = &[
    Preset { id: "uk-find-a-job", country: "GB", name: "Find a job (DWP)", hosts: &["findajob.dwp.gov.uk"], source: "https://www.gov.uk/find-a-job", confirmed: true },
    Preset { id: "uk-universal-credit", country: "GB", name: "Universal Credit", hosts: &["www.universal-credit.service.gov.uk"], source: "https://www.gov.uk/sign-in-universal-credit", confirmed: true },
    Preset { id: "uk-gov-uk", country: "GB", name: "GOV.UK", hosts: &["www.gov.uk"], source: "https://www.gov.uk/help/cookies", confirmed: true },
    Preset { id: "uk-one-login", country: "GB", name: "GOV.UK One Login", hosts: &["signin.account.gov.uk", "home.account.gov.uk"], source: "https://www.gov.uk/using-your-gov-uk-one-login", confirmed: true },
    Preset { id: "uk-dwp-online", country: "GB", name: "DWP online services", hosts: &["*.dwp.gov.uk"], source: "https://www.gov.uk/government/organisations/department-for-work-pensions", confirmed: false },
    Preset { id: "uk-myworksearch", country: "GB", name: "MyWorkSearch", hosts: &["www.myworksearch.co.uk"], source: "DWP Freedom of Information reply VTR 5248 (23 December 2014) on the My Work Search website used in DWP back-to-work schemes, copy at https://docslib.org/doc/13961760/dwp-central-freedom-of-information-team", confirmed: true },
    Preset { id: "us-usajobs", country: "US", name: "USAJOBS", hosts: &["www.usajobs.gov"], source: "https://www.usajobs.gov/", confirmed: true },
    Preset { id: "us-login-gov", country: "US", name: "Login.gov", hosts: &["secure.login.gov"], source: "https://login.gov/help/", confirmed: true },
    Preset { id: "au-workforce-australia", country: "AU", name: "Workforce Australia", hosts: &["www.workforceaustralia.gov.au"], source: "https://www.workforceaustralia.gov.au/", confirmed: true },
    Preset { id: "au-mygov", country: "AU", name: "myGov", hosts: &["my.gov.au"], source: "https://my.gov.au/", confirmed: true },
    Preset { id: "de-arbeitsagentur", country: "DE", name: "Bundesagentur für Arbeit", hosts: &["www.arbeitsagentur.de"], source: "https://www.arbeitsagentur.de/", confirmed: true },
    Preset { id: "fr-france-travail", country: "FR", name: "France Travail", hosts: &["www.francetravail.fr", "candidat.francetravail.fr"], source: "https://www.francetravail.fr/", confirmed: true },
    Preset { id: "ie-jobsireland", country: "IE", name: "JobsIreland", hosts: &["jobsireland.ie", "www.jobsireland.ie"], source: "https://jobsireland.ie/en-US/privacy (maintained by the Department of Social Protection)", confirmed: true },
    Preset { id: "ie-mywelfare", country: "IE", name: "MyWelfare", hosts: &["www.mywelfare.ie"], source: "https://www.mywelfare.ie/", confirmed: true },
    Preset { id: "ca-job-bank", country: "CA", name: "Job Bank", hosts: &["www.jobbank.gc.ca"], source: "https://www.jobbank.gc.ca/", confirmed: true },
    Preset { id: "nz-work-and-income", country: "NZ", name: "Work and Income", hosts: &["www.workandincome.govt.nz", "my.msd.govt.nz"], source: "https://www.workandincome.govt.nz/", confirmed: true },
    Preset { id: "nl-werk-nl", country: "NL", name: "werk.nl", hosts: &["www.werk.nl"], source: "https://www.werk.nl/", confirmed: true },
];

/// The preset with that id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}
