// precis web page: sends the article to POST /v1/summarize and shows the highlights, both as a
// list and marked in place in the article. Everything is built with DOM calls (never innerHTML),
// so article text can never become markup.
//
// The page does not decide what the input is: it sends what was pasted as "text", and the
// server's HTML detection (the engine's one sniff) extracts the article from a page or a fragment.
// The answer then carries "extracted", and the spans refer to its text. When the server fetches
// pages (`serve --allow-fetch`, announced as "url_input" by /v1/algorithms), a link can be given
// instead: it is sent as "url", and the answer is shown the same way.
"use strict";

const $ = (id) => document.getElementById(id);

const els = {
  form: $("form"),
  article: $("article"),
  urlField: $("url-field"),
  url: $("url"),
  count: $("count"),
  algorithm: $("algorithm"),
  algorithmHelp: $("algorithm-help"),
  length: $("length"),
  lengthHelp: $("length-help"),
  unit: $("unit"),
  language: $("language"),
  summarize: $("summarize"),
  sample: $("sample"),
  clear: $("clear"),
  message: $("message"),
  meta: $("meta"),
  highlights: $("highlights"),
  view: $("view"),
  copyBar: $("copy-bar"),
  copyText: $("copy-text"),
  copyMarkdown: $("copy-markdown"),
  copied: $("copied"),
};

const DEFAULT_LENGTH = { sentences: 3, words: 60 };

// Plain-language names and one-line descriptions for a reader who does not know the literature;
// an algorithm missing here shows the server's own name and description.
const METHODS = {
  learned: ["Trained on news", "A model trained on thousands of news stories picks the sentences, and how many."],
  lead: ["Opening sentences", "The story's first sentences: news puts the essentials first."],
  lexrank: ["Most connected (LexRank)", "Sentences most similar to the rest of the story."],
  textrank: ["Most connected (TextRank)", "Sentences sharing the most words with the others."],
  centroid: ["Closest to the gist", "Sentences nearest to the story's overall word mix."],
  luhn: ["Key words", "Sentences with dense clusters of the story's key words."],
  lsa: ["Main topics", "Sentences that carry the story's strongest topics."],
  kl: ["Same word mix", "Sentences whose words together best match the whole story."],
  sumbasic: ["Frequent words", "Sentences made of the story's most frequent words."],
};
let descriptions = {};

// What the page last showed, for the copy buttons.
let current = [];

function showMessage(text, kind = "error") {
  els.message.textContent = text;
  els.message.className = "message " + kind;
  els.message.hidden = !text;
}

function updateCount() {
  const text = els.article.value;
  const words = text.split(/\s+/).filter(Boolean).length;
  els.count.textContent = text.trim() ? `${words.toLocaleString()} words` : "";
}

function updateAlgorithmHelp() {
  const name = els.algorithm.value;
  els.algorithmHelp.textContent = (METHODS[name] || [])[1] || descriptions[name] || "";
}

function updateLength() {
  const unit = els.unit.value;
  els.length.hidden = unit === "auto";
  if (unit !== "auto") {
    els.length.value = DEFAULT_LENGTH[unit];
    els.length.max = unit === "words" ? "100000" : "1000";
  }
  els.lengthHelp.textContent =
    unit === "auto" ? "The method decides how long the summary should be." :
    unit === "words" ? "Whole sentences, up to this many words in all." :
    "This many sentences.";
}

// A message a reader can act on, for an error answer. The server's own message is meant for API
// callers (it names command-line options), so the common cases are said here in plain words.
function errorMessage(status, data) {
  if (status === 413) return "This text is too long for the server. Paste only the article, or a shorter part of it.";
  if (status === 503) return "The server is busy right now. Try again in a moment.";
  if (status === 429) return "Too many requests at once. Try again in a moment.";
  const text = (data && data.error) || `The server answered ${status}.`;
  if (/no article/.test(text)) return "No article text was found in this page. Paste the story's text instead.";
  if (/non-public address/.test(text)) return "This server does not fetch pages from local or private addresses.";
  if (/not a web page/.test(text)) return "This link does not lead to a web page. Give the link of the story itself.";
  return text.replace(/\s*\(--[a-z-]+\)/g, "");
}

// Escapes what Markdown would read as markup, as `precis summarize --format markdown` does
// (precis_core::render::push_markdown_escaped).
function markdownEscape(text) {
  const numbered = /^(\d+)([.)])/.exec(text);
  let out = "";
  Array.from(text).forEach((c, i) => {
    const opensBlock = (i === 0 && "-+#>".includes(c)) || (numbered && i === numbered[1].length);
    if (opensBlock || "\\*_[]`<~|".includes(c)) out += "\\";
    out += c;
  });
  return out;
}

async function copy(markdown) {
  const lines = current.map((t) => (markdown ? `- ${markdownEscape(t)}` : t));
  const text = lines.join("\n") + "\n";
  try {
    await navigator.clipboard.writeText(text);
  } catch (err) {
    // Older browsers, or a page not served over a secure origin: the selection fallback.
    const area = document.createElement("textarea");
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  els.copied.textContent = markdown ? "Copied as Markdown." : "Copied.";
}

function clearResults(metaText) {
  current = [];
  els.copyBar.hidden = true;
  els.highlights.replaceChildren();
  els.meta.textContent = metaText;
  const hint = document.createElement("p");
  hint.className = "hint";
  hint.textContent = "The article appears here with the chosen sentences marked. Tap or click a mark to see how strongly the method rated it.";
  els.view.replaceChildren(hint);
}

function methodName(name) {
  return (METHODS[name] || [name])[0];
}

// `text` is the text the spans refer to; `char_start`/`char_end` count Unicode characters, so
// they index Array.from(text) directly.
function render(text, result) {
  const chars = Array.from(text);
  const slice = (from, to) => chars.slice(from, to).join("");
  const spans = result.sentences;
  const n = spans.length;
  // The language it was read in; "generic" when precis has no profile for it.
  // Its English name where the browser knows it ("German"), else the code.
  let name = result.language;
  try {
    name = new Intl.DisplayNames(["en"], { type: "language" }).of(result.language) || name;
  } catch (_) {
    // An old browser or an odd code: the code itself.
  }
  const language = result.language_profile === "generic" ? `${name}, read generically` : name;
  els.meta.textContent = `${n} of ${result.input_sentences} sentences · ${methodName(result.algorithm)} · ${language}`;
  els.meta.title = `summarized in ${result.elapsed_ms} ms`;
  const best = Math.max(...spans.map((s) => s.score), 0);
  // Relative strength in 5% steps: the best-rated highlight fills the bar.
  const strength = (s) => (best > 0 && s.score > 0 ? Math.max(5, Math.round((20 * s.score) / best) * 5) : 5);

  current = spans.map((s) => slice(s.char_start, s.char_end).replace(/\s+/g, " ").trim());
  const items = spans.map((s, k) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = `#hl-${k}`;
    a.textContent = current[k];
    const bar = document.createElement("span");
    bar.className = "strength";
    bar.title = `rated ${strength(s)}% of the best highlight`;
    const fill = document.createElement("span");
    fill.style.width = `${strength(s)}%`;
    bar.append(fill);
    li.append(a, bar);
    return li;
  });
  els.highlights.replaceChildren(...items);
  els.copyBar.hidden = n === 0;
  els.copied.textContent = "";

  // The article, with each highlight marked in place.
  const pieces = [];
  let at = 0;
  spans.forEach((s, k) => {
    if (s.char_start > at) pieces.push(document.createTextNode(slice(at, s.char_start)));
    const mark = document.createElement("mark");
    mark.id = `hl-${k}`;
    mark.dataset.index = String(s.index);
    mark.dataset.tip = `highlight ${k + 1} · sentence ${s.index + 1} · rated ${strength(s)}% of the best`;
    mark.title = mark.dataset.tip;
    mark.textContent = slice(s.char_start, s.char_end);
    pieces.push(mark);
    at = s.char_end;
  });
  if (at < chars.length) pieces.push(document.createTextNode(slice(at)));
  els.view.replaceChildren(...pieces);
}

async function summarize(event) {
  event.preventDefault();
  let text = els.article.value;
  if (typeof text.toWellFormed === "function") text = text.toWellFormed();
  const url = els.urlField.hidden ? "" : els.url.value.trim();
  if (url && text.trim()) {
    showMessage("Give a link or paste a text, not both: clear one of them.");
    els.url.focus();
    return;
  }
  if (url && !/^https?:\/\/\S+$/i.test(url)) {
    showMessage("Give the whole link, as the address bar shows it (it starts with http or https).");
    els.url.focus();
    return;
  }
  if (!url && !text.trim()) {
    showMessage(els.urlField.hidden ? "Paste an article first, or press “Load sample”." :
      "Give a link or paste an article first, or press “Load sample”.");
    els.article.focus();
    return;
  }
  const body = url ? { url } : { text };
  body.algorithm = els.algorithm.value || undefined;
  body.language = els.language.value;
  if (els.unit.value !== "auto") {
    const length = Number(els.length.value);
    if (!Number.isInteger(length) || length < 1) {
      showMessage(`Length must be a whole number of ${els.unit.value}, at least 1.`);
      els.length.focus();
      return;
    }
    body[els.unit.value] = length;
  }

  showMessage("");
  els.summarize.disabled = true;
  els.summarize.textContent = url ? "Fetching…" : "Summarizing…";
  try {
    const response = await api("/v1/summarize", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      clearResults("No highlights.");
      showMessage(errorMessage(response.status, data));
      return;
    }
    const extracted = data.extracted;
    render(extracted ? extracted.text : text, data);
    if (extracted) {
      const title = extracted.title ? ` “${extracted.title}”` : "";
      const from = url ? "fetched from the link" : "extracted from the page";
      els.meta.textContent += ` · article${title} ${from}`;
    }
    // In one column (phones, narrow windows) the results sit below the form: bring their top
    // into view, below nothing, so the whole panel can be read from there.
    const output = document.querySelector(".output");
    const top = output.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.25) {
      output.scrollIntoView({ block: "start" });
    }
    if (data.sentences.length === 0) showMessage("The article has no sentence that could be picked.", "info");
  } catch (err) {
    showMessage("Cannot reach the precis server. Is it still running?");
  } finally {
    els.summarize.disabled = false;
    els.summarize.textContent = "Summarize";
  }
}

// A server run with an API key answers 401 on /v1/*: ask for the key once, keep it for this
// tab only, and send it as a bearer token from then on.
async function api(path, options = {}) {
  const send = () => {
    const key = sessionStorage.getItem("precis-api-key");
    const headers = { ...(options.headers || {}) };
    if (key) headers.Authorization = `Bearer ${key}`;
    return fetch(path, { ...options, headers });
  };
  let response = await send();
  if (response.status === 401) {
    const key = window.prompt("This precis server needs an API key:");
    if (key && key.trim()) {
      sessionStorage.setItem("precis-api-key", key.trim());
      response = await send();
    }
  }
  return response;
}

async function loadSample() {
  try {
    const response = await api("/v1/sample");
    if (!response.ok) throw new Error(String(response.status));
    const data = await response.json();
    els.article.value = data.text;
    updateCount();
    showMessage("");
  } catch (err) {
    showMessage("Cannot load the sample article from the server.");
  }
}

async function loadAlgorithms() {
  try {
    const response = await api("/v1/algorithms");
    const data = await response.json();
    descriptions = Object.fromEntries(data.algorithms.map((a) => [a.name, a.description]));
    const options = data.algorithms.map((a) => {
      const o = new Option(methodName(a.name), a.name, a.name === data.default, a.name === data.default);
      o.title = a.description;
      return o;
    });
    els.algorithm.replaceChildren(...options);
    els.urlField.hidden = data.url_input !== true;
  } catch (err) {
    // The server picks its default when no algorithm is sent.
    els.algorithm.replaceChildren(new Option("default", ""));
  }
  updateAlgorithmHelp();
}

els.form.addEventListener("submit", summarize);
els.sample.addEventListener("click", loadSample);
els.clear.addEventListener("click", () => {
  els.article.value = "";
  els.url.value = "";
  updateCount();
  showMessage("");
  clearResults("The highlights appear here.");
  els.article.focus();
});
els.unit.addEventListener("change", updateLength);
els.algorithm.addEventListener("change", updateAlgorithmHelp);
els.copyText.addEventListener("click", () => copy(false));
els.copyMarkdown.addEventListener("click", () => copy(true));
els.article.addEventListener("input", updateCount);
els.url.addEventListener("keydown", (e) => {
  if (e.key === "Enter") {
    e.preventDefault();
    els.form.requestSubmit();
  }
});
els.article.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) els.form.requestSubmit();
});
els.highlights.addEventListener("click", (e) => {
  const link = e.target.closest("a");
  if (!link) return;
  e.preventDefault();
  const mark = document.querySelector(link.getAttribute("href"));
  if (!mark) return;
  mark.scrollIntoView({ block: "center", behavior: "smooth" });
  mark.classList.remove("flash");
  void mark.offsetWidth; // restart the animation
  mark.classList.add("flash");
});
// A tap (or click) on a mark shows what it is; phones have no hover for the title.
els.view.addEventListener("click", (e) => {
  const mark = e.target.closest("mark");
  for (const open of els.view.querySelectorAll("mark.open")) if (open !== mark) open.classList.remove("open");
  if (mark) mark.classList.toggle("open");
});

loadAlgorithms();
updateLength();
updateCount();
