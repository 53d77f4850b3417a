// Issue 8: the permission requests of the build users install, answered at
// the browser's own prompt. Firefox shows its prompt (a doorhanger) once the
// pref extensions.webextOptionalPermissionPrompts is on, and the test
// answers it from the parent process as a person would, "Deny" first, then
// "Allow". Chromium's prompt is a native dialog that no automation reaches
// (a request stays pending), so its side is what the default build holds
// without asking: see docs/testing.md.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, server, until } from "./harness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const en = JSON.parse(readFileSync(join(root, "extension/_locales/en/messages.json"), "utf8"));
const NEWS = "www.bystander-news.example";
const DEEP = { origins: ["<all_urls>"] };

const settingsChanges = async (b) =>
  JSON.parse((await b.sendOk({ type: "evidence.export", format: "json" })).text).journal.entries.filter((e) => e.type === "settings.changed" && e.data.setting === "deepInspection");

test("firefox: deep inspection asked at the browser's prompt: denied, nothing changes; allowed, it is on and journaled", async (t) => {
  const b = await launch("firefox", { firefoxPrefs: { "extensions.webextOptionalPermissionPrompts": true } });
  t.after(() => b.close());
  await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
  assert.equal(await b.shim("hasPermissions", DEEP), false, "the installed build has no access to every site");
  const options = await b.openExtensionPage("options/options.html");
  await options.waitForSelector("main[aria-busy=false]");
  const state = () => options.$eval("#deep-state", (e) => e.textContent);
  assert.equal(await state(), en.deepOff.message);

  await options.click("#deep-toggle");
  const labels = await b.answerPermissionPrompt("deny");
  t.diagnostic(`prompt buttons: ${labels.join(", ")}`);
  await until("the refusal taken", () => options.evaluate(() => document.getElementById("status").textContent + "|" + document.getElementById("deep-toggle").dataset.on), (s) => s.endsWith("|false"));
  assert.equal(await b.shim("hasPermissions", DEEP), false, "denied: still no access");
  assert.equal(await state(), en.deepOff.message);
  await until("the refusal journaled as off", () => settingsChanges(b), (list) => list.length >= 1);
  assert.ok((await settingsChanges(b)).every((e) => e.data.value === false), "nothing journaled as on");

  await options.click("#deep-toggle");
  await b.answerPermissionPrompt("allow");
  await until("deep inspection on", state, (s) => s === en.deepOn.message);
  assert.equal(await b.shim("hasPermissions", DEEP), true);
  await until("deep inspection journaled as on", () => settingsChanges(b), (list) => list.some((e) => e.data.value === true));
});

test("firefox: a new site's addresses asked at the browser's prompt: denied, the site is not added; allowed, it is", async (t) => {
  const b = await launch("firefox", { firefoxPrefs: { "extensions.webextOptionalPermissionPrompts": true } });
  t.after(() => b.close());
  await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
  const origins = { origins: [`https://${NEWS}/*`] };
  assert.equal(await b.shim("hasPermissions", origins), false);
  const options = await b.openExtensionPage("options/options.html");
  await options.waitForSelector("main[aria-busy=false]");
  const names = async () => (await b.sendOk({ type: "sites.list" })).sites.map((s) => s.name);
  const submit = async () => {
    await options.$eval("#add-name", (e) => (e.value = ""));
    await options.$eval("#add-hosts", (e) => (e.value = ""));
    await options.type("#add-name", "Local news");
    await options.type("#add-hosts", NEWS);
    await options.waitForFunction((h) => document.getElementById("add-form").dataset.checked === h, {}, NEWS);
    await options.click("#add-form button[type=submit]");
  };

  await submit();
  await b.answerPermissionPrompt("deny");
  await until("the refusal said", () => options.$eval("#status", (e) => e.textContent), (s) => s === en.addPermissionRefused.message);
  assert.ok(!(await names()).includes("Local news"), "denied: not added");
  assert.equal(await b.shim("hasPermissions", origins), false);

  await submit();
  await b.answerPermissionPrompt("allow");
  await until("the site added", names, (list) => list.includes("Local news"));
  assert.equal(await b.shim("hasPermissions", origins), true);
});

test("chromium: the installed build holds the presets' sites and asks for everything else", async (t) => {
  const b = await launch("chromium");
  t.after(() => b.close());
  await b.sendOk({ type: "onboarding.choose", presets: ["uk-find-a-job"] });
  assert.equal(await b.shim("hasPermissions", DEEP), false, "no access to every site without asking");
  assert.equal(await b.shim("hasPermissions", { origins: [`https://${NEWS}/*`] }), false, "no access to a site the user has not added");
  assert.equal(await b.shim("hasPermissions", { origins: ["https://findajob.dwp.gov.uk/*"] }), true, "a preset's site is in the manifest");
});

after(async () => (await server()).close());
