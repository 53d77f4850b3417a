// Content scripts registered at run time: the observer on the sites the
// user added, and the page-world observers with their bridge on every
// watched site the browser lets us into.
import { api } from "./boot.js";

// Preset sites get the content script from the manifest; sites the user
// added get it registered here, for the origins they were granted.
const USER_SCRIPTS_ID = "tw-user-sites";
export async function syncContentScripts(witness) {
  const declared = new Set(api.manifest().host_permissions);
  const matches = witness.permissionOrigins().filter((o) => !declared.has(o));
  try {
    const existing = await api.getRegisteredContentScripts();
    if (existing.some((s) => s.id === USER_SCRIPTS_ID)) await api.unregisterContentScripts({ ids: [USER_SCRIPTS_ID] });
    if (!matches.length) return;
    await api.registerContentScripts([
      { id: USER_SCRIPTS_ID, matches, js: ["browser-api.js", "messages.js", "content/observer.js"], runAt: "document_idle", allFrames: true },
    ]);
  } catch (e) {
    // Without the host permission the browser refuses; cookies are still watched.
    console.error("Tracking Witness: content script for added sites not registered", e);
  }
}

// The page-world observers and their bridge, in every frame of every
// watched site the browser lets us into, before any page script runs.
// With deep inspection's host access, the same in other origins' frames
// inside them (a partner's widget): registered for every other origin, and
// doing nothing in a top-level page (content/in-frame.js and the frame
// build of the observers check); the background takes what they report
// only from a watched site's tab.
const PAGE_WORLD_ID = "tw-page-world";
const BRIDGE_ID = "tw-bridge";
const FRAME_IDS = ["tw-frame-bridge", "tw-frame-page-world", "tw-frame-observer"];
export async function syncPageWorld(witness) {
  const matches = [];
  for (const origin of witness.permissionOrigins()) {
    if (await api.hasPermissions({ origins: [origin] }).catch(() => false)) matches.push(origin);
  }
  const everywhere = matches.length > 0 && (await api.hasPermissions({ origins: ["<all_urls>"] }).catch(() => false));
  try {
    const ours = new Set([PAGE_WORLD_ID, BRIDGE_ID, ...FRAME_IDS]);
    const ids = (await api.getRegisteredContentScripts()).map((s) => s.id).filter((id) => ours.has(id));
    if (ids.length) await api.unregisterContentScripts({ ids });
    if (!matches.length) return;
    const common = { matches, runAt: "document_start", allFrames: true };
    // The bridge first, so it is usually listening when the observers ask.
    const scripts = [
      { id: BRIDGE_ID, js: ["browser-api.js", "messages.js", "content/bridge.js"], ...common },
      { id: PAGE_WORLD_ID, js: ["content/page-world.js"], world: "MAIN", ...common },
    ];
    if (everywhere) {
      const frames = { matches: ["<all_urls>"], excludeMatches: matches, allFrames: true };
      scripts.push(
        { id: FRAME_IDS[0], js: ["content/in-frame.js", "browser-api.js", "messages.js", "content/bridge.js"], runAt: "document_start", ...frames },
        { id: FRAME_IDS[1], js: ["content/page-world-frame.js"], world: "MAIN", runAt: "document_start", ...frames },
        { id: FRAME_IDS[2], js: ["content/in-frame.js", "browser-api.js", "messages.js", "content/observer.js"], runAt: "document_idle", ...frames },
      );
    }
    await api.registerContentScripts(scripts);
  } catch (e) {
    console.error("Tracking Witness: page-world observers not registered", e);
  }
}
