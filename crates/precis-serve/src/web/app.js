// precis web page: sends the article to POST /v1/summarize and shows the highlights, both as a
// list and marked in place in the article. Everything is built with DOM calls (never innerHTML),
// so article text can never become markup.
"use strict";

const $ = (id) => document.getElementById(id);

const els = {
  form: $("form"),
  article: $("article"),
  count: $("count"),
  algorithm: $("algorithm"),
  length: $("length"),
  unit: $("unit"),
  summarize: $("summarize"),
  sample: $("sample"),
  clear: $("clear"),
  message: $("message"),
  meta: $("meta"),
  highlights: $("highlights"),
  view: $("view"),
};

const DEFAULT_LENGTH = { sentences: 3, words: 60 };

// A pasted web page is sent as "html": the server extracts the article first, and the spans then
// refer to the extracted text it returns.
const looksLikeHtml = (text) => /^\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body)[\s>]/i.test(text);

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

// The API's spans are UTF-8 byte offsets; JavaScript strings index UTF-16 code units. Walk the
// text once, code point by code point, and record the UTF-16 index at each wanted byte offset.
function byteOffsetsToIndices(text, offsets) {
  const wanted = [...new Set(offsets)].sort((a, b) => a - b);
  const found = new Map();
  let byte = 0;
  let k = 0;
  for (let i = 0; k < wanted.length; ) {
    while (k < wanted.length && wanted[k] <= byte) {
      found.set(wanted[k], i);
      k += 1;
    }
    if (i >= text.length) break;
    const cp = text.codePointAt(i);
    byte += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  for (; k < wanted.length; k += 1) found.set(wanted[k], text.length);
  return found;
}

// Three decimals for the usual 0..1000 range; significant digits for tiny or huge ratings.
function formatScore(score) {
  const a = Math.abs(score);
  return a === 0 || (a >= 0.001 && a < 1000) ? score.toFixed(3) : score.toPrecision(3);
}

function clearResults(metaText) {
  els.highlights.replaceChildren();
  els.meta.textContent = metaText;
  const hint = document.createElement("p");
  hint.className = "hint";
  hint.textContent = "The article appears here with the chosen sentences marked. Hover over a mark for its score.";
  els.view.replaceChildren(hint);
}

function render(text, result) {
  const spans = result.sentences;
  const index = byteOffsetsToIndices(text, spans.flatMap((s) => [s.start, s.end]));
  const n = spans.length;
  els.meta.textContent = `${n} of ${result.input_sentences} sentences · ${result.algorithm}`;
  els.meta.title = `summarized in ${result.elapsed_ms} ms`;

  // The list of highlights.
  const items = spans.map((s, k) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = `#hl-${k}`;
    a.textContent = text.slice(index.get(s.start), index.get(s.end)).replace(/\s+/g, " ");
    const score = document.createElement("span");
    score.className = "score";
    score.textContent = formatScore(s.score);
    score.title = "score given by the algorithm (higher is better)";
    li.append(a, " ", score);
    return li;
  });
  els.highlights.replaceChildren(...items);

  // The article, with each highlight marked in place.
  const pieces = [];
  let at = 0;
  spans.forEach((s, k) => {
    const from = index.get(s.start);
    const to = index.get(s.end);
    if (from > at) pieces.push(document.createTextNode(text.slice(at, from)));
    const mark = document.createElement("mark");
    mark.id = `hl-${k}`;
    mark.dataset.index = String(s.index);
    mark.title = `score ${formatScore(s.score)} · sentence ${s.index + 1}`;
    mark.textContent = text.slice(from, to);
    pieces.push(mark);
    at = to;
  });
  if (at < text.length) pieces.push(document.createTextNode(text.slice(at)));
  els.view.replaceChildren(...pieces);
}

async function summarize(event) {
  event.preventDefault();
  let text = els.article.value;
  if (typeof text.toWellFormed === "function") text = text.toWellFormed();
  if (!text.trim()) {
    showMessage("Paste an article first, or press “Load sample”.");
    els.article.focus();
    return;
  }
  const length = Number(els.length.value);
  if (!Number.isInteger(length) || length < 1) {
    showMessage(`Length must be a whole number of ${els.unit.value}, at least 1.`);
    els.length.focus();
    return;
  }
  const html = looksLikeHtml(text);
  const body = { [html ? "html" : "text"]: text, algorithm: els.algorithm.value || undefined };
  body[els.unit.value] = length;

  showMessage("");
  els.summarize.disabled = true;
  els.summarize.textContent = "Summarizing…";
  try {
    const response = await api("/v1/summarize", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      clearResults("No highlights.");
      showMessage(data.error || `The server answered ${response.status}.`);
      return;
    }
    render(html ? data.extracted.text : text, data);
    if (html) {
      const title = data.extracted.title ? ` “${data.extracted.title}”` : "";
      els.meta.textContent += ` · article${title} extracted from HTML`;
    }
    // On a narrow screen the results sit below the form: bring them into view.
    const output = document.querySelector(".output");
    if (output.getBoundingClientRect().top > window.innerHeight * 0.6) {
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
    const options = data.algorithms.map((a) => {
      const o = new Option(a.name, a.name, a.name === data.default, a.name === data.default);
      o.title = a.description;
      return o;
    });
    els.algorithm.replaceChildren(...options);
  } catch (err) {
    // The server picks its default when no algorithm is sent.
    els.algorithm.replaceChildren(new Option("default", ""));
  }
}

els.form.addEventListener("submit", summarize);
els.sample.addEventListener("click", loadSample);
els.clear.addEventListener("click", () => {
  els.article.value = "";
  updateCount();
  showMessage("");
  clearResults("The highlights appear here.");
  els.article.focus();
});
els.unit.addEventListener("change", () => {
  els.length.value = DEFAULT_LENGTH[els.unit.value];
  els.length.max = els.unit.value === "words" ? "100000" : "1000";
});
els.article.addEventListener("input", updateCount);
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

loadAlgorithms();
updateCount();
