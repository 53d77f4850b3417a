// Issue 10: trusted timestamps (RFC 3161), end to end against the stand-in
// authority (www/timestamp.authority.example: OpenSSL's `ts -reply`, its
// keys made at test time). The authority's address is typed into the
// options page, which sends nothing; the log page explains what will be
// sent, asks for the authority's host permission from the click, and on
// "Send the hash" the background sends the request: the test reads it as
// the authority received it (`openssl ts -query -text`) and finds the
// head's hash and a nonce, nothing else. The token is journaled as
// timestamp.added. Then "Timestamp this export" with a case file: the zip's
// timestamps/ folder holds both tokens, tw-verify checks them (against the
// token's own certificate, then the authority's CA with --tsa-cert, then
// another authority's, which fails), and `openssl ts -verify` accepts each
// token for its head hash and refuses it for another hash. Last, a JSON
// export whose second timestamp carries the first one's token (rechained,
// signed again) is refused by tw-verify: the token is for another hash.
//
// Permissions: Firefox runs the normal build and grants the optional
// permission without a prompt (extensions.webextOptionalPermissionPrompts
// is false in the harness), so the grant itself happens; before it, the
// background refuses to send (PermissionNeeded). Chromium cannot click its
// own permission prompt: it runs the deep build, which holds <all_urls>
// already, so there permissions.request resolves at once and the refusal
// without permission is not exercised.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, server, until, firefoxDownloadPrefs, finishedDownload } from "./harness.mjs";
import { audit } from "./axe.mjs";
import { otherKey, rechain, resign, writeExport } from "./forge.mjs";
import { authorityFiles, received } from "../../www/timestamp.authority.example/routes.mjs";

const TSA = "timestamp.authority.example";
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const twVerify = join(root, "target", "release", "tw-verify");

before(() => {
  execFileSync("cargo", ["build", "--quiet", "--release", "--bin", "tw-verify"], { cwd: root, stdio: "inherit" });
});

const shortOf = (hash) => hash.slice(0, 16).match(/.{4}/g).join("-");

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

// Python's zipfile: one entry's bytes written to `out`; the names in the zip.
const PY = `
import sys, zipfile, json
z = zipfile.ZipFile(sys.argv[2])
if sys.argv[1] == "names":
    print(json.dumps(z.namelist()))
else:
    open(sys.argv[4], "wb").write(z.read(sys.argv[3]))
`;
const python = (...args) => execFileSync("python3", ["-c", PY, ...args], { encoding: "utf8" });

for (const browserName of ["chromium", "firefox"]) {
  test(`${browserName}: timestamp the head from the log page, then a timestamped case file, checked by tw-verify and openssl`, { timeout: 240000 }, async (t) => {
    const work = mkdtempSync(join(tmpdir(), `tw-timestamp-${browserName}-`));
    t.after(() => rmSync(work, { recursive: true, force: true }));
    const downloads = join(work, "downloads");
    execFileSync("mkdir", ["-p", downloads]);
    const b = await launch(browserName, { variant: browserName === "chromium" ? "deep" : null, firefoxPrefs: firefoxDownloadPrefs(downloads) });
    t.after(() => b.close());
    if (browserName === "chromium") {
      const cdp = await b.browser.target().createCDPSession();
      await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
    }
    const { caPath, certPath } = authorityFiles();
    const authority = b.url(TSA, "/tsr");
    const sentBefore = received().length;
    // The server is shared by both browsers' runs: only this run's requests count.
    const logStart = b.server.log.length;
    await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });

    // Off by default: the background refuses, and nothing is sent.
    const off = await b.send({ type: "evidence.timestamp" });
    assert.equal(off.name, "NoAuthority", JSON.stringify(off));

    // The options page: the address is saved, and that sends nothing.
    const options = await b.openExtensionPage("options/options.html");
    await options.waitForSelector("main[aria-busy=false]");
    await options.type("#tsa-url", "ftp://nowhere.example/");
    await options.click("#tsa-form button[type=submit]");
    await options.waitForFunction(() => document.getElementById("tsa-error").textContent.length > 0);
    await options.$eval("#tsa-url", (e) => (e.value = ""));
    await options.type("#tsa-url", authority);
    await options.click("#tsa-form button[type=submit]");
    await options.waitForFunction((u) => document.getElementById("tsa-state").textContent.includes(u), {}, authority);
    assert.equal((await b.sendOk({ type: "sites.list" })).timestampAuthority, authority);
    const changed = (await b.sendOk({ type: "journal.page", limit: 20, filter: { type: "settings.changed" } })).entries;
    assert.ok(changed.some((e) => e.data.setting === "timestampAuthority" && e.data.value === authority), "the setting is journaled");
    if (browserName === "firefox") {
      // Not yet granted: the background will not send without the permission.
      const refused = await b.send({ type: "evidence.timestamp" });
      assert.equal(refused.name, "PermissionNeeded", JSON.stringify(refused));
    }
    assert.equal(received().length, sentBefore, "saving the address sent nothing");
    assert.deepEqual(await audit(options), [], "the options page with an authority named passes axe");

    // The log page: the explanation first, then the permission and the request.
    const log = await b.openExtensionPage("report/log.html");
    await log.waitForSelector("main[aria-busy=false]");
    const stats = await b.sendOk({ type: "journal.stats" });
    await log.click("#tsa-now");
    await log.waitForSelector("#tsa-explain:not([hidden])");
    const explained = await log.$eval("#tsa-explain-text", (e) => e.textContent);
    assert.ok(explained.includes(authority) && explained.includes(stats.headShort), explained);
    assert.equal(received().length, sentBefore, "the explanation comes before anything is sent");
    assert.deepEqual(await audit(log), [], "the log page with the explanation open passes axe");
    await log.click("#tsa-send");
    const said = await until("the timestamp is added", () => log.$eval("#tsa-result", (e) => e.textContent), (s) => s.length > 0, 30000);
    assert.ok(said.includes(stats.headShort), `${said} / ${await log.$eval("#status", (e) => e.textContent)}`);
    assert.equal(await b.shim("hasPermissions", { origins: [`https://${TSA}/*`] }), true);

    // What crossed the network: the head's hash and a nonce, nothing else.
    const queries = received().slice(sentBefore);
    assert.equal(queries.length, 1);
    writeFileSync(join(work, "sent.tsq"), queries[0]);
    const text = run("openssl", ["ts", "-query", "-in", join(work, "sent.tsq"), "-text"]).out;
    assert.match(text, /Hash Algorithm: sha256/);
    const hex = stats.head.hash.match(/../g).join(" ").slice(0, 20);
    assert.ok(text.replace(/\s+/g, " ").includes(hex), `the request carries the head hash ${stats.head.hash}:\n${text}`);
    assert.match(text, /Policy OID: unspecified/);
    assert.match(text, /Certificate required: yes/);
    assert.match(text, /Extensions:\s*$/m);
    const atServer = b.server.log.slice(logStart).filter((e) => e.host === TSA);
    assert.equal(atServer.length, 1);
    assert.equal(atServer[0].cookie, null, "no cookie");
    assert.equal(atServer[0].referer, null, "no referrer");

    const stamped = (await b.sendOk({ type: "journal.page", limit: 5, filter: { type: "timestamp.added" } })).entries;
    assert.equal(stamped.length, 1);
    assert.equal(stamped[0].data.headSeq, stats.head.seq);
    assert.equal(stamped[0].data.headHash, stats.head.hash);
    assert.equal(stamped[0].prevHash, stats.head.hash, "it follows the entry it timestamps");
    assert.equal(stamped[0].data.authority, authority);

    // "Timestamp this export" with a case file: the head is timestamped again first.
    await log.click("#export-stamp");
    await log.waitForSelector("#export-stamp-explain:not([hidden])");
    await log.click("button.export[data-format=casefile]");
    const file = await until("the case file is downloaded", async () => {
      const f = finishedDownload(downloads, ".zip");
      if (!f.ok) f.detail = { files: f.detail, status: await log.$eval("#status", (s) => s.textContent).catch(() => "") };
      return f;
    }, (f) => f.ok, 60000);
    assert.equal(received().length, sentBefore + 2, "one more request, for the export");
    const all = (await b.sendOk({ type: "journal.page", limit: 5, filter: { type: "timestamp.added" } })).entries.sort((x, y) => x.seq - y.seq);
    assert.equal(all.length, 2);

    const names = JSON.parse(python("names", file.path));
    for (const e of all) assert.ok(names.includes(`timestamps/timestamp-${e.seq}.tst`), `${names}`);

    const plain = run(twVerify, [file.path]);
    assert.equal(plain.code, 0, plain.out);
    assert.match(plain.out, /checked against the certificate inside the timestamp only/);
    for (const e of all) assert.ok(plain.out.includes(`timestamps/timestamp-${e.seq}.tst: the token of the trusted timestamp in entry ${e.seq}`), plain.out);
    const trusted = run(twVerify, ["--tsa-cert", caPath, file.path]);
    assert.equal(trusted.code, 0, trusted.out);
    assert.match(trusted.out, /signed by CN=Stand-in Timestamp Authority,.*, whose certificate was issued by CN=Stand-in Timestamp Authority CA,.*, which you gave \(--tsa-cert\)/);
    assert.equal(run(twVerify, ["--tsa-cert", certPath, file.path]).code, 0);
    // Another authority's certificate: the timestamps are not its.
    const other = join(work, "other-tsa");
    execFileSync("sh", [join(root, "scripts", "test-tsa.sh"), other, "rsa", "Another Authority"], { stdio: "ignore" });
    const wrong = run(twVerify, ["--tsa-cert", join(other, "ca.pem"), file.path]);
    assert.equal(wrong.code, 1, wrong.out);
    assert.match(wrong.out, /NOT VERIFIED: .*the timestamp was signed by CN=Stand-in Timestamp Authority,.*, not by the timestamp authority whose certificate was given/);

    // OpenSSL alone: each token verifies for the hash of the entry it follows, and for no other.
    for (const e of all) {
      const tst = join(work, `t${e.seq}.tst`);
      python("extract", file.path, `timestamps/timestamp-${e.seq}.tst`, tst);
      const ok = run("openssl", ["ts", "-verify", "-token_in", "-in", tst, "-digest", e.data.headHash, "-CAfile", caPath]);
      assert.match(ok.out, /Verification: OK/, ok.out);
      const otherHash = e.data.headHash.replace(/^./, (c) => (c === "0" ? "1" : "0"));
      const bad = run("openssl", ["ts", "-verify", "-token_in", "-in", tst, "-digest", otherHash, "-CAfile", caPath]);
      assert.doesNotMatch(bad.out, /Verification: OK/, bad.out);
    }

    // tw-verify on a JSON export: the second timestamp entry given the first
    // one's token (a real token of this authority, for the head as it was
    // then), its hash and every later one recomputed and the file signed
    // again by another key, so that the token is the only thing wrong.
    const exported = (await b.sendOk({ type: "evidence.export", format: "json" })).text;
    const good = join(work, "evidence.json");
    writeFileSync(good, exported);
    const fine = run(twVerify, [good]);
    assert.equal(fine.code, 0, fine.out);
    const doc = JSON.parse(exported);
    const [first, second] = all.map((e) => doc.journal.entries.findIndex((x) => x.seq === e.seq));
    const entries = doc.journal.entries;
    entries[second].data.token = entries[first].data.token;
    rechain(doc, second);
    resign(doc, otherKey());
    const swapped = join(work, "swapped-token.json");
    writeFileSync(swapped, writeExport(doc));
    const refused = run(twVerify, [swapped]);
    assert.equal(refused.code, 1, refused.out);
    const [was, is] = [entries[first].data.headHash, entries[second].data.headHash].map(shortOf);
    assert.ok(
      refused.out.includes(
        `NOT VERIFIED: the trusted timestamp in entry ${all[1].seq} does not hold: the timestamp is for a different hash (${was}) than the log's entry it should vouch for (${is}): it was made for something else, so it says nothing about this log`,
      ),
      refused.out,
    );
  });
}

after(async () => (await server()).close());
