// The page opened once, when the extension is installed: what is watched
// and what is never sent anywhere, why each permission is asked, and how
// to read the popup, then the way to the choice of sites. Every word comes
// from _locales; nothing here asks the background anything.
import { t, localize } from "../ui/dom.js";

localize();
// The popup's buttons, named with the popup's own words.
document.getElementById("popup-buttons").textContent = t("onboardingPopup5", [t("popupClean"), t("popupRecord"), t("popupOpenLog")]);
document.getElementById("main").setAttribute("aria-busy", "false");
