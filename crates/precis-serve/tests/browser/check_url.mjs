// The web page's link field, in Debian's Chromium, against a server that fetches pages.
//
//   node check_url.mjs URL PAGE_URL MISSING_URL
//
// Started by tests/browser.rs with a server run with fetching on (private addresses allowed, since
// the article is served from loopback), PAGE_URL an article served by the test and MISSING_URL a
// page that answers 404. Checks that the link field is shown, that a link is summarized exactly as
// the API summarizes {"url": PAGE_URL}, with the fetched article marked in place, that a link and
// a text at once, a link that is not one, and a 404 each get a plain message.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [url, pageUrl, missingUrl] = process.argv.slice(2);
if (!missingUrl) {
  console.error("usage: node check_url.mjs URL PAGE_URL MISSING_URL");
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log(`ok: ${message}`);
}

function same(actual, expected, message) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message}\n  page: ${a}\n  api:  ${e}`);
  console.log(`ok: ${message}`);
}

async function clickSummarize(page) {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/v1/summarize");
  await page.getByRole("button", { name: "Summarize" }).click();
  await answered;
  await page.waitForFunction(() => !document.querySelector("#summarize").disabled);
}

const profile = mkdtempSync(join(tmpdir(), "precis-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
});
let failed = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // The 422 this script provokes on purpose is logged by Chromium as a failed load.
    if (m.type() === "error" && !/status of 422/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  await page.goto(url);
  const field = page.locator("#url");
  await field.waitFor({ state: "visible" });
  check(true, "the link field is shown when the server fetches pages");

  await page.locator("#algorithm").selectOption("lead");
  await page.locator("#unit").selectOption("sentences");
  await page.locator("#length").fill("2");
  await field.fill(pageUrl);
  await clickSummarize(page);
  const response = await fetch(new URL("/v1/summarize", url), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ url: pageUrl, algorithm: "lead", sentences: 2 }),
  });
  const expected = await response.json();
  check(response.ok && expected.extracted !== undefined, "the API fetched and extracted the page");
  const shown = await page.evaluate(() => ({
    marks: [...document.querySelectorAll("#view mark")].map((m) => m.textContent),
    article: document.querySelector("#view").textContent,
    meta: document.querySelector("#meta").textContent,
  }));
  same(shown.marks, expected.sentences.map((s) => s.text), "a link: the marked sentences equal the API's");
  same(shown.article, expected.extracted.text, "a link: the fetched article is shown whole");
  check(shown.meta.includes("fetched from the link"), "a link: the page says the article was fetched");

  const message = page.locator("#message");
  await page.locator("#article").fill("A pasted story as well.");
  await page.getByRole("button", { name: "Summarize" }).click();
  await message.waitFor({ state: "visible" });
  check((await message.textContent()).includes("not both"), "a link and a text at once: a clear message");
  await page.locator("#article").fill("");

  await field.fill("example.org/story");
  await page.getByRole("button", { name: "Summarize" }).click();
  check((await message.textContent()).includes("address bar"), "a link without http(s):// gets a clear message");

  await field.fill(missingUrl);
  await clickSummarize(page);
  await page.waitForFunction(() => !document.querySelector("#message").hidden);
  check((await message.textContent()).includes("HTTP 404"), "a link that answers 404 says so");

  await page.getByRole("button", { name: "Clear" }).click();
  same(await field.inputValue(), "", "Clear empties the link field too");
  same(problems, [], "no script errors on the page");
} catch (err) {
  failed = true;
  console.error(`FAILED: ${err.message}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
