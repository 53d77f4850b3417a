//! Cookie names the catalog recognises.
//!
//! Retentions are the typical lifetimes the source states; sites can and do
//! configure other values, and the engine reports the real expiry of each
//! cookie it sees. Names that could plausibly be chosen by a site for its own
//! purposes (`fr`, `lang`, `CLID`) only count on the vendor's domains.

use super::Name::{Exact, Prefix, Template};
use super::Pattern;
use crate::model::Category::*;

const MINUTE: u64 = 60;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;
const YEAR: u64 = 365 * DAY;

const GA: Option<&str> = Some("google-analytics");
const GA_SRC: &str = "https://developers.google.com/tag-platform/security/concepts/cookies";
const GADS: Option<&str> = Some("google-ads");
const DC: Option<&str> = Some("doubleclick");
const ADS_SRC: &str = "https://business.safety.google/adscookies/";
const GOOGLE_COOKIES_SRC: &str = "https://policies.google.com/technologies/cookies";
const META: Option<&str> = Some("meta-pixel");
const META_SRC: &str = "https://www.facebook.com/privacy/policies/cookies/";
const CLARITY: Option<&str> = Some("microsoft-clarity");
const CLARITY_SRC: &str = "https://learn.microsoft.com/en-us/clarity/setup-and-installation/cookie-list";
const UET: Option<&str> = Some("microsoft-advertising");
const UET_SRC: &str = "https://learn.microsoft.com/en-us/advertising/guides/universal-event-tracking";
const AI: Option<&str> = Some("azure-app-insights");
const AI_SRC: &str = "https://learn.microsoft.com/en-us/azure/azure-monitor/app/javascript-sdk-configuration";
const LI: Option<&str> = Some("linkedin-insight");
const LI_SRC: &str = "https://www.linkedin.com/legal/l/cookie-table";
const LI_DOMAINS: &[&str] = &["linkedin.com"];
const X: Option<&str> = Some("x-twitter");
const X_SRC: &str = "https://help.x.com/en/rules-and-policies/x-cookies";
const X_DOMAINS: &[&str] = &["twitter.com", "x.com"];
const TT: Option<&str> = Some("tiktok-pixel");
const TT_SRC: &str = "https://ads.tiktok.com/help/article/using-cookies-with-tiktok-pixel";
const HJ: Option<&str> = Some("hotjar");
const HJ_SRC: &str = "https://help.hotjar.com/hc/en-us/articles/6952777582999-Cookies-Set-by-the-Hotjar-Tracking-Code";
const CS: Option<&str> = Some("contentsquare");
const CS_SRC: &str = "https://docs.contentsquare.com/en/privacy-center/cookies/";
const QM: Option<&str> = Some("quantum-metric");
const QM_SRC: &str = "https://www.quantummetric.com/legal/privacy-policy";
const FS: Option<&str> = Some("fullstory");
const FS_SRC: &str = "https://help.fullstory.com/hc/en-us/articles/360020829513-Why-does-FullStory-set-cookies";
const MF: Option<&str> = Some("mouseflow");
const MF_SRC: &str = "https://help.mouseflow.com/en/articles/4282966-what-is-your-cookie-policy";
const GB: Option<&str> = Some("glassbox");
const GB_SRC: &str = "https://www.glassbox.com/privacy-policy/";
const DT: Option<&str> = Some("dynatrace");
const DT_SRC: &str = "https://docs.dynatrace.com/docs/manage/data-privacy-and-security/data-privacy/rum-cookies-and-web-storage";
const DD: Option<&str> = Some("datadog-rum");
const DD_SRC: &str = "https://docs.datadoghq.com/real_user_monitoring/browser/data_collected/";
const NR: Option<&str> = Some("new-relic");
const NR_SRC: &str = "https://docs.newrelic.com/docs/browser/new-relic-browser/page-load-timing-resources/new-relic-cookies-used-browser/";
const APPD: Option<&str> = Some("appdynamics");
const APPD_SRC: &str = "https://docs.appdynamics.com/";
const MPULSE: Option<&str> = Some("akamai-mpulse");
const MPULSE_SRC: &str = "https://techdocs.akamai.com/mpulse/docs";
const ABM: Option<&str> = Some("akamai-bot-manager");
const ABM_SRC: &str = "https://techdocs.akamai.com/bot-manager/docs";
const CF: Option<&str> = Some("cloudflare");
const CF_SRC: &str = "https://developers.cloudflare.com/fundamentals/reference/policies-compliances/cloudflare-cookies/";
const AA: Option<&str> = Some("adobe-analytics");
const AA_SRC: &str = "https://experienceleague.adobe.com/docs/core-services/interface/data-collection/cookies/analytics.html";
const ECID: Option<&str> = Some("adobe-experience-cloud");
const ECID_SRC: &str = "https://experienceleague.adobe.com/docs/id-service/using/intro/cookies.html";
const AAM: Option<&str> = Some("adobe-audience-manager");
const AAM_SRC: &str = "https://experienceleague.adobe.com/docs/audience-manager/user-guide/reference/aam-cookies.html";
const SI: Option<&str> = Some("siteimprove");
const SI_SRC: &str = "https://www.siteimprove.com/privacy/cookie-policy/";
const MATOMO: Option<&str> = Some("matomo");
const MATOMO_SRC: &str = "https://matomo.org/faq/general/faq_146/";
const MP: Option<&str> = Some("mixpanel");
const MP_SRC: &str = "https://docs.mixpanel.com/docs/tracking-methods/sdks/javascript";
const PH: Option<&str> = Some("posthog");
const PH_SRC: &str = "https://posthog.com/docs/libraries/js/persistence";
const AMP: Option<&str> = Some("amplitude");
const AMP_SRC: &str = "https://amplitude.com/docs/sdks/analytics/browser/browser-sdk-2";
const SEG: Option<&str> = Some("segment");
const SEG_SRC: &str = "https://segment.com/docs/connections/sources/catalog/libraries/website/javascript/identity/";
const HEAP: Option<&str> = Some("heap");
const HEAP_SRC: &str = "https://help.heap.io/data-management/data-privacy/heap-cookies/";
const OPT: Option<&str> = Some("optimizely");
const OPT_SRC: &str = "https://docs.developers.optimizely.com/web-experimentation/docs/cookies-and-localstorage";
const QSI: Option<&str> = Some("qualtrics");
const QSI_SRC: &str = "https://www.qualtrics.com/support/website-app-feedback/getting-started-with-website-app-feedback/website-app-feedback-browser-cookies/";
const MED: Option<&str> = Some("medallia");
const MED_SRC: &str = "https://docs.medallia.com/en/?resourceId=digital-cookies";
const SP: Option<&str> = Some("snowplow");
const SP_SRC: &str = "https://docs.snowplow.io/docs/sources/trackers/javascript-trackers/web-tracker/cookies-and-local-storage/";
const IND: Option<&str> = Some("indeed");
const IND_SRC: &str = "https://www.indeed.com/legal";
const IND_DOMAINS: &[&str] = &["indeed.com", "indeed.co.uk"];
const OCD_SRC: &str = super::vendors::OCD_SRC;
const FPRO: Option<&str> = Some("fingerprint-pro");
const FPRO_SRC: &str = "https://www.npmjs.com/package/@fingerprintjs/fingerprintjs-pro";
const PX: Option<&str> = Some("human-security");
const PX_SRC: &str = "https://docs.humansecurity.com/applications-and-accounts/docs/cookies";
const DDM: Option<&str> = Some("datadome");
const DDM_SRC: &str = "https://docs.datadome.co/docs/cookie-session-storage";
const LR: Option<&str> = Some("logrocket");
const LR_SRC: &str = "https://docs.logrocket.com/docs/cookies";
const LO: Option<&str> = Some("lucky-orange");
const INSP: Option<&str> = Some("inspectlet");
const CE: Option<&str> = Some("crazy-egg");
const IC: Option<&str> = Some("intercom");
const IC_SRC: &str = "https://www.intercom.com/help/en/articles/2361922-intercom-messenger-cookies";
const LC: Option<&str> = Some("livechat");
const ZD: Option<&str> = Some("zendesk");
const SFC: Option<&str> = Some("salesforce-chat");
const GOVUK_SRC: &str = "https://www.gov.uk/help/cookies";
const GOVUK_DS_SRC: &str = "https://design-system.service.gov.uk/patterns/cookies-page/";

/// Every cookie-name pattern. Order matters only among patterns with the
/// same literal prefix length: the first listed wins.
pub static COOKIES: &[Pattern] = &[
    // --- Google Analytics -------------------------------------------------
    Pattern::new(Exact("_ga"), GA, Analytics, Some(2 * YEAR), "Distinguishes one browser from another across visits.", GA_SRC),
    Pattern::new(Template("_ga_<id>"), GA, Analytics, Some(2 * YEAR), "Keeps session state for one Google Analytics 4 property.", GA_SRC),
    Pattern::new(Exact("_gid"), GA, Analytics, Some(DAY), "Distinguishes browsers for 24 hours.", GA_SRC),
    Pattern::new(Exact("_gat"), GA, Analytics, Some(MINUTE), "Throttles the rate of requests to Google Analytics.", GA_SRC),
    Pattern::new(Template("_gat_<id>"), GA, Analytics, Some(MINUTE), "Throttles requests for one Universal Analytics property.", GA_SRC),
    Pattern::new(
        Template("_dc_gtm_<id>"),
        GA,
        Analytics,
        Some(MINUTE),
        "Throttles requests when Analytics is loaded by Tag Manager.",
        GA_SRC,
    ),
    Pattern::new(Template("_gac_<id>"), GA, Advertising, Some(90 * DAY), "Holds ad campaign information linked from Google Ads.", GA_SRC),
    Pattern::new(
        Exact("AMP_TOKEN"),
        GA,
        Analytics,
        Some(YEAR),
        "Token for fetching a client id from the AMP service (30 seconds to 1 year).",
        GA_SRC,
    ),
    Pattern::new(Exact("__utma"), GA, Analytics, Some(2 * YEAR), "Legacy Analytics: distinguishes users and sessions.", GA_SRC),
    Pattern::new(Exact("__utmb"), GA, Analytics, Some(30 * MINUTE), "Legacy Analytics: marks a new session or visit.", GA_SRC),
    Pattern::new(Exact("__utmc"), GA, Analytics, None, "Legacy Analytics: marks the end of a session.", GA_SRC),
    Pattern::new(Exact("__utmt"), GA, Analytics, Some(10 * MINUTE), "Legacy Analytics: throttles request rate.", GA_SRC),
    Pattern::new(Exact("__utmv"), GA, Analytics, Some(2 * YEAR), "Legacy Analytics: stores visitor-level custom variables.", GA_SRC),
    Pattern::new(Exact("__utmz"), GA, Analytics, Some(182 * DAY), "Legacy Analytics: records how the visitor reached the site.", GA_SRC),
    // --- Google advertising -----------------------------------------------
    Pattern::new(
        Exact("_gcl_au"),
        GADS,
        Advertising,
        Some(90 * DAY),
        "Conversion Linker: links ad clicks to later actions on the site.",
        ADS_SRC,
    ),
    Pattern::new(Exact("_gcl_aw"), GADS, Advertising, Some(90 * DAY), "Stores the Google Ads click id for conversion tracking.", ADS_SRC),
    Pattern::new(
        Exact("_gcl_dc"),
        GADS,
        Advertising,
        Some(90 * DAY),
        "Stores the Campaign Manager click id for conversion tracking.",
        ADS_SRC,
    ),
    Pattern::new(Exact("__gads"), GADS, Advertising, Some(395 * DAY), "Ad serving and measurement on sites showing Google ads.", ADS_SRC),
    Pattern::new(Exact("__gpi"), GADS, Advertising, Some(395 * DAY), "Ad serving and measurement on sites showing Google ads.", ADS_SRC),
    Pattern::new(Exact("NID"), GADS, Advertising, Some(182 * DAY), "Google-wide browser id used to personalise ads.", ADS_SRC)
        .only_on(&["google.com", "google.co.uk"]),
    Pattern::new(Exact("IDE"), DC, Advertising, Some(390 * DAY), "DoubleClick ad id: targets and measures ads across sites.", ADS_SRC)
        .only_on(&["doubleclick.net"]),
    Pattern::new(Exact("DSID"), DC, Advertising, Some(14 * DAY), "Links DoubleClick activity to a signed-in Google account.", ADS_SRC)
        .only_on(&["doubleclick.net"]),
    Pattern::new(
        Exact("test_cookie"),
        DC,
        Advertising,
        Some(15 * MINUTE),
        "Checks whether the browser accepts DoubleClick cookies.",
        ADS_SRC,
    )
    .only_on(&["doubleclick.net"]),
    Pattern::new(Exact("YSC"), Some("youtube"), Advertising, None, "YouTube session id for view statistics.", GOOGLE_COOKIES_SRC)
        .only_on(&["youtube.com"]),
    Pattern::new(
        Exact("VISITOR_INFO1_LIVE"),
        Some("youtube"),
        Advertising,
        Some(182 * DAY),
        "YouTube browser id for recommendations and ads.",
        GOOGLE_COOKIES_SRC,
    )
    .only_on(&["youtube.com"]),
    Pattern::new(
        Exact("VISITOR_PRIVACY_METADATA"),
        Some("youtube"),
        Consent,
        Some(182 * DAY),
        "Stores the visitor's YouTube cookie-consent state.",
        GOOGLE_COOKIES_SRC,
    )
    .only_on(&["youtube.com"]),
    Pattern::new(
        Exact("_GRECAPTCHA"),
        Some("google-recaptcha"),
        Fingerprinting,
        Some(182 * DAY),
        "reCAPTCHA risk analysis of the browser.",
        GOOGLE_COOKIES_SRC,
    )
    .only_on(&["google.com", "recaptcha.net"]),
    // --- Meta -------------------------------------------------------------
    Pattern::new(
        Exact("_fbp"),
        META,
        Advertising,
        Some(90 * DAY),
        "Meta pixel browser id: links site visits to ads on Facebook and Instagram.",
        META_SRC,
    ),
    Pattern::new(Exact("_fbc"), META, Advertising, Some(90 * DAY), "Stores the Facebook ad click id for conversion tracking.", META_SRC),
    Pattern::new(Exact("fr"), META, Advertising, Some(90 * DAY), "Facebook ad cookie: delivers and measures ads across sites.", META_SRC)
        .only_on(&["facebook.com"]),
    // --- Microsoft --------------------------------------------------------
    Pattern::new(Exact("_clck"), CLARITY, SessionReplay, Some(YEAR), "Clarity user id and preferences, kept across visits.", CLARITY_SRC),
    Pattern::new(Exact("_clsk"), CLARITY, SessionReplay, Some(DAY), "Joins page views into one Clarity session recording.", CLARITY_SRC),
    Pattern::new(Exact("CLID"), CLARITY, SessionReplay, Some(YEAR), "Identifies the first time Clarity saw this browser.", CLARITY_SRC)
        .only_on(&["clarity.ms"]),
    Pattern::new(
        Exact("ANONCHK"),
        CLARITY,
        Advertising,
        Some(10 * MINUTE),
        "Tells Microsoft whether MUID is passed to its ad network.",
        CLARITY_SRC,
    )
    .only_on(&["clarity.ms", "bing.com"]),
    Pattern::new(Exact("MR"), CLARITY, Advertising, Some(7 * DAY), "Tells Microsoft whether to refresh the MUID id.", CLARITY_SRC)
        .only_on(&["clarity.ms", "bing.com"]),
    Pattern::new(Exact("SM"), CLARITY, SessionReplay, None, "Synchronises the MUID across Microsoft domains.", CLARITY_SRC)
        .only_on(&["clarity.ms"]),
    Pattern::new(
        Exact("MUID"),
        UET,
        Advertising,
        Some(390 * DAY),
        "Microsoft-wide browser id used for advertising and analytics.",
        CLARITY_SRC,
    )
    .only_on(&["clarity.ms", "bing.com", "microsoft.com"]),
    Pattern::new(Exact("_uetsid"), UET, Advertising, Some(DAY), "Microsoft Ads UET session id for conversion tracking.", UET_SRC),
    Pattern::new(Exact("_uetvid"), UET, Advertising, Some(390 * DAY), "Microsoft Ads UET visitor id kept across visits.", UET_SRC),
    Pattern::new(Exact("_uetmsclkid"), UET, Advertising, Some(90 * DAY), "Stores the Microsoft Ads click id.", UET_SRC).unconfirmed(),
    Pattern::new(Exact("ai_user"), AI, PerformanceMonitoring, Some(YEAR), "Application Insights user id, kept across visits.", AI_SRC),
    Pattern::new(
        Exact("ai_session"),
        AI,
        PerformanceMonitoring,
        Some(30 * MINUTE),
        "Application Insights session id (renewed while active).",
        AI_SRC,
    ),
    Pattern::new(Exact("ai_authUser"), AI, PerformanceMonitoring, None, "Application Insights id of a signed-in user.", AI_SRC),
    // --- LinkedIn ---------------------------------------------------------
    Pattern::new(Exact("li_sugr"), LI, Advertising, Some(90 * DAY), "Browser id used to match LinkedIn members for ads.", LI_SRC),
    Pattern::new(Exact("bcookie"), LI, Advertising, Some(YEAR), "LinkedIn browser id cookie.", LI_SRC).only_on(LI_DOMAINS),
    Pattern::new(Exact("bscookie"), LI, Advertising, Some(YEAR), "Secure LinkedIn browser id cookie.", LI_SRC).only_on(LI_DOMAINS),
    Pattern::new(Exact("lidc"), LI, Advertising, Some(DAY), "Picks the LinkedIn data centre (routing).", LI_SRC).only_on(LI_DOMAINS),
    Pattern::new(Exact("UserMatchHistory"), LI, Advertising, Some(30 * DAY), "Syncs LinkedIn ad ids with other ad networks.", LI_SRC),
    Pattern::new(
        Exact("AnalyticsSyncHistory"),
        LI,
        Advertising,
        Some(30 * DAY),
        "Records when the id was last synced with other services.",
        LI_SRC,
    ),
    Pattern::new(Exact("li_fat_id"), LI, Advertising, Some(30 * DAY), "Indirect member id for conversion tracking.", LI_SRC),
    Pattern::new(Exact("li_gc"), LI, Consent, Some(182 * DAY), "Stores the visitor's consent to LinkedIn's non-essential cookies.", LI_SRC)
        .only_on(LI_DOMAINS),
    Pattern::new(Exact("lang"), LI, Functional, None, "Remembers the LinkedIn language setting.", LI_SRC).only_on(LI_DOMAINS),
    // --- X / Twitter ------------------------------------------------------
    Pattern::new(Exact("personalization_id"), X, Advertising, Some(2 * YEAR), "Tracks activity on and off X to personalise ads.", X_SRC)
        .only_on(X_DOMAINS),
    Pattern::new(Exact("muc_ads"), X, Advertising, Some(2 * YEAR), "X advertising browser id.", X_SRC).only_on(X_DOMAINS),
    Pattern::new(Exact("guest_id"), X, Advertising, Some(2 * YEAR), "Identifies a logged-out X visitor.", X_SRC).only_on(X_DOMAINS),
    Pattern::new(Exact("guest_id_ads"), X, Advertising, Some(2 * YEAR), "Logged-out visitor id used for ads.", X_SRC).only_on(X_DOMAINS),
    Pattern::new(Exact("guest_id_marketing"), X, Advertising, Some(2 * YEAR), "Logged-out visitor id used for marketing.", X_SRC)
        .only_on(X_DOMAINS),
    // --- TikTok -----------------------------------------------------------
    Pattern::new(Exact("_ttp"), TT, Advertising, Some(395 * DAY), "TikTok pixel browser id for ad measurement.", TT_SRC),
    Pattern::new(Exact("_tt_enable_cookie"), TT, Advertising, Some(395 * DAY), "Tells the TikTok pixel it may use cookies.", TT_SRC),
    // --- Hotjar -----------------------------------------------------------
    Pattern::new(
        Template("_hjSessionUser_<id>"),
        HJ,
        SessionReplay,
        Some(YEAR),
        "Hotjar user id for this site, kept across visits.",
        HJ_SRC,
    ),
    Pattern::new(Template("_hjSession_<id>"), HJ, SessionReplay, Some(30 * MINUTE), "Hotjar data for the current session.", HJ_SRC),
    Pattern::new(
        Template("_hjIncludedInSessionSample_<id>"),
        HJ,
        SessionReplay,
        Some(2 * MINUTE),
        "Whether this visit is in Hotjar's recording sample.",
        HJ_SRC,
    ),
    Pattern::new(Exact("_hjid"), HJ, SessionReplay, Some(YEAR), "Older Hotjar user id.", HJ_SRC),
    Pattern::new(Exact("_hjFirstSeen"), HJ, SessionReplay, Some(30 * MINUTE), "Marks a visitor's first session.", HJ_SRC),
    Pattern::new(
        Exact("_hjAbsoluteSessionInProgress"),
        HJ,
        SessionReplay,
        Some(30 * MINUTE),
        "Detects the first page view of a session.",
        HJ_SRC,
    ),
    Pattern::new(
        Exact("_hjIncludedInPageviewSample"),
        HJ,
        SessionReplay,
        Some(2 * MINUTE),
        "Whether this page view is in Hotjar's sample.",
        HJ_SRC,
    ),
    Pattern::new(Exact("_hjTLDTest"), HJ, SessionReplay, None, "Finds the widest domain Hotjar can set cookies on.", HJ_SRC),
    Pattern::new(Exact("_hjClosedSurveyInvites"), HJ, SessionReplay, Some(YEAR), "Remembers a dismissed Hotjar survey invitation.", HJ_SRC),
    Pattern::new(Exact("_hjDonePolls"), HJ, SessionReplay, Some(YEAR), "Remembers Hotjar polls already answered.", HJ_SRC),
    Pattern::new(Exact("_hjMinimizedPolls"), HJ, SessionReplay, Some(YEAR), "Remembers minimised Hotjar polls.", HJ_SRC),
    Pattern::new(Exact("_hjShownFeedbackMessage"), HJ, SessionReplay, Some(YEAR), "Remembers a shown Hotjar feedback message.", HJ_SRC),
    Pattern::new(Exact("_hjUserAttributesHash"), HJ, SessionReplay, None, "Detects changes to user attributes sent to Hotjar.", HJ_SRC),
    Pattern::new(Prefix("_hjSession"), HJ, SessionReplay, None, "Other Hotjar session cookie.", HJ_SRC).unconfirmed(),
    Pattern::new(Prefix("_hj"), HJ, SessionReplay, None, "Other Hotjar cookie.", HJ_SRC).unconfirmed(),
    // --- Contentsquare ----------------------------------------------------
    Pattern::new(Exact("_cs_id"), CS, SessionReplay, Some(395 * DAY), "Contentsquare visitor id, kept across visits.", CS_SRC),
    Pattern::new(Exact("_cs_s"), CS, SessionReplay, Some(30 * MINUTE), "Contentsquare session: page count and recording state.", CS_SRC),
    Pattern::new(Exact("_cs_c"), CS, Consent, Some(395 * DAY), "Stores the visitor's consent for Contentsquare.", CS_SRC),
    Pattern::new(Exact("_cs_mk"), CS, SessionReplay, Some(30 * MINUTE), "Contentsquare sampling or test marker.", CS_SRC).unconfirmed(),
    Pattern::new(Exact("_cs_ex"), CS, SessionReplay, None, "Excludes the visitor from Contentsquare collection.", CS_SRC).unconfirmed(),
    Pattern::new(Exact("_cs_optout"), CS, Consent, None, "Records that the visitor opted out of Contentsquare.", CS_SRC).unconfirmed(),
    // --- Quantum Metric ---------------------------------------------------
    Pattern::new(Exact("QuantumMetricUserID"), QM, SessionReplay, None, "Quantum Metric user id, kept across visits.", QM_SRC)
        .unconfirmed(),
    Pattern::new(Exact("QuantumMetricSessionID"), QM, SessionReplay, None, "Quantum Metric session id.", QM_SRC),
    Pattern::new(Prefix("QuantumMetric"), QM, SessionReplay, None, "Other Quantum Metric cookie.", QM_SRC).unconfirmed(),
    // --- FullStory --------------------------------------------------------
    Pattern::new(Exact("fs_uid"), FS, SessionReplay, Some(YEAR), "FullStory user and session id.", FS_SRC),
    Pattern::new(Exact("fs_lua"), FS, SessionReplay, Some(30 * MINUTE), "Time of the user's last action, to end idle sessions.", FS_SRC),
    Pattern::new(Exact("fs_cid"), FS, Consent, Some(YEAR), "Stores the visitor's consent state for FullStory.", FS_SRC),
    // --- Mouseflow --------------------------------------------------------
    Pattern::new(Exact("mf_user"), MF, SessionReplay, Some(90 * DAY), "Whether the visitor is new or returning.", MF_SRC),
    Pattern::new(Template("mf_<id>"), MF, SessionReplay, None, "Identifies the current Mouseflow recording session.", MF_SRC),
    // --- Glassbox ---------------------------------------------------------
    Pattern::new(Exact("_cls_v"), GB, SessionReplay, None, "Glassbox visitor id.", GB_SRC).unconfirmed(),
    Pattern::new(Exact("_cls_s"), GB, SessionReplay, None, "Glassbox session id.", GB_SRC).unconfirmed(),
    // --- Dynatrace (names may carry a configured suffix) ------------------
    Pattern::new(Prefix("dtCookie"), DT, PerformanceMonitoring, None, "Tracks a visit across requests.", DT_SRC),
    Pattern::new(
        Prefix("dtPC"),
        DT,
        PerformanceMonitoring,
        None,
        "Finds the endpoint for monitoring beacons; holds the session id.",
        DT_SRC,
    ),
    Pattern::new(Prefix("dtSa"), DT, PerformanceMonitoring, None, "Carries a user action across page loads.", DT_SRC),
    Pattern::new(Prefix("dtLatC"), DT, PerformanceMonitoring, None, "Measures server latency.", DT_SRC),
    Pattern::new(Prefix("rxVisitor"), DT, PerformanceMonitoring, None, "Visitor id that links sessions (persistent).", DT_SRC)
        .unconfirmed(),
    Pattern::new(Prefix("rxvt"), DT, PerformanceMonitoring, None, "Session timeout time.", DT_SRC).unconfirmed(),
    // --- Other monitoring -------------------------------------------------
    Pattern::new(
        Exact("_dd_s"),
        DD,
        PerformanceMonitoring,
        Some(15 * MINUTE),
        "Datadog RUM session; extended while the user is active.",
        DD_SRC,
    ),
    Pattern::new(Exact("NREUM"), NR, PerformanceMonitoring, None, "Checks whether cookies work, for New Relic timing.", NR_SRC),
    Pattern::new(Exact("NRAGENT"), NR, PerformanceMonitoring, None, "New Relic token linking browser and server timing.", NR_SRC),
    Pattern::new(Exact("ADRUM"), APPD, PerformanceMonitoring, None, "Passes the previous page to AppDynamics timing.", APPD_SRC)
        .unconfirmed(),
    Pattern::new(
        Prefix("ADRUM_BT"),
        APPD,
        PerformanceMonitoring,
        Some(30),
        "Links a page to its server transaction (short-lived).",
        APPD_SRC,
    )
    .unconfirmed(),
    Pattern::new(Exact("RT"), MPULSE, PerformanceMonitoring, Some(7 * DAY), "mPulse (Boomerang) session and timing data.", MPULSE_SRC)
        .unconfirmed(),
    // --- Bot detection ----------------------------------------------------
    Pattern::new(Exact("_abck"), ABM, Fingerprinting, Some(YEAR), "Akamai bot score from a browser and behaviour sensor.", ABM_SRC)
        .unconfirmed(),
    Pattern::new(Exact("bm_sz"), ABM, Fingerprinting, Some(4 * HOUR), "Akamai Bot Manager session data fed to the sensor.", ABM_SRC)
        .unconfirmed(),
    Pattern::new(Exact("ak_bmsc"), ABM, Fingerprinting, Some(2 * HOUR), "Akamai bot detection result for this session.", ABM_SRC)
        .unconfirmed(),
    Pattern::new(Exact("bm_sv"), ABM, Fingerprinting, Some(2 * HOUR), "Akamai bot detection session validation.", ABM_SRC).unconfirmed(),
    Pattern::new(Exact("bm_mi"), ABM, Fingerprinting, Some(2 * HOUR), "Akamai bot detection data.", ABM_SRC).unconfirmed(),
    Pattern::new(Exact("__cf_bm"), CF, Fingerprinting, Some(30 * MINUTE), "Cloudflare bot score for this browser.", CF_SRC),
    Pattern::new(Exact("cf_clearance"), CF, Essential, None, "Records that a Cloudflare challenge was passed.", CF_SRC).unconfirmed(),
    Pattern::new(Exact("_cfuvid"), CF, Essential, None, "Cloudflare rate limiting among visitors sharing an IP.", CF_SRC),
    // --- Adobe ------------------------------------------------------------
    Pattern::new(Exact("s_cc"), AA, Analytics, None, "Checks whether cookies work for Adobe Analytics.", AA_SRC),
    Pattern::new(Exact("s_sq"), AA, Analytics, None, "Remembers the last link clicked, for Activity Map.", AA_SRC),
    Pattern::new(Exact("s_vi"), AA, Analytics, Some(2 * YEAR), "Adobe Analytics visitor id.", AA_SRC),
    Pattern::new(Exact("s_fid"), AA, Analytics, Some(2 * YEAR), "Fallback Adobe visitor id when s_vi cannot be set.", AA_SRC),
    Pattern::new(Exact("s_ecid"), ECID, Analytics, Some(2 * YEAR), "First-party copy of the Experience Cloud id.", ECID_SRC),
    Pattern::new(
        Template("AMCV_<id>"),
        ECID,
        Analytics,
        Some(2 * YEAR),
        "Experience Cloud visitor id for one Adobe organisation.",
        ECID_SRC,
    ),
    Pattern::new(Template("AMCVS_<id>"), ECID, Analytics, None, "Marks an Experience Cloud id session.", ECID_SRC),
    Pattern::new(Exact("demdex"), AAM, Advertising, Some(180 * DAY), "Audience Manager id, shared across sites.", AAM_SRC),
    Pattern::new(Exact("dextp"), AAM, Advertising, Some(180 * DAY), "When Audience Manager last synced ids with partners.", AAM_SRC),
    Pattern::new(Exact("dst"), AAM, Advertising, Some(180 * DAY), "Records errors in Audience Manager id syncs.", AAM_SRC)
        .only_on(&["demdex.net"]),
    // --- Other analytics --------------------------------------------------
    Pattern::new(Exact("nmstat"), SI, Analytics, Some(1000 * DAY), "Siteimprove visitor id.", SI_SRC).unconfirmed(),
    Pattern::new(Exact("siteimproveses"), SI, Analytics, None, "Siteimprove session: pages seen in this visit.", SI_SRC),
    Pattern::new(Template("_pk_id.<id>.<id>"), MATOMO, Analytics, Some(395 * DAY), "Matomo visitor id.", MATOMO_SRC),
    Pattern::new(Template("_pk_ses.<id>.<id>"), MATOMO, Analytics, Some(30 * MINUTE), "Matomo data for the current visit.", MATOMO_SRC),
    Pattern::new(
        Template("_pk_ref.<id>.<id>"),
        MATOMO,
        Analytics,
        Some(182 * DAY),
        "Matomo: the referrer that first brought the visitor.",
        MATOMO_SRC,
    ),
    Pattern::new(
        Template("_pk_cvar.<id>.<id>"),
        MATOMO,
        Analytics,
        Some(30 * MINUTE),
        "Matomo custom variables for the visit.",
        MATOMO_SRC,
    ),
    Pattern::new(
        Template("_pk_hsr.<id>.<id>"),
        MATOMO,
        SessionReplay,
        Some(30 * MINUTE),
        "Matomo heatmap and session recording state.",
        MATOMO_SRC,
    ),
    Pattern::new(Exact("_pk_testcookie"), MATOMO, Analytics, None, "Checks whether cookies work for Matomo.", MATOMO_SRC),
    Pattern::new(Exact("mtm_consent"), MATOMO, Consent, None, "Records consent given to Matomo tracking.", MATOMO_SRC).unconfirmed(),
    Pattern::new(Exact("mtm_cookie_consent"), MATOMO, Consent, None, "Records consent given to Matomo cookies.", MATOMO_SRC).unconfirmed(),
    Pattern::new(Template("mp_<token>_mixpanel"), MP, Analytics, Some(YEAR), "Mixpanel ids and super properties for one project.", MP_SRC),
    Pattern::new(Template("__mp_opt_in_out_<token>"), MP, Consent, Some(YEAR), "Mixpanel opt-in or opt-out choice.", MP_SRC).unconfirmed(),
    Pattern::new(Template("ph_<token>_posthog"), PH, Analytics, Some(YEAR), "PostHog ids and properties for one project.", PH_SRC),
    Pattern::new(Template("AMP_MKTG_<token>"), AMP, Advertising, Some(YEAR), "Amplitude marketing attribution (campaign data).", AMP_SRC),
    Pattern::new(Template("AMP_<token>"), AMP, Analytics, Some(YEAR), "Amplitude device, user and session ids.", AMP_SRC),
    Pattern::new(Template("amplitude_id_<token>"), AMP, Analytics, None, "Older Amplitude SDK device and session ids.", AMP_SRC)
        .unconfirmed(),
    Pattern::new(Exact("ajs_anonymous_id"), SEG, Analytics, Some(YEAR), "Segment anonymous visitor id.", SEG_SRC),
    Pattern::new(Exact("ajs_user_id"), SEG, Analytics, Some(YEAR), "Segment id of an identified user.", SEG_SRC),
    Pattern::new(Exact("ajs_group_id"), SEG, Analytics, Some(YEAR), "Segment group (account) id.", SEG_SRC),
    Pattern::new(Template("_hp2_id.<id>"), HEAP, Analytics, Some(395 * DAY), "Heap user and session ids.", HEAP_SRC),
    Pattern::new(Template("_hp2_ses_props.<id>"), HEAP, Analytics, Some(30 * MINUTE), "Heap properties of the current session.", HEAP_SRC),
    Pattern::new(Template("_hp2_props.<id>"), HEAP, Analytics, Some(395 * DAY), "Heap event properties set by the site.", HEAP_SRC),
    Pattern::new(Exact("optimizelyEndUserId"), OPT, Analytics, Some(182 * DAY), "Optimizely visitor id for A/B tests.", OPT_SRC),
    Pattern::new(Prefix("QSI_"), QSI, Analytics, None, "Qualtrics feedback intercept state (history, display rules).", QSI_SRC),
    Pattern::new(Exact("kampyle_userid"), MED, Analytics, Some(YEAR), "Medallia feedback user id.", MED_SRC),
    Pattern::new(Prefix("kampyle"), MED, Analytics, None, "Medallia feedback session and display state.", MED_SRC).unconfirmed(),
    Pattern::new(Template("_sp_id.<id>"), SP, Analytics, Some(2 * YEAR), "Snowplow visitor id.", SP_SRC).unconfirmed(),
    Pattern::new(Template("_sp_ses.<id>"), SP, Analytics, Some(30 * MINUTE), "Snowplow session marker.", SP_SRC).unconfirmed(),
    // --- Fingerprinting and fraud prevention -------------------------------
    Pattern::new(
        Exact("_iidt"),
        FPRO,
        Fingerprinting,
        None,
        "Fingerprint Pro: keeps the visitor's identification across visits.",
        FPRO_SRC,
    )
    .unconfirmed(),
    Pattern::new(Exact("_pxvid"), PX, Fingerprinting, Some(YEAR), "HUMAN visitor id used to tell people from bots.", PX_SRC),
    Pattern::new(Exact("_pxhd"), PX, Fingerprinting, Some(YEAR), "HUMAN visitor id checked by the site's server.", PX_SRC),
    Pattern::new(Exact("_pxmvid"), PX, Fingerprinting, Some(HOUR), "HUMAN visitor token passed from a mobile app.", PX_SRC),
    Pattern::new(Exact("_pxde"), PX, Analytics, Some(5 * DAY), "HUMAN data enrichment (for example, access-control state).", PX_SRC),
    Pattern::new(Prefix("_pxff_"), PX, Fingerprinting, Some(DAY), "HUMAN feature switches for its bot-detection code.", PX_SRC),
    Pattern::new(Prefix("_px"), PX, Fingerprinting, Some(330), "HUMAN bot-detection session (about 5 minutes).", PX_SRC),
    Pattern::new(Exact("pxcts"), PX, Fingerprinting, None, "HUMAN session shared between tabs.", PX_SRC),
    Pattern::new(Exact("datadome"), DDM, Fingerprinting, Some(YEAR), "DataDome's verdict on whether the browser is a bot.", DDM_SRC),
    Pattern::new(Exact("dd_testcookie"), DDM, Fingerprinting, None, "DataDome check that cookies can be saved (removed at once).", DDM_SRC),
    Pattern::new(
        Exact("hc_accessibility"),
        Some("hcaptcha"),
        Functional,
        None,
        "Lets a registered user skip hCaptcha puzzles.",
        "https://docs.hcaptcha.com/faq/",
    )
    .only_on(&["hcaptcha.com"])
    .unconfirmed(),
    // --- More session replay ----------------------------------------------
    Pattern::new(Prefix("_lr_tabs_"), LR, SessionReplay, None, "LogRocket recording session, shared between tabs.", LR_SRC).unconfirmed(),
    Pattern::new(Prefix("_lr_hb_"), LR, SessionReplay, None, "LogRocket time stamp showing another tab is recording.", LR_SRC)
        .unconfirmed(),
    Pattern::new(
        Template("SL_C_<id>"),
        Some("smartlook"),
        SessionReplay,
        None,
        "Smartlook recording ids.",
        "https://help.smartlook.com/en/articles/6064963-cookies-in-smartlook",
    )
    .unconfirmed(),
    Pattern::new(Exact("_lo_uid"), LO, SessionReplay, Some(2 * YEAR), "Lucky Orange visitor id.", OCD_SRC),
    Pattern::new(Exact("_lo_rid"), LO, SessionReplay, Some(30 * MINUTE), "Lucky Orange id of the recording in progress.", OCD_SRC),
    Pattern::new(Exact("_lo_v"), LO, SessionReplay, Some(YEAR), "Lucky Orange count of the visitor's visits.", OCD_SRC),
    Pattern::new(Exact("_lo_bn"), LO, Consent, Some(30 * DAY), "Lucky Orange: this visitor is not to be tracked.", OCD_SRC),
    Pattern::new(Exact("_lo_cid"), LO, Functional, None, "Lucky Orange id of the current chat.", OCD_SRC),
    Pattern::new(Prefix("_lo_np_"), LO, Functional, Some(30 * DAY), "Lucky Orange: do not show this poll again.", OCD_SRC),
    Pattern::new(Exact("__lotl"), LO, SessionReplay, None, "Lucky Orange: the visitor's first landing page.", OCD_SRC).unconfirmed(),
    Pattern::new(Exact("__lotr"), LO, SessionReplay, None, "Lucky Orange: the visitor's first referrer.", OCD_SRC).unconfirmed(),
    Pattern::new(Exact("_global_lucky_opt_out"), LO, Consent, None, "Lucky Orange opt-out.", OCD_SRC).unconfirmed(),
    Pattern::new(Exact("__insp_uid"), INSP, SessionReplay, Some(YEAR), "Inspectlet visitor id.", OCD_SRC),
    Pattern::new(Exact("__insp_sid"), INSP, SessionReplay, None, "Inspectlet id of the session being recorded.", OCD_SRC),
    Pattern::new(Exact("__insp_nv"), INSP, SessionReplay, None, "Inspectlet: new or returning visitor.", OCD_SRC),
    Pattern::new(Exact("__insp_slim"), INSP, SessionReplay, Some(YEAR), "Inspectlet recording state.", OCD_SRC),
    Pattern::new(Prefix("__insp_"), INSP, SessionReplay, None, "Other Inspectlet recording state.", OCD_SRC).unconfirmed(),
    Pattern::new(Exact("_ceir"), CE, Analytics, Some(YEAR), "Crazy Egg: whether the visitor has been before.", OCD_SRC),
    Pattern::new(Exact("_CEFT"), CE, Analytics, Some(YEAR), "Crazy Egg A/B test variants shown to the visitor.", OCD_SRC),
    Pattern::new(Exact("_ce.s"), CE, SessionReplay, None, "Crazy Egg id of the recorded visit.", OCD_SRC).unconfirmed(),
    Pattern::new(Prefix("_ce."), CE, SessionReplay, None, "Other Crazy Egg tracking state.", OCD_SRC).unconfirmed(),
    // --- Chat and feedback ------------------------------------------------
    Pattern::new(Template("intercom-id-<id>"), IC, Analytics, Some(274 * DAY), "Intercom anonymous visitor id (9 months).", IC_SRC),
    Pattern::new(
        Template("intercom-device-id-<id>"),
        IC,
        Analytics,
        Some(274 * DAY),
        "Intercom id of the device (9 months, renewed).",
        IC_SRC,
    ),
    Pattern::new(Template("intercom-session-<id>"), IC, Functional, Some(7 * DAY), "Intercom chat session (a week, renewed).", IC_SRC),
    Pattern::new(Exact("__zlcmid"), ZD, Functional, Some(YEAR), "Zendesk Chat visitor id.", OCD_SRC),
    Pattern::new(Exact("__zlcprivacy"), ZD, Consent, Some(YEAR), "Zendesk Chat: the visitor's cookie decision.", OCD_SRC),
    Pattern::new(Exact("__lc_cid"), LC, Functional, Some(3 * YEAR), "LiveChat visitor id.", OCD_SRC),
    Pattern::new(Exact("__lc_cst"), LC, Functional, Some(3 * YEAR), "LiveChat visitor token.", OCD_SRC),
    Pattern::new(Exact("__lc2_cid"), LC, Functional, Some(3 * YEAR), "LiveChat id linking a visitor's chats.", OCD_SRC),
    Pattern::new(Exact("__lc2_cst"), LC, Functional, Some(3 * YEAR), "LiveChat token linking a visitor's chats.", OCD_SRC),
    Pattern::new(Exact("__livechat"), LC, Functional, Some(3 * YEAR), "LiveChat widget settings.", OCD_SRC),
    Pattern::new(Prefix("drift_"), Some("drift"), Functional, Some(2 * YEAR), "Drift chat widget state.", OCD_SRC),
    Pattern::new(Exact("liveagent_sid"), SFC, Functional, None, "Salesforce chat session id.", OCD_SRC),
    Pattern::new(Prefix("liveagent_invite_rejected_"), SFC, Functional, None, "Salesforce chat: invitation turned down.", OCD_SRC),
    Pattern::new(Exact("usbls"), Some("usabilla"), Analytics, None, "Usabilla: new or returning visitor, for feedback campaigns.", OCD_SRC),
    // --- Job boards -------------------------------------------------------
    Pattern::new(Exact("CTK"), IND, Analytics, None, "Indeed tracking key identifying the browser.", IND_SRC)
        .only_on(IND_DOMAINS)
        .unconfirmed(),
    Pattern::new(Exact("INDEED_CSRF_TOKEN"), IND, Essential, None, "Protects Indeed forms against cross-site request forgery.", IND_SRC)
        .only_on(IND_DOMAINS)
        .unconfirmed(),
    // --- Consent platforms ------------------------------------------------
    Pattern::new(
        Exact("OptanonConsent"),
        Some("onetrust"),
        Consent,
        Some(YEAR),
        "OneTrust: the visitor's consent choices.",
        "https://my.onetrust.com/s/article/UUID-2dc719a8-4be5-8d16-1dc8-c7b4147b88e0",
    ),
    Pattern::new(
        Exact("OptanonAlertBoxClosed"),
        Some("onetrust"),
        Consent,
        Some(YEAR),
        "OneTrust: the banner was dismissed.",
        "https://my.onetrust.com/s/article/UUID-2dc719a8-4be5-8d16-1dc8-c7b4147b88e0",
    ),
    Pattern::new(
        Exact("eupubconsent-v2"),
        Some("onetrust"),
        Consent,
        Some(YEAR),
        "IAB TCF consent string written by a consent platform.",
        "https://my.onetrust.com/s/article/UUID-2dc719a8-4be5-8d16-1dc8-c7b4147b88e0",
    )
    .unconfirmed(),
    Pattern::new(
        Exact("CookieConsent"),
        Some("cookiebot"),
        Consent,
        Some(YEAR),
        "Cookiebot: the visitor's consent choices.",
        "https://www.cookiebot.com/en/developer/",
    )
    .unconfirmed(),
    Pattern::new(
        Exact("CookieControl"),
        Some("civic-cookie-control"),
        Consent,
        Some(90 * DAY),
        "Civic Cookie Control: the visitor's consent choices.",
        "https://www.civicuk.com/cookie-control/documentation/cookies",
    )
    .unconfirmed(),
    // --- GOV.UK consent cookies -------------------------------------------
    Pattern::new(Exact("cookies_policy"), None, Consent, Some(YEAR), "GOV.UK: which cookie categories the visitor accepted.", GOVUK_SRC),
    Pattern::new(
        Exact("cookies_preferences_set"),
        None,
        Consent,
        Some(YEAR),
        "GOV.UK: the visitor has answered the cookie banner.",
        GOVUK_SRC,
    ),
    Pattern::new(
        Exact("uc_cookies_policy"),
        None,
        Consent,
        None,
        "Universal Credit: which cookie categories the visitor accepted.",
        GOVUK_DS_SRC,
    )
    .unconfirmed(),
    Pattern::new(
        Exact("cookie_consent_decision"),
        None,
        Consent,
        None,
        "A service's record of the visitor's cookie decision.",
        GOVUK_DS_SRC,
    )
    .unconfirmed(),
    Pattern::new(Exact("seen_cookie_message"), None, Consent, None, "Older GOV.UK: the cookie message was shown.", GOVUK_SRC).unconfirmed(),
    // --- Generic essential cookies ----------------------------------------
    Pattern::new(
        Exact("JSESSIONID"),
        None,
        Essential,
        None,
        "Java web server session id.",
        "https://jakarta.ee/specifications/servlet/6.0/jakarta-servlet-spec-6.0",
    ),
    Pattern::new(Exact("PHPSESSID"), None, Essential, None, "PHP session id.", "https://www.php.net/manual/en/session.configuration.php"),
    Pattern::new(
        Exact("ASP.NET_SessionId"),
        None,
        Essential,
        None,
        "ASP.NET session id.",
        "https://learn.microsoft.com/en-us/dotnet/api/system.web.configuration.sessionstatesection.cookiename",
    ),
    Pattern::new(
        Prefix(".AspNetCore.Session"),
        None,
        Essential,
        None,
        "ASP.NET Core session id.",
        "https://learn.microsoft.com/en-us/aspnet/core/fundamentals/app-state",
    ),
    Pattern::new(
        Prefix(".AspNetCore.Antiforgery."),
        None,
        Essential,
        None,
        "ASP.NET Core anti-forgery token.",
        "https://learn.microsoft.com/en-us/aspnet/core/security/anti-request-forgery",
    ),
    Pattern::new(
        Exact("connect.sid"),
        None,
        Essential,
        None,
        "Node.js (express-session) session id.",
        "https://expressjs.com/en/resources/middleware/session.html",
    ),
    Pattern::new(Exact("laravel_session"), None, Essential, None, "Laravel session id.", "https://laravel.com/docs/session"),
    Pattern::new(
        Exact("csrftoken"),
        None,
        Essential,
        Some(YEAR),
        "Django protection against cross-site request forgery.",
        "https://docs.djangoproject.com/en/stable/ref/csrf/",
    ),
    Pattern::new(
        Exact("XSRF-TOKEN"),
        None,
        Essential,
        None,
        "Protection against cross-site request forgery.",
        "https://angular.dev/best-practices/security",
    ),
    Pattern::new(
        Prefix("__RequestVerificationToken"),
        None,
        Essential,
        None,
        "ASP.NET protection against cross-site request forgery.",
        "https://learn.microsoft.com/en-us/aspnet/core/security/anti-request-forgery",
    ),
    Pattern::new(
        Exact("AWSALB"),
        None,
        Essential,
        Some(7 * DAY),
        "AWS load balancer stickiness.",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html",
    ),
    Pattern::new(
        Exact("AWSALBCORS"),
        None,
        Essential,
        Some(7 * DAY),
        "AWS load balancer stickiness for cross-site requests.",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html",
    ),
    Pattern::new(
        Exact("AWSALBTG"),
        None,
        Essential,
        Some(7 * DAY),
        "AWS load balancer target-group stickiness.",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html",
    ),
    Pattern::new(
        Exact("AWSALBTGCORS"),
        None,
        Essential,
        Some(7 * DAY),
        "AWS target-group stickiness for cross-site requests.",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/sticky-sessions.html",
    ),
    Pattern::new(
        Exact("AWSELB"),
        None,
        Essential,
        None,
        "Classic AWS load balancer stickiness.",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-sticky-sessions.html",
    ),
    Pattern::new(
        Exact("ARRAffinity"),
        None,
        Essential,
        None,
        "Azure App Service instance affinity.",
        "https://learn.microsoft.com/en-us/azure/app-service/configure-common",
    ),
    Pattern::new(
        Exact("ARRAffinitySameSite"),
        None,
        Essential,
        None,
        "Azure App Service instance affinity (cross-site).",
        "https://learn.microsoft.com/en-us/azure/app-service/configure-common",
    ),
    Pattern::new(
        Template("BIGipServer<any>"),
        None,
        Essential,
        None,
        "F5 BIG-IP load balancer: which server holds the session.",
        "https://my.f5.com/manage/s/article/K6917",
    ),
    Pattern::new(
        Template("TS01<id>"),
        None,
        Essential,
        None,
        "F5 Advanced WAF (ASM) session integrity cookie.",
        "https://my.f5.com/manage/s/article/K6850",
    )
    .unconfirmed(),
];
