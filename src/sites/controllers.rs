//! Who is responsible for a preset site's personal data (its controller
//! under the UK GDPR), and where its rights requests go, for the letters
//! ([`crate::letters`]). Only controllers confirmed from their own
//! published pages are listed; for any other site the letter leaves a gap
//! for the user to fill.

/// A site's controller and its addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Controller {
    /// The organisation's name.
    pub name: &'static str,
    /// How a letter addresses it ("Dear …").
    pub salutation: &'static str,
    /// Postal address for complaints, one line each; empty where it is not
    /// confirmed (the letter then leaves a gap for it).
    pub address: &'static [&'static str],
    /// Postal address for subject access (right of access) requests.
    pub rights_address: &'static [&'static str],
    /// Where these details are published.
    pub source: &'static str,
}

/// The Department for Work and Pensions: Find a job, Universal Credit and
/// DWP's other online services.
pub const DWP: Controller = Controller {
    name: "Department for Work and Pensions",
    salutation: "Data Protection Officer",
    address: &[],
    rights_address: &["Department for Work and Pensions", "Right of Access Requests", "Mail Handling Site A", "Wolverhampton", "WV98 2EF"],
    source: "DWP's personal information charter on GOV.UK names DWP as controller and its right-of-access route; the postal address is the one in DWP's action note 109/25 of 21 February 2025 on GOV.UK",
};

/// The controller of the preset site `preset_id`, where it is known.
pub fn controller(preset_id: &str) -> Option<&'static Controller> {
    match preset_id {
        "uk-find-a-job" | "uk-universal-credit" | "uk-dwp-online" => Some(&DWP),
        _ => None,
    }
}
