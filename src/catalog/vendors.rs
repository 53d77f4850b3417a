//! The vendors the catalog knows, with the hosts they serve from.
//!
//! Each entry's `source` is the vendor's own public document for the facts
//! recorded; `note` says what we could not confirm there. Ownership and
//! country are the owner's as publicly stated; they change with
//! acquisitions, so check them when updating an entry.

use super::Vendor;
use crate::model::Category::{self, *};

// Positional arguments keep each table row compact and in one fixed order.
#[allow(clippy::too_many_arguments)]
const fn vendor(
    id: &'static str,
    name: &'static str,
    owner: &'static str,
    country: &'static str,
    privacy_policy: &'static str,
    category: Category,
    domains: &'static [&'static str],
    source: &'static str,
    note: &'static str,
) -> Vendor {
    Vendor { id, name, owner, country, privacy_policy, category, domains, source: super::shipped_source(source), note }
}

const GOOGLE_PRIVACY: &str = "https://policies.google.com/privacy";
const GOOGLE_ADS_COOKIES: &str = "https://business.safety.google/adscookies/";
const MICROSOFT_PRIVACY: &str = "https://privacy.microsoft.com/privacystatement";
const ADOBE_PRIVACY: &str = "https://www.adobe.com/privacy/policy.html";
const FP_PRIVACY: &str = "https://fingerprint.com/privacy-policy/";
/// The Open Cookie Database (Apache-2.0): names, platforms, categories and
/// retention are taken from it; purposes are our own words.
pub(crate) const OCD_SRC: &str = "https://github.com/jkwakman/Open-Cookie-Database";
const AKAMAI_PRIVACY: &str = "https://www.akamai.com/legal/privacy-statement";

/// Every vendor, grouped by kind. Ids are unique and no domain appears
/// twice (both checked by tests).
pub static VENDORS: &[Vendor] = &[
    // --- Google -----------------------------------------------------------
    vendor(
        "google-analytics", "Google Analytics", "Google LLC", "US", GOOGLE_PRIVACY, Analytics,
        &["google-analytics.com", "analytics.google.com"],
        "https://developers.google.com/tag-platform/security/concepts/cookies", "",
    ),
    vendor(
        "google-tag-manager", "Google Tag Manager", "Google LLC", "US", GOOGLE_PRIVACY, TagManager,
        &["googletagmanager.com"],
        "https://developers.google.com/tag-platform/tag-manager", "Sets no cookies itself; the tags it loads do.",
    ),
    vendor(
        "google-ads", "Google Ads", "Google LLC", "US", GOOGLE_PRIVACY, Advertising,
        &["googleadservices.com", "googlesyndication.com", "adservice.google.com"],
        GOOGLE_ADS_COOKIES, "",
    ),
    vendor(
        "doubleclick", "DoubleClick (Google Marketing Platform)", "Google LLC", "US", GOOGLE_PRIVACY, Advertising,
        &["doubleclick.net", "2mdn.net"],
        GOOGLE_ADS_COOKIES, "",
    ),
    vendor(
        "youtube", "YouTube embeds", "Google LLC", "US", GOOGLE_PRIVACY, Advertising,
        &["youtube.com", "youtube-nocookie.com", "ytimg.com"],
        "https://policies.google.com/technologies/cookies", "",
    ),
    vendor(
        "google-recaptcha", "Google reCAPTCHA", "Google LLC", "US", GOOGLE_PRIVACY, Fingerprinting,
        &["recaptcha.net"],
        "https://policies.google.com/technologies/cookies",
        "Google describes reCAPTCHA as risk analysis of the browser and its behaviour; we file it with bot detection.",
    ),
    // --- Social and advertising networks ----------------------------------
    vendor(
        "meta-pixel", "Meta Pixel", "Meta Platforms, Inc.", "US", "https://www.facebook.com/privacy/policy/", Advertising,
        &["connect.facebook.net"],
        "https://www.facebook.com/privacy/policies/cookies/", "",
    ),
    vendor(
        "facebook", "Facebook social plugins", "Meta Platforms, Inc.", "US", "https://www.facebook.com/privacy/policy/", Social,
        &["facebook.com", "facebook.net", "fbcdn.net"],
        "https://www.facebook.com/privacy/policies/cookies/", "",
    ),
    vendor(
        "microsoft-advertising", "Microsoft Advertising (Bing UET)", "Microsoft Corporation", "US", MICROSOFT_PRIVACY, Advertising,
        &["bat.bing.com", "bat.bing.net"],
        "https://learn.microsoft.com/en-us/advertising/guides/universal-event-tracking",
        "Retention of the _uet cookies is as Microsoft's UET help states; storage keys not confirmed.",
    ),
    vendor(
        "linkedin-insight", "LinkedIn Insight Tag", "LinkedIn Corporation (Microsoft)", "US",
        "https://www.linkedin.com/legal/privacy-policy", Advertising,
        &["linkedin.com", "licdn.com"],
        "https://www.linkedin.com/legal/l/cookie-table", "",
    ),
    vendor(
        "x-twitter", "X (Twitter) pixel", "X Corp.", "US", "https://x.com/en/privacy", Advertising,
        &["ads-twitter.com", "analytics.twitter.com", "ads-api.twitter.com"],
        "https://help.x.com/en/rules-and-policies/x-cookies", "",
    ),
    vendor(
        "tiktok-pixel", "TikTok Pixel", "ByteDance Ltd.", "KY", "https://www.tiktok.com/legal/page/eea/privacy-policy/en",
        Advertising,
        &["analytics.tiktok.com", "analytics-sg.tiktok.com"],
        "https://ads.tiktok.com/help/article/using-cookies-with-tiktok-pixel",
        "Country is where ByteDance Ltd. is incorporated (Cayman Islands); UK users contract with TikTok's UK/Irish entities.",
    ),
    // --- Session replay ---------------------------------------------------
    vendor(
        "hotjar", "Hotjar", "Hotjar Ltd (Contentsquare)", "MT", "https://www.hotjar.com/legal/policies/privacy/", SessionReplay,
        &["hotjar.com", "hotjar.io"],
        "https://help.hotjar.com/hc/en-us/articles/6952777582999-Cookies-Set-by-the-Hotjar-Tracking-Code", "",
    ),
    vendor(
        "contentsquare", "Contentsquare", "Contentsquare SAS", "FR", "https://contentsquare.com/privacy-center/privacy-policy/",
        SessionReplay,
        &["contentsquare.net", "contentsquare.com"],
        "https://docs.contentsquare.com/en/privacy-center/cookies/",
        "Source URL and the retention of _cs_mk and _cs_ex not confirmed.",
    ),
    vendor(
        "quantum-metric", "Quantum Metric", "Quantum Metric, Inc.", "US", "https://www.quantummetric.com/legal/privacy-policy",
        SessionReplay,
        &["quantummetric.com"],
        "https://www.quantummetric.com/legal/privacy-policy",
        "Cookie names are widely reported but we found no vendor page listing them with retention.",
    ),
    vendor(
        "fullstory", "FullStory", "FullStory, Inc.", "US", "https://www.fullstory.com/legal/privacy-policy/", SessionReplay,
        &["fullstory.com"],
        "https://help.fullstory.com/hc/en-us/articles/360020829513-Why-does-FullStory-set-cookies", "",
    ),
    vendor(
        "mouseflow", "Mouseflow", "Mouseflow ApS", "DK", "https://mouseflow.com/privacy/", SessionReplay,
        &["mouseflow.com"],
        "https://help.mouseflow.com/en/articles/4282966-what-is-your-cookie-policy", "",
    ),
    vendor(
        "glassbox", "Glassbox", "Glassbox Ltd.", "IL", "https://www.glassbox.com/privacy-policy/", SessionReplay,
        &["glassboxdigital.io", "glassboxcdn.com"],
        "https://www.glassbox.com/privacy-policy/",
        "Cookie names are widely reported; retention and the CDN host not confirmed from a vendor page.",
    ),
    vendor(
        "logrocket", "LogRocket", "LogRocket, Inc.", "US", "https://logrocket.com/privacy", SessionReplay,
        &["logrocket.com", "logrocket.io", "lr-ingest.io", "lr-in-prod.com"],
        "https://docs.logrocket.com/docs/cookies",
        "Cookie lifetimes and hosts not confirmed.",
    ),
    vendor(
        "smartlook", "Smartlook", "Smartlook.com, s.r.o. (Cisco)", "CZ", "https://www.smartlook.com/privacy/", SessionReplay,
        &["smartlook.com", "smartlook.cloud"],
        "https://help.smartlook.com/en/articles/6064963-cookies-in-smartlook",
        "Source URL, SL_C_ names and lifetimes not confirmed.",
    ),
    vendor(
        "lucky-orange", "Lucky Orange", "Lucky Orange LLC", "US", "https://www.luckyorange.com/legal/privacy", SessionReplay,
        &["luckyorange.com", "luckyorange.net"],
        OCD_SRC,
        "luckyorange.net not confirmed.",
    ),
    vendor(
        "inspectlet", "Inspectlet", "Inspectlet", "US", "https://www.inspectlet.com/legal", SessionReplay,
        &["inspectlet.com"],
        OCD_SRC,
        "Owner name and policy URL not confirmed.",
    ),
    vendor(
        "crazy-egg", "Crazy Egg", "Crazy Egg, Inc.", "US", "https://www.crazyegg.com/privacy", SessionReplay,
        &["crazyegg.com", "cetrk.com"],
        OCD_SRC,
        "cetrk.com not confirmed.",
    ),
    vendor(
        "microsoft-clarity", "Microsoft Clarity", "Microsoft Corporation", "US", MICROSOFT_PRIVACY, SessionReplay,
        &["clarity.ms"],
        "https://learn.microsoft.com/en-us/clarity/setup-and-installation/cookie-list", "",
    ),
    // --- Performance monitoring and bot detection -------------------------
    vendor(
        "dynatrace", "Dynatrace RUM", "Dynatrace LLC", "US", "https://www.dynatrace.com/company/trust-center/privacy/",
        PerformanceMonitoring,
        &["dynatrace.com", "dynatrace-managed.com"],
        "https://docs.dynatrace.com/docs/manage/data-privacy-and-security/data-privacy/rum-cookies-and-web-storage",
        "Cookie names may carry a configured suffix; rxVisitor and rxvt lifetimes not recorded.",
    ),
    vendor(
        "datadog-rum", "Datadog RUM", "Datadog, Inc.", "US", "https://www.datadoghq.com/legal/privacy/", PerformanceMonitoring,
        &[
            "datadoghq-browser-agent.com", "browser-intake-datadoghq.com", "browser-intake-datadoghq.eu",
            "browser-intake-us3-datadoghq.com", "browser-intake-us5-datadoghq.com",
        ],
        "https://docs.datadoghq.com/real_user_monitoring/browser/data_collected/",
        "Source page for the _dd_s cookie not confirmed.",
    ),
    vendor(
        "new-relic", "New Relic Browser", "New Relic, Inc.", "US", "https://newrelic.com/termsandconditions/privacy",
        PerformanceMonitoring,
        &["nr-data.net", "newrelic.com"],
        "https://docs.newrelic.com/docs/browser/new-relic-browser/page-load-timing-resources/new-relic-cookies-used-browser/",
        "NRBA_SESSION storage key not confirmed.",
    ),
    vendor(
        "appdynamics", "AppDynamics (Cisco)", "Cisco Systems, Inc.", "US",
        "https://www.cisco.com/c/en/us/about/legal/privacy-full.html", PerformanceMonitoring,
        &["appdynamics.com", "eum-appdynamics.com"],
        "https://docs.appdynamics.com/",
        "Retention of ADRUM cookies and the exact source page not confirmed.",
    ),
    vendor(
        "akamai-mpulse", "Akamai mPulse", "Akamai Technologies, Inc.", "US", AKAMAI_PRIVACY, PerformanceMonitoring,
        &["go-mpulse.net", "akstat.io"],
        "https://techdocs.akamai.com/mpulse/docs",
        "RT cookie retention (7 days) not confirmed from the source.",
    ),
    vendor(
        "akamai-bot-manager", "Akamai Bot Manager", "Akamai Technologies, Inc.", "US", AKAMAI_PRIVACY, Fingerprinting,
        &[],
        "https://techdocs.akamai.com/bot-manager/docs",
        "Runs on the site's own host, so it has no domain of its own; cookie retentions not confirmed from the source.",
    ),
    vendor(
        "cloudflare", "Cloudflare bot management", "Cloudflare, Inc.", "US", "https://www.cloudflare.com/privacypolicy/",
        Fingerprinting,
        &["challenges.cloudflare.com"],
        "https://developers.cloudflare.com/fundamentals/reference/policies-compliances/cloudflare-cookies/",
        "Cloudflare calls these cookies strictly necessary; they score the browser for bot detection.",
    ),
    vendor(
        "azure-app-insights", "Azure Application Insights", "Microsoft Corporation", "US", MICROSOFT_PRIVACY,
        PerformanceMonitoring,
        &["applicationinsights.azure.com", "dc.services.visualstudio.com", "js.monitor.azure.com"],
        "https://learn.microsoft.com/en-us/azure/azure-monitor/app/javascript-sdk-configuration", "",
    ),
    // --- Fingerprinting and fraud prevention -------------------------------
    vendor(
        "fingerprintjs", "FingerprintJS", "FingerprintJS, Inc.", "US", FP_PRIVACY, Fingerprinting,
        &["openfpcdn.io"],
        "https://github.com/fingerprintjs/fingerprintjs",
        "Sets no cookies; the id is computed from the browser.",
    ),
    vendor(
        "fingerprint-pro", "Fingerprint Pro", "FingerprintJS, Inc.", "US", FP_PRIVACY, Fingerprinting,
        &["fpjs.io", "fpcdn.io", "fpjscdn.net"],
        "https://www.npmjs.com/package/@fingerprintjs/fingerprintjs-pro",
        "Often proxied first-party; _iidt, _vid_t and lifetimes not confirmed.",
    ),
    vendor(
        "threatmetrix", "LexisNexis ThreatMetrix", "LexisNexis Risk Solutions", "US", "https://risk.lexisnexis.com/group/privacy-policy",
        Fingerprinting,
        &["online-metrix.net"],
        "https://docs.pingidentity.com/integrations/threatmetrix/setup/pf_threatmetrix_ik_threatmetrix_idp_adapter_settings_reference.html",
        "Host per Ping Identity's guide (vendor's needs sign-in); often first-party; policy URL not confirmed.",
    ),
    vendor(
        "iovation", "TransUnion TruValidate (iovation)", "TransUnion LLC", "US", "https://www.transunion.com/privacy", Fingerprinting,
        &["iesnare.com", "iovation.com"],
        "https://www.transunion.com/solution/truvalidate",
        "Hosts and cookies not confirmed; often first-party.",
    ),
    vendor(
        "human-security", "HUMAN Bot Defender (PerimeterX)", "HUMAN Security, Inc.", "US", "https://www.humansecurity.com/privacy-policy",
        Fingerprinting,
        &["perimeterx.net", "px-cdn.net", "px-cloud.net"],
        "https://docs.humansecurity.com/applications-and-accounts/docs/cookies",
        "Cookies called strictly necessary; they score the browser. Hosts not confirmed; often first-party.",
    ),
    vendor(
        "datadome", "DataDome", "DataDome SA", "FR", "https://datadome.co/privacy-policy/", Fingerprinting,
        &["datadome.co", "captcha-delivery.com"],
        "https://docs.datadome.co/docs/cookie-session-storage",
        "The cookie scores the browser; captcha-delivery.com not confirmed.",
    ),
    vendor(
        "arkose-labs", "Arkose Labs (FunCaptcha)", "Arkose Labs Holdings, Inc.", "US", "https://www.arkoselabs.com/privacy-policy/",
        Fingerprinting,
        &["arkoselabs.com", "funcaptcha.com"],
        "https://developer.arkoselabs.com/docs",
        "Hosts, cookies and source URL not confirmed.",
    ),
    vendor(
        "hcaptcha", "hCaptcha", "Intuition Machines, Inc.", "US", "https://www.hcaptcha.com/privacy", Fingerprinting,
        &["hcaptcha.com"],
        "https://docs.hcaptcha.com/faq/",
        "Bot detection, as reCAPTCHA; hc_accessibility lifetime not confirmed.",
    ),
    vendor(
        "sift", "Sift", "Sift Science, Inc.", "US", "https://sift.com/service-privacy", Fingerprinting,
        &["sift.com", "siftscience.com"],
        "https://developers.sift.com/docs/curl/apis-overview/core-topics/javascript-snippet",
        "Hosts, cookies and source URL not confirmed.",
    ),
    vendor(
        "biocatch", "BioCatch", "BioCatch Ltd.", "IL", "https://www.biocatch.com/privacy-policy", Fingerprinting,
        &["biocatch.com"],
        "https://www.biocatch.com/privacy-policy",
        "Behavioural biometrics for banks; category is our reading; hosts not confirmed.",
    ),
    vendor(
        "forter", "Forter", "Forter, Inc.", "US", "https://www.forter.com/privacy-policy/", Fingerprinting,
        &["forter.com"],
        "https://www.forter.com/privacy-policy/",
        "Hosts and cookies not confirmed.",
    ),
    vendor(
        "riskified", "Riskified", "Riskified Ltd.", "IL", "https://www.riskified.com/privacy/", Fingerprinting,
        &["riskified.com"],
        "https://www.riskified.com/privacy/",
        "Hosts and cookies not confirmed.",
    ),
    // --- Chat and feedback ------------------------------------------------
    vendor(
        "intercom", "Intercom Messenger", "Intercom, Inc.", "US", "https://www.intercom.com/legal/privacy", Functional,
        &["intercom.io", "intercomcdn.com"],
        "https://www.intercom.com/help/en/articles/2361922-intercom-messenger-cookies",
        "Chat: functional; its 9-month visitor and device ids are analytics. Hosts not confirmed.",
    ),
    vendor(
        "zendesk", "Zendesk Web Widget and Chat", "Zendesk, Inc.", "US", "https://www.zendesk.com/company/agreements-and-terms/privacy-notice/",
        Functional,
        &["zendesk.com", "zdassets.com", "zopim.com"],
        OCD_SRC,
        "Chat: functional; ZD-suid and ZD-buid are analytics. zdassets.com, zopim.com not confirmed.",
    ),
    vendor(
        "livechat", "LiveChat", "Text S.A.", "PL", "https://www.livechat.com/legal/privacy-policy/", Functional,
        &["livechatinc.com"],
        OCD_SRC,
        "",
    ),
    vendor(
        "drift", "Drift", "Salesloft, Inc.", "US", "https://www.salesloft.com/legal/privacy-notice", Functional,
        &["drift.com", "driftt.com"],
        OCD_SRC,
        "drift_* purposes and driftt.com not confirmed.",
    ),
    vendor(
        "liveperson", "LivePerson", "LivePerson, Inc.", "US", "https://www.liveperson.com/policies/privacy/", Functional,
        &["liveperson.net", "lpsnmedia.net"],
        "https://developers.liveperson.com/",
        "Hosts, cookies and source URL not confirmed.",
    ),
    vendor(
        "genesys", "Genesys Cloud Messenger", "Genesys Cloud Services, Inc.", "US", "https://www.genesys.com/company/legal/privacy-policy",
        Functional,
        &["mypurecloud.com", "mypurecloud.ie", "mypurecloud.de", "mypurecloud.com.au", "pure.cloud"],
        "https://developer.genesys.cloud/commdigital/digital/webmessaging/messengersdk/",
        "Hosts and storage keys not confirmed.",
    ),
    vendor(
        "salesforce-chat", "Salesforce Chat and Messaging", "Salesforce, Inc.", "US", "https://www.salesforce.com/company/privacy/",
        Functional,
        &["salesforceliveagent.com", "salesforce-scrt.com"],
        OCD_SRC,
        "Hosts not confirmed.",
    ),
    vendor(
        "verint-foresee", "Verint ForeSee", "Verint Systems Inc.", "US", "https://www.verint.com/our-company/legal-documents/privacy-policy/",
        Analytics,
        &["foresee.com", "foreseeresults.com"],
        "https://www.verint.com/our-company/legal-documents/privacy-policy/",
        "Surveys chosen by behaviour: analytics. Hosts and cookies not confirmed.",
    ),
    vendor(
        "usabilla", "Usabilla (SurveyMonkey)", "Usabilla B.V.", "NL", "https://www.surveymonkey.com/mp/legal/privacy/", Analytics,
        &["usabilla.com"],
        OCD_SRC,
        "Campaigns by visitor history: analytics. Host not confirmed.",
    ),
    vendor(
        "surveymonkey", "SurveyMonkey", "SurveyMonkey Inc.", "US", "https://www.surveymonkey.com/mp/legal/privacy/", Functional,
        &["surveymonkey.com", "surveymonkey.co.uk"],
        OCD_SRC,
        "Its CX_, P_, RP_ cookies are too generic to match.",
    ),
    // --- Analytics and experience -----------------------------------------
    vendor(
        "adobe-analytics", "Adobe Analytics", "Adobe Inc.", "US", ADOBE_PRIVACY, Analytics,
        &["omtrdc.net", "2o7.net"],
        "https://experienceleague.adobe.com/docs/core-services/interface/data-collection/cookies/analytics.html", "",
    ),
    vendor(
        "adobe-experience-cloud", "Adobe Experience Cloud Identity", "Adobe Inc.", "US", ADOBE_PRIVACY, Analytics,
        &["adobedc.net"],
        "https://experienceleague.adobe.com/docs/id-service/using/intro/cookies.html", "",
    ),
    vendor(
        "adobe-audience-manager", "Adobe Audience Manager", "Adobe Inc.", "US", ADOBE_PRIVACY, Advertising,
        &["demdex.net", "everesttech.net"],
        "https://experienceleague.adobe.com/docs/audience-manager/user-guide/reference/aam-cookies.html", "",
    ),
    vendor(
        "adobe-launch", "Adobe Experience Platform Tags (Launch)", "Adobe Inc.", "US", ADOBE_PRIVACY, TagManager,
        &["adobedtm.com"],
        "https://experienceleague.adobe.com/docs/experience-platform/tags/home.html", "",
    ),
    vendor(
        "siteimprove", "Siteimprove Analytics", "Siteimprove A/S", "DK", "https://www.siteimprove.com/privacy/", Analytics,
        &["siteimproveanalytics.com", "siteimproveanalytics.io", "siteimprove.com"],
        "https://www.siteimprove.com/privacy/cookie-policy/",
        "nmstat retention (1000 days) not confirmed from the source.",
    ),
    vendor(
        "matomo", "Matomo", "InnoCraft Ltd", "NZ", "https://matomo.org/privacy-policy/", Analytics,
        &["matomo.cloud", "innocraft.cloud"],
        "https://matomo.org/faq/general/faq_146/",
        "Often self-hosted on the site's own domain; only Matomo Cloud hosts are listed.",
    ),
    vendor(
        "mixpanel", "Mixpanel", "Mixpanel, Inc.", "US", "https://mixpanel.com/legal/privacy-policy/", Analytics,
        &["mixpanel.com", "mxpnl.com"],
        "https://docs.mixpanel.com/docs/tracking-methods/sdks/javascript", "",
    ),
    vendor(
        "posthog", "PostHog", "PostHog Inc.", "US", "https://posthog.com/privacy", Analytics,
        &["posthog.com"],
        "https://posthog.com/docs/libraries/js/persistence", "",
    ),
    vendor(
        "amplitude", "Amplitude", "Amplitude, Inc.", "US", "https://amplitude.com/privacy", Analytics,
        &["amplitude.com"],
        "https://amplitude.com/docs/sdks/analytics/browser/browser-sdk-2",
        "amplitude_id_<key> (older SDK) retention not confirmed.",
    ),
    vendor(
        "segment", "Segment", "Twilio Inc.", "US", "https://www.twilio.com/en-us/legal/privacy", Analytics,
        &["segment.com", "segment.io", "segmentapis.com"],
        "https://segment.com/docs/connections/sources/catalog/libraries/website/javascript/identity/", "",
    ),
    vendor(
        "heap", "Heap", "Heap Inc. (Contentsquare)", "US", "https://www.heap.io/privacy", Analytics,
        &["heapanalytics.com"],
        "https://help.heap.io/data-management/data-privacy/heap-cookies/",
        "Source URL not confirmed.",
    ),
    vendor(
        "optimizely", "Optimizely", "Optimizely, Inc.", "US", "https://www.optimizely.com/legal/privacy-notice/", Analytics,
        &["optimizely.com"],
        "https://docs.developers.optimizely.com/web-experimentation/docs/cookies-and-localstorage",
        "Source URL not confirmed.",
    ),
    vendor(
        "qualtrics", "Qualtrics Website Feedback", "Qualtrics LLC", "US", "https://www.qualtrics.com/privacy-statement/", Analytics,
        &["qualtrics.com"],
        "https://www.qualtrics.com/support/website-app-feedback/getting-started-with-website-app-feedback/website-app-feedback-browser-cookies/",
        "",
    ),
    vendor(
        "medallia", "Medallia Digital (Kampyle)", "Medallia, Inc.", "US", "https://www.medallia.com/privacy-policy/", Analytics,
        &["medallia.com", "medallia.eu", "kampyle.com"],
        "https://docs.medallia.com/en/?resourceId=digital-cookies",
        "Source URL and retentions other than kampyle_userid not confirmed.",
    ),
    vendor(
        "snowplow", "Snowplow", "Snowplow Analytics Ltd", "GB", "https://snowplow.io/privacy-policy", Analytics,
        &[],
        "https://docs.snowplow.io/docs/sources/trackers/javascript-trackers/web-tracker/cookies-and-local-storage/",
        "Collectors are self-hosted, so there is no vendor domain; source URL not confirmed.",
    ),
    vendor(
        "cloudflare-web-analytics", "Cloudflare Web Analytics", "Cloudflare, Inc.", "US",
        "https://www.cloudflare.com/privacypolicy/", Analytics,
        &["cloudflareinsights.com"],
        "https://developers.cloudflare.com/web-analytics/", "Sets no cookies.",
    ),
    // --- Consent platforms ------------------------------------------------
    vendor(
        "onetrust", "OneTrust cookie consent", "OneTrust LLC", "US", "https://www.onetrust.com/privacy-notice/", Consent,
        &["cookielaw.org", "onetrust.com"],
        "https://my.onetrust.com/s/article/UUID-2dc719a8-4be5-8d16-1dc8-c7b4147b88e0",
        "Source URL not confirmed.",
    ),
    vendor(
        "cookiebot", "Cookiebot", "Usercentrics A/S", "DK", "https://www.cookiebot.com/en/privacy-policy/", Consent,
        &["cookiebot.com"],
        "https://www.cookiebot.com/en/developer/",
        "Source URL not confirmed.",
    ),
    vendor(
        "civic-cookie-control", "Civic Cookie Control", "Civic Computing Ltd", "GB", "https://www.civicuk.com/privacy-policy",
        Consent,
        &["civiccomputing.com"],
        "https://www.civicuk.com/cookie-control/documentation/cookies",
        "Source URL not confirmed.",
    ),
    // --- Job boards -------------------------------------------------------
    vendor(
        "adzuna", "Adzuna", "Adzuna Ltd", "GB", "https://www.adzuna.co.uk/privacy-policy.html", Functional,
        &["adzuna.co.uk", "adzuna.com"],
        "https://www.adzuna.co.uk/cookie-policy.html",
        "Job-listing partner; category is our reading (job content, not tracking) and not confirmed; source URL not confirmed.",
    ),
    vendor(
        "monster", "Monster", "Monster Worldwide, Inc.", "US", "https://www.monster.com/privacy", Functional,
        &["monster.com", "monster.co.uk"],
        "https://www.monster.com/cookies",
        "Job board; category is our reading and not confirmed; source URL not confirmed.",
    ),
    vendor(
        "indeed", "Indeed", "Indeed, Inc. (Recruit Holdings)", "US", "https://www.indeed.com/legal", Functional,
        &["indeed.com", "indeed.co.uk"],
        "https://www.indeed.com/legal",
        "CTK lifetime not confirmed; category of CTK is our reading of Indeed's description (browser tracking key).",
    ),
];
