//! Web-storage keys, IndexedDB names and cache names the catalog
//! recognises. Storage has no expiry of its own, so retentions are `None`
//! unless the vendor documents one it enforces itself.

use super::Name::{Exact, Prefix, Template};
use super::Pattern;
use crate::model::Category::*;

const DT: Option<&str> = Some("dynatrace");
const DT_SRC: &str = "https://docs.dynatrace.com/docs/manage/data-privacy-and-security/data-privacy/rum-cookies-and-web-storage";
const HJ: Option<&str> = Some("hotjar");
const HJ_SRC: &str = "https://help.hotjar.com/hc/en-us/articles/6952777582999-Cookies-Set-by-the-Hotjar-Tracking-Code";
const SEG: Option<&str> = Some("segment");
const SEG_SRC: &str = "https://segment.com/docs/connections/sources/catalog/libraries/website/javascript/identity/";
const UET: Option<&str> = Some("microsoft-advertising");
const UET_SRC: &str = "https://learn.microsoft.com/en-us/advertising/guides/universal-event-tracking";

const ZD: Option<&str> = Some("zendesk");
const OCD_SRC: &str = super::vendors::OCD_SRC;
const DDM: Option<&str> = Some("datadome");
const DDM_SRC: &str = "https://docs.datadome.co/docs/cookie-session-storage";

/// Every storage-key pattern.
pub static STORAGE: &[Pattern] = &[
    // --- Dynatrace (keys may carry a configured suffix) -------------------
    Pattern::new(Prefix("rxVisitor"), DT, PerformanceMonitoring, None, "Dynatrace visitor id that links sessions.", DT_SRC),
    Pattern::new(Prefix("rxvisitid"), DT, PerformanceMonitoring, None, "Dynatrace id of the current visit.", DT_SRC),
    Pattern::new(Prefix("rxvt"), DT, PerformanceMonitoring, None, "Dynatrace session timeout time.", DT_SRC),
    Pattern::new(Prefix("dtCookie"), DT, PerformanceMonitoring, None, "Dynatrace copy of its session cookie.", DT_SRC),
    Pattern::new(Prefix("dtPC"), DT, PerformanceMonitoring, None, "Dynatrace copy of its page-context cookie.", DT_SRC).unconfirmed(),
    Pattern::new(Prefix("dtSa"), DT, PerformanceMonitoring, None, "Dynatrace user action carried across pages.", DT_SRC).unconfirmed(),
    // --- Session replay ---------------------------------------------------
    Pattern::new(Template("_hjSessionUser_<id>"), HJ, SessionReplay, None, "Hotjar user id for this site.", HJ_SRC),
    Pattern::new(Template("_hjSession_<id>"), HJ, SessionReplay, None, "Hotjar data for the current session.", HJ_SRC),
    Pattern::new(Exact("hjViewportId"), HJ, SessionReplay, None, "Hotjar id of this tab's viewport.", HJ_SRC).unconfirmed(),
    Pattern::new(Exact("hjActiveViewportIds"), HJ, SessionReplay, None, "Hotjar ids of the open tabs.", HJ_SRC).unconfirmed(),
    Pattern::new(Prefix("_hj"), HJ, SessionReplay, None, "Other Hotjar storage.", HJ_SRC).unconfirmed(),
    Pattern::new(Prefix("_cs_"), Some("contentsquare"), SessionReplay, None, "Contentsquare storage.", "https://docs.contentsquare.com/en/privacy-center/cookies/")
        .unconfirmed(),
    Pattern::new(Prefix("QuantumMetric"), Some("quantum-metric"), SessionReplay, None, "Quantum Metric storage.", "https://www.quantummetric.com/legal/privacy-policy")
        .unconfirmed(),
    // --- Monitoring -------------------------------------------------------
    Pattern::new(Exact("_dd_s"), Some("datadog-rum"), PerformanceMonitoring, None, "Datadog RUM session kept in local storage.", "https://docs.datadoghq.com/real_user_monitoring/browser/data_collected/")
        .unconfirmed(),
    Pattern::new(Prefix("NRBA_SESSION"), Some("new-relic"), PerformanceMonitoring, None, "New Relic browser session state.", "https://docs.newrelic.com/docs/browser/new-relic-browser/page-load-timing-resources/new-relic-cookies-used-browser/")
        .unconfirmed(),
    Pattern::new(Exact("AI_buffer"), Some("azure-app-insights"), PerformanceMonitoring, None, "Application Insights events waiting to be sent.", "https://learn.microsoft.com/en-us/azure/azure-monitor/app/javascript-sdk-configuration")
        .unconfirmed(),
    Pattern::new(Exact("AI_sentBuffer"), Some("azure-app-insights"), PerformanceMonitoring, None, "Application Insights events being sent.", "https://learn.microsoft.com/en-us/azure/azure-monitor/app/javascript-sdk-configuration")
        .unconfirmed(),
    // --- Fingerprinting and fraud prevention -------------------------------
    Pattern::new(Exact("_vid_t"), Some("fingerprint-pro"), Fingerprinting, None, "Fingerprint Pro copy of the visitor's identification.", "https://www.npmjs.com/package/@fingerprintjs/fingerprintjs-pro")
        .unconfirmed(),
    Pattern::new(Exact("ddSession"), DDM, Fingerprinting, None, "Copy of DataDome's bot verdict cookie.", DDM_SRC),
    Pattern::new(Exact("ddOriginalReferrer"), DDM, Fingerprinting, None, "The page that led to a DataDome challenge.", DDM_SRC),
    // --- Chat -------------------------------------------------------------
    Pattern::new(Exact("ZD-suid"), ZD, Analytics, None, "Zendesk widget session id for analytics.", OCD_SRC),
    Pattern::new(Exact("ZD-buid"), ZD, Analytics, None, "Zendesk widget device id for analytics, kept with no end date.", OCD_SRC),
    Pattern::new(Prefix("ZD-"), ZD, Functional, None, "Zendesk widget settings and state.", OCD_SRC),
    // --- Advertising ------------------------------------------------------
    Pattern::new(Exact("_uetsid"), UET, Advertising, None, "Microsoft Ads UET session id (storage copy).", UET_SRC).unconfirmed(),
    Pattern::new(Exact("_uetvid"), UET, Advertising, None, "Microsoft Ads UET visitor id (storage copy).", UET_SRC).unconfirmed(),
    Pattern::new(Exact("_uetsid_exp"), UET, Advertising, None, "Expiry of the stored UET session id.", UET_SRC).unconfirmed(),
    Pattern::new(Exact("_uetvid_exp"), UET, Advertising, None, "Expiry of the stored UET visitor id.", UET_SRC).unconfirmed(),
    // --- Analytics --------------------------------------------------------
    Pattern::new(Template("mp_<token>_mixpanel"), Some("mixpanel"), Analytics, None, "Mixpanel ids and properties (local-storage persistence).", "https://docs.mixpanel.com/docs/tracking-methods/sdks/javascript"),
    Pattern::new(Template("ph_<token>_posthog"), Some("posthog"), Analytics, None, "PostHog ids and properties (local-storage persistence).", "https://posthog.com/docs/libraries/js/persistence"),
    Pattern::new(Template("AMP_unsent_<token>"), Some("amplitude"), Analytics, None, "Amplitude events waiting to be sent.", "https://amplitude.com/docs/sdks/analytics/browser/browser-sdk-2")
        .unconfirmed(),
    Pattern::new(Exact("ajs_anonymous_id"), SEG, Analytics, None, "Segment anonymous visitor id.", SEG_SRC),
    Pattern::new(Exact("ajs_user_id"), SEG, Analytics, None, "Segment id of an identified user.", SEG_SRC),
    Pattern::new(Exact("ajs_user_traits"), SEG, Analytics, None, "Traits Segment holds about the user.", SEG_SRC),
    Pattern::new(Exact("ajs_group_properties"), SEG, Analytics, None, "Traits Segment holds about the user's group.", SEG_SRC),
    Pattern::new(Prefix("optimizely_data$$"), Some("optimizely"), Analytics, None, "Optimizely experiment state.", "https://docs.developers.optimizely.com/web-experimentation/docs/cookies-and-localstorage")
        .unconfirmed(),
    Pattern::new(Prefix("QSI_"), Some("qualtrics"), Analytics, None, "Qualtrics feedback intercept state.", "https://www.qualtrics.com/support/website-app-feedback/getting-started-with-website-app-feedback/website-app-feedback-browser-cookies/"),
    Pattern::new(Prefix("kampyle"), Some("medallia"), Analytics, None, "Medallia feedback state.", "https://docs.medallia.com/en/?resourceId=digital-cookies")
        .unconfirmed(),
];
