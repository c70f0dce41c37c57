// Drives the precis web page in Debian's Chromium and checks it against the API.
//
//   node check.mjs URL [SCREENSHOT_DIR]
//
// Started by tests/browser.rs with the URL of a server it runs (its body limit set low). Loads the
// page, checks the empty-input message, clicks "Load sample" then "Summarize" at the default
// "automatic" length, checks that the sentences marked in the article and listed as highlights are
// exactly the API's answer for the same input (also for a story with accents, curly quotes and an
// emoji, where UTF-8 byte offsets and JavaScript string indices differ), a pasted web page and a
// pasted <article> fragment (extracted by the server, never shown as markup), the copy buttons
// (plain text and escaped Markdown), phone width (tap on a mark, results scrolled fully into
// view), and the error messages (no command-line option named to a web user); and saves
// screenshots at laptop and phone width.
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

const FRAGMENT = `<article><div class="breadcrumbs"><a href="/">Home</a> › <a href="/news">News</a></div>
<h1>Council approves the harbour budget</h1>
<p>The council approved the harbour budget on Tuesday after a long debate about the breakwater, the ferry and the quay.</p>
<p>The mayor said work on the outer wall would begin in the spring, and that the ferry would run as usual all winter.</p>
<p>Opponents said the plan spent too much on roads and promised to raise the matter again at the next meeting.</p>
</article>`;

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
    tips: [...document.querySelectorAll("#view mark")].map((m) => m.dataset.tip),
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

// The request the page's controls describe (the "automatic" length sends no budget).
async function controls(page) {
  const algorithm = await page.locator("#algorithm").inputValue();
  const unit = await page.locator("#unit").inputValue();
  const body = { algorithm };
  if (unit !== "auto") body[unit] = Number(await page.locator("#length").inputValue());
  return body;
}

async function summarizeAndCompare(page, text, what) {
  const options = await controls(page);
  await clickSummarize(page);
  const expected = await api("/v1/summarize", { text, ...options });
  const got = await shown(page);
  const shownText = expected.extracted ? expected.extracted.text : text;
  const how = JSON.stringify(options);
  same(got.marks, expected.sentences.map((s) => s.text), `${what}: marked sentences equal the API's (${how})`);
  same(got.list, expected.sentences.map((s) => s.text.replace(/\s+/g, " ").trim()), `${what}: listed highlights equal the API's`);
  same(got.article, shownText, `${what}: the article is shown whole, unchanged`);
  check(got.tips.every((t) => /^highlight \d+ · sentence \d+ · rated \d+% of the best$/.test(t)), `${what}: every mark says what it is`);
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
// The copy buttons write to the clipboard; record what they write (a headless browser has no
// system clipboard to read back).
await context.addInitScript(() => {
  window.__copied = [];
  const clipboard = { writeText: async (text) => { window.__copied.push(text); } };
  Object.defineProperty(navigator, "clipboard", { value: clipboard, configurable: true });
});
let failed = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // The 413 and 422 this script provokes on purpose are logged by Chromium as failed loads.
    if (m.type() === "error" && !/status of (413|422)/.test(m.text())) problems.push(`console error: ${m.text()}`);
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
  const labels = await page.locator("#algorithm option").evaluateAll((os) => os.map((o) => o.textContent));
  check(labels.includes("Opening sentences") && labels.includes("Trained on news"), "algorithms have plain-language names");
  check((await page.locator("#algorithm-help").textContent()).length > 20, "the chosen algorithm's description is visible");
  check(await page.locator("#url-field").isHidden(), "no link field when the server does not fetch pages");
  same(await page.locator("#unit").inputValue(), "auto", "the default length is automatic");
  check(await page.locator("#length").isHidden(), "no number to fill in at the automatic length");

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
  const bars = await page.locator("#highlights .strength > span").evaluateAll((bs) => bs.map((b) => b.style.width));
  check(bars.length === answer.sentences.length && bars.includes("100%"), "scores are relative bars, the best full");
  check(!/\d\.\d{3}/.test(await page.locator("#highlights").textContent()), "no raw scores in the list");

  // Copy: plain text, then Markdown (escaped as the CLI's Markdown).
  await page.getByRole("button", { name: "Copy", exact: true }).click();
  await page.getByRole("button", { name: "Copy as Markdown" }).click();
  const copied = await page.evaluate(() => window.__copied);
  const plain = answer.sentences.map((s) => s.text.replace(/\s+/g, " ").trim());
  same(copied[0], plain.join("\n") + "\n", "Copy puts the highlights on the clipboard, one per line");
  check(copied[1].split("\n").filter(Boolean).every((l) => l.startsWith("- ")), "Copy as Markdown gives a bullet list");
  check((await page.locator("#copied").textContent()).includes("Markdown"), "copying says it is done");

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
      const r = document.querySelector(".output").getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight * 0.25;
    });
    check(inView, "at phone width the results panel is scrolled into view from its top");
    await page.locator("#view mark").first().click();
    check(await page.locator("#view mark").first().evaluate((m) => m.classList.contains("open")), "a tap on a mark shows what it is");
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

  // A pasted web page or article fragment: the server detects the markup and extracts the
  // article; the page shows the extracted text with its highlights, never a tag.
  await page.locator("#algorithm").selectOption("lead");
  await page.locator("#length").fill("2");
  for (const [html, what] of [[PAGE_HTML, "pasted page"], [FRAGMENT, "pasted <article> fragment"]]) {
    await page.locator("#article").fill(html);
    const expected = await summarizeAndCompare(page, html, what);
    check(expected.extracted !== undefined, `${what}: the server extracted the article`);
    check((await page.locator("#meta").textContent()).includes("extracted from the page"), `${what}: the page says it was extracted`);
    check(!(await shown(page)).marks.some((m) => m.includes("<") || m.includes("Home")), `${what}: no markup or navigation highlighted`);
  }

  // Error messages: the API's own for a bad length; plain words (no --max-body) for a text over
  // the server's body limit.
  await page.locator("#length").fill("5000");
  await clickSummarize(page);
  await page.waitForFunction(() => !document.querySelector("#message").hidden);
  check((await message.textContent()).includes("from 1 to 1000"), "a 422 from the API is shown as its message");
  await page.locator("#unit").selectOption("auto");
  await page.locator("#article").fill("A long story. ".repeat(20000));
  await clickSummarize(page);
  await page.waitForFunction(() => !document.querySelector("#message").hidden);
  const tooLong = await message.textContent();
  check(tooLong.includes("too long") && !tooLong.includes("--"), `a 413 says the text is too long, in plain words ("${tooLong}")`);

  same(problems, [], "no script errors on the page");
} catch (err) {
  failed = true;
  console.error(`FAILED: ${err.message}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
