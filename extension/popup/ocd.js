// What the Open Cookie Database lists the items the catalog does not know
// as, asked for (catalog.lookup) the first time the user opens "Not
// recognised": its data is in the actions module, loaded only then. A
// second opinion shown beside the item, never a verdict.
import { send } from "../ui/dom.js";

const M = globalThis.twMessages;

/** name -> {name, listedAs, platform, category, retention} */
export const listings = new Map();
let asked = null;

// Resolves true once the listings are in (false if the lookup failed: the
// next opening asks again).
export function lookUpOnce(names) {
  asked ??= send({ type: M.CATALOG_LOOKUP, names }).then(
    (r) => {
      for (const f of r.found) listings.set(f.name, f);
      return true;
    },
    () => {
      asked = null;
      return false;
    },
  );
  return asked;
}
