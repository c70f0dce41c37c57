// Drives the precis web page in Debian's Chromium and checks it against the API.
//
//   node check.mjs URL [SCREENSHOT_DIR]
//
// Started by tests/browser.rs with the URL of a server it runs. Loads the page, checks the
// empty-input message, clicks "Load sample" then "Summarize", checks that the sentences marked in
// the article and listed as highlights are exactly the API's answer for the same input (also for
// a story with accents, curly quotes and an emoji, where UTF-8 byte offsets and JavaScript string
// indices differ), and saves screenshots at laptop and phone width.
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [url, shotDir] = process.argv.slice(2);
if (!url) {
  console.error("usage: node check.mjs URL [SCREENSHOT_DIR]");
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

const UNICODE_STORY =
  "ZÜRICH (precis) — Café owners in Zürich said on Monday that prices had risen “sharply” this year.\n\n" +
  "🍰 Cake now costs 7.50 francs, up from 6.20 francs. Mr. Müller said: “We cannot go on like this.”\n\n" +
  "The city council will meet on Friday. Señora García, a customer 😀, said she would still come every day.";

const PAGE_HTML = `<!doctype html><html><head><title>Harbour reopens after storm | Gazette</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Monday after three days of closure, the port authority said, and the first ferries left on schedule.</p>
<p>Repairs to the outer breakwater will continue through the winter, officials added. “We are relieved,” said Zoë Martín.</p>
<p>Fishing boats returned to their moorings by noon, and the café on the quay reopened.</p>
</article><footer>&copy; Gazette</footer></body></html>`;

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

async function api(path, body) {
  const response = await fetch(new URL(path, url), body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

// What the page shows: the marked sentences in the article, and the listed highlights.
async function shown(page) {
  return page.evaluate(() => ({
    marks: [...document.querySelectorAll("#view mark")].map((m) => m.textContent),
    titles: [...document.querySelectorAll("#view mark")].map((m) => m.title),
    list: [...document.querySelectorAll("#highlights li a")].map((a) => a.textContent),
    article: document.querySelector("#view").textContent,
  }));
}

// Clicks Summarize and waits until the page has handled the API's answer: the request went out,
// its response came back, and the button is enabled again (the page renders before re-enabling
// it). Waiting for a mark alone is not enough: the marks of the previous answer are still there.
async function clickSummarize(page) {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/v1/summarize");
  await page.getByRole("button", { name: "Summarize" }).click();
  await answered;
  await page.waitForFunction(() => !document.querySelector("#summarize").disabled);
}

async function summarizeAndCompare(page, text, what) {
  const algorithm = await page.locator("#algorithm").inputValue();
  const unit = await page.locator("#unit").inputValue();
  const length = Number(await page.locator("#length").inputValue());
  await clickSummarize(page);
  const expected = await api("/v1/summarize", { text, algorithm, [unit]: length });
  const got = await shown(page);
  same(got.marks, expected.sentences.map((s) => s.text), `${what}: marked sentences equal the API's (${algorithm}, ${length} ${unit})`);
  same(got.list, expected.sentences.map((s) => s.text.replace(/\s+/g, " ")), `${what}: listed highlights equal the API's`);
  same(got.article, text, `${what}: the article is shown whole, unchanged`);
  check(got.titles.every((t) => /^score \S+ · sentence \d+$/.test(t)), `${what}: every mark carries its score on hover`);
  return expected;
}

const profile = mkdtempSync(join(tmpdir(), "precis-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  viewport: { width: 1280, height: 900 },
});
let failed = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // The one 422 this script provokes on purpose is logged by Chromium as a failed load.
    if (m.type() === "error" && !m.text().includes("status of 422")) problems.push(`console error: ${m.text()}`);
  });

  await page.goto(url);
  await page.locator("#algorithm option").first().waitFor({ state: "attached" });
  const algorithms = await api("/v1/algorithms");
  same(
    await page.locator("#algorithm option").evaluateAll((os) => os.map((o) => o.value)),
    algorithms.algorithms.map((a) => a.name),
    "the algorithm menu lists every algorithm",
  );
  same(await page.locator("#algorithm").inputValue(), algorithms.default, "the default algorithm is preselected");

  // Empty input: a clear message, no request.
  await page.getByRole("button", { name: "Summarize" }).click();
  const message = page.locator("#message");
  await message.waitFor({ state: "visible" });
  check((await message.textContent()).includes("Paste an article"), "empty input gets a clear message");

  // The sample article.
  await page.getByRole("button", { name: "Load sample" }).click();
  const sample = (await api("/v1/sample")).text;
  await page.waitForFunction(() => document.querySelector("#article").value.length > 0);
  same(await page.locator("#article").inputValue(), sample, "Load sample fills in the built-in sample");
  const answer = await summarizeAndCompare(page, sample, "sample");
  check(await message.isHidden(), "the message is gone after a good request");
  check((await page.locator("#meta").textContent()).includes(`of ${answer.input_sentences} sentences`), "the summary line counts the sentences");

  if (shotDir) {
    mkdirSync(shotDir, { recursive: true });
    await page.screenshot({ path: join(shotDir, "serve.png"), fullPage: true });
    // At phone width: the form fits, and after Summarize the highlights scroll into view.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const noOverflow = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    check(noOverflow, "no sideways scrolling at phone width (390 px)");
    if (process.env.PRECIS_SHOT_FULL) await page.screenshot({ path: join(shotDir, "serve-phone-top.png") });
    await summarizeAndCompare(page, sample, "sample at phone width");
    const inView = await page.evaluate(() => {
      const r = document.querySelector("#highlights").getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    });
    check(inView, "at phone width the highlights are scrolled into view");
    await page.screenshot({ path: join(shotDir, "serve-phone.png") });
    if (process.env.PRECIS_SHOT_FULL) {
      await page.screenshot({ path: join(shotDir, "serve-phone-full.png"), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    console.log(`ok: screenshots saved in ${shotDir}`);
  }

  // Multi-byte text: UTF-8 byte spans must land on the right UTF-16 positions.
  await page.locator("#article").fill(UNICODE_STORY);
  await page.locator("#algorithm").selectOption("lexrank");
  await page.locator("#unit").selectOption("words");
  await page.locator("#length").fill("30");
  await summarizeAndCompare(page, UNICODE_STORY, "accents and emoji");
  await page.locator("#unit").selectOption("sentences");
  await page.locator("#length").fill("4");
  await summarizeAndCompare(page, UNICODE_STORY, "accents and emoji");

  // A pasted web page is sent as html; the page shows the extracted text with its highlights.
  await page.locator("#article").fill(PAGE_HTML);
  await page.locator("#algorithm").selectOption("lead");
  await page.locator("#length").fill("2");
  await clickSummarize(page);
  await page.waitForFunction(() => document.querySelector("#meta").textContent.includes("extracted from HTML"));
  const fromHtml = await api("/v1/summarize", { html: PAGE_HTML, algorithm: "lead", sentences: 2 });
  const gotHtml = await shown(page);
  same(gotHtml.marks, fromHtml.sentences.map((s) => s.text), "pasted HTML: marked sentences equal the API's");
  same(gotHtml.article, fromHtml.extracted.text, "pasted HTML: the extracted article is shown");

  // An error from the server is shown as its message.
  await page.locator("#length").fill("5000");
  await clickSummarize(page);
  await page.waitForFunction(() => !document.querySelector("#message").hidden);
  check((await message.textContent()).includes("from 1 to 1000"), "a 422 from the API is shown as its message");

  same(problems, [], "no script errors on the page");
} catch (err) {
  failed = true;
  console.error(`FAILED: ${err.message}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
