// SPDX-License-Identifier: Apache-2.0
// The provenance panels and the profile comparison in a real browser
// (Debian's headless Chromium, driven by puppeteer-core): every level in
// every language, a hostile result, the comparison page and chart. Checks
// the layout (panels present and in order, collapsed and opened by the
// keyboard, right to left mirrored, nothing overflowing at 360 and 1280
// pixels), that no request leaves the page, and axe-core's audit (no
// serious or critical violation). Screenshots go to ARTIFACTS.
//
//   node render.test.mjs SSR ROOT ARTIFACTS
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import puppeteer from "puppeteer-core";

const [ssr, root, artifacts] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const chromium = process.env.CHROMIUM ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
if (!chromium) {
  console.log("skipping: Chromium is not installed (Debian's chromium package)");
  process.exit(77);
}
mkdirSync(artifacts, { recursive: true });

let passed = 0;
let failed = 0;
const audit = []; // [page, violations by impact]

function check(name, ok, detail = "") {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL ${name}${detail ? ": " + detail : ""}`);
  }
}

function run(args) {
  const r = spawnSync(ssr, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ssr ${args.join(" ")}: status ${r.status}: ${r.stderr}`);
  return r.stdout;
}

const panels = path.join(root, "examples", "panels");
const pypi = {
  result: path.join(panels, "result-pep740-pypi-attestations-0.0.19.json"),
  release: path.join(panels, "release-pypi-attestations-0.0.19.json"),
  style: "pypi",
};
const message = path.join(panels, "result-bundle-message-signature.json"); // no statement, no release
const npm = {
  result: path.join(panels, "result-npm-sigstore-0.4.0.json"),
  release: path.join(panels, "release-npm-sigstore-0.4.0.json"),
  style: "npm",
};

// A result with markup and script in every string a panel shows: each must come out as text.
const HOSTILE = `"'><script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"><b>&amp;`;
function hostile(value) {
  if (typeof value === "string") {
    return value.startsWith("https://") ? `https://evil.example/${HOSTILE}` : `${value}${HOSTILE}\u202e`;
  }
  if (Array.isArray(value)) return value.map(hostile);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "verified" ? v : hostile(v)]));
  }
  return value;
}
const hostileResult = path.join(artifacts, "hostile-result.json");
writeFileSync(hostileResult, JSON.stringify(hostile(JSON.parse(readFileSync(pypi.result, "utf8")))));

function hostPage(body, dir = "ltr") {
  return `<!DOCTYPE html><html lang="en" dir="${dir}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>A package page</title></head>` +
    `<body style="margin:16px;font-family:'DejaVu Sans',sans-serif"><main><h1>A package page</h1>${body}</main></body></html>`;
}

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
});

// Loads `html` with every request refused and counted; returns the page and the refused requests.
async function load(html, width) {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900 });
  // still pictures: the panels' opening animation is off when the reader asks for reduced motion
  await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }]);
  const requests = [];
  await page.setRequestInterception(true);
  page.on("request", (req) => {
    requests.push(req.url());
    req.abort();
  });
  const dialogs = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.setContent(html, { waitUntil: "load" });
  return { page, requests, dialogs };
}

// The whole page as one picture (a viewport as tall as the page: a full-page
// capture of a right-to-left page is shifted in headless Chromium).
async function picture(page, width, file) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewport({ width, height: Math.min(Math.max(height, 200), 8000) });
  await page.screenshot({ path: path.join(artifacts, file) });
  await page.setViewport({ width, height: 900 });
}

// Nothing wider than the viewport: neither the document nor any element of the fragment.
async function overflow(page, selector) {
  return page.evaluate((sel) => {
    const width = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > width) out.push(`document ${document.documentElement.scrollWidth}px`);
    for (const el of document.querySelectorAll(`${sel}, ${sel} *`)) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) {
        // inside a scrolling region the table may be wider: the region scrolls, the page does not
        if (el.closest(".ssr-scroll") && !el.classList.contains("ssr-scroll")) continue;
        out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
      }
      // text wider than its own box, spilling over its neighbours
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible" &&
          !el.closest(".ssr-scroll")) {
        out.push(`${el.tagName.toLowerCase()}.${el.className} content ${el.scrollWidth}px in ${el.clientWidth}px`);
      }
    }
    return out.slice(0, 5);
  }, selector);
}

// Words cut across lines inside a card or box: an ASCII word or number
// (a run of letters and digits) whose characters lie on more than one line.
// Digests (.ssr-hash) break anywhere by design and are left out.
async function brokenWords(page) {
  return page.evaluate(() => {
    const out = [];
    const boxes = document.querySelectorAll(".ssr-panel .ssr-card, .ssr-panel .ssr-box");
    for (const box of boxes) {
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest(".ssr-hash")) continue;
        for (const m of node.data.matchAll(/[A-Za-z0-9]{2,}/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) out.push(m[0]);
        }
      }
    }
    return out.slice(0, 8);
  });
}

async function axe(page, name, context) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async (ctx) => {
    const r = await window.axe.run(ctx, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  }, context);
  const serious = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  audit.push([name, result]);
  check(`${name}: axe-core finds no serious violation`, serious.length === 0, JSON.stringify(serious));
}

const LEVELS = ["a", "aa", "aaa"];
const LANGS = ["en", "de", "ja", "ar"];
const ORDER = {
  a: ["ssr-source", "ssr-build", "ssr-integrity", "ssr-attestation"],
  aa: ["ssr-source", "ssr-build", "ssr-integrity", "ssr-attestation", "ssr-limitation"],
  aaa: ["ssr-source", "ssr-build", "ssr-integrity", "ssr-attestation"],
};

async function panelPage(name, args, { level, lang, hostileCase = false }) {
  const fragment = run(["panel", "--level", level, "--lang", lang, ...args]);
  check(`${name}: no script element in the fragment`, !/<script/i.test(fragment));
  const html = hostPage(fragment, lang === "ar" ? "rtl" : "ltr");
  for (const width of [360, 1280, 1920]) {
    const { page, requests, dialogs } = await load(html, width);
    if (level === "a") {
      // opened, so that the overflow check and the picture see the contents too
      await page.evaluate(() => document.querySelectorAll(".ssr-panel details").forEach((d) => (d.open = true)));
    }
    const over = await overflow(page, ".ssr-panel");
    check(`${name} at ${width}px: nothing overflows`, over.length === 0, over.join("; "));
    // (a hostile document's strings are single runs longer than any card: they must break somewhere)
    if (width >= 1280 && !hostileCase) {
      const broken = await brokenWords(page);
      check(`${name} at ${width}px: no word broken inside a card`, broken.length === 0, broken.join(" "));
    }
    await picture(page, width, `${name}-${width}.png`);
    check(`${name} at ${width}px: no request leaves the page`, requests.length === 0, requests.join(" "));
    check(`${name} at ${width}px: no script ran`, dialogs.length === 0 && !(await page.evaluate(() => window.__pwned)));
    if (width === 1280) await structure(page, html, name, level, lang, hostileCase);
    await page.close();
  }
}

async function structure(page, html, name, level, lang, hostileCase) {
  const info = await page.evaluate(() => {
    const s = document.querySelector("section.ssr-panel");
    const boxes = [...s.querySelectorAll(".ssr-row > .ssr-box, .ssr-row > .ssr-card")];
    return {
      count: document.querySelectorAll("section.ssr-panel").length,
      lang: s.lang,
      dir: s.dir,
      direction: getComputedStyle(s).direction,
      order: boxes.map((b) => [...b.classList].find((c) => c !== "ssr-box" && c !== "ssr-card" && c !== "ssr-wide")),
      lefts: boxes.map((b) => b.getBoundingClientRect().left),
      details: [...s.querySelectorAll("details")].map((d) => d.open),
      anchors: [...s.querySelectorAll("nav a")].map((a) => !!document.getElementById(a.getAttribute("href").slice(1))),
      text: s.textContent,
      injected: s.querySelectorAll("script, img, b, [onerror]").length,
      hrefs: [...s.querySelectorAll("a[href]")].map((a) => a.getAttribute("href")),
    };
  });
  check(`${name}: one panel`, info.count === 1);
  check(`${name}: lang ${lang}`, info.lang === lang, info.lang);
  const rtl = lang === "ar";
  check(`${name}: direction ${rtl ? "rtl" : "ltr"}`, info.dir === (rtl ? "rtl" : "ltr") && info.direction === info.dir);
  check(`${name}: panels present and in order`, JSON.stringify(info.order) === JSON.stringify(ORDER[level]),
    JSON.stringify(info.order));
  // the first two panels share a row at 1280px: mirrored, the first is on the right
  check(`${name}: ${rtl ? "mirrored" : "left to right"}`, rtl ? info.lefts[0] > info.lefts[1] : info.lefts[0] < info.lefts[1],
    JSON.stringify(info.lefts));
  if (level === "aaa") check(`${name}: the sidebar's links reach their sections`, info.anchors.length === 4 && info.anchors.every(Boolean));
  if (hostileCase) {
    check(`${name}: hostile strings are text`, info.injected === 0 && info.text.includes("<script>window.__pwned=1</script>"));
    check(`${name}: hostile links stay https`, info.hrefs.every((h) => h.startsWith("https://") || h.startsWith("#")),
      JSON.stringify(info.hrefs));
  }
  if (level === "a") {
    // collapsed when loaded: a fresh page (the checks above opened the panels on theirs)
    const fresh = await load(html, 1280);
    await keyboard(fresh.page, name);
    await fresh.page.close();
  } else {
    check(`${name}: no collapsible parts`, info.details.length === 0);
  }
  if (!hostileCase) await axe(page, name, "section.ssr-panel");
}

// Tab reaches each panel's heading in order; Enter and Space open it.
async function keyboard(page, name) {
  const closed = await page.evaluate(() => [...document.querySelectorAll(".ssr-panel details")].every((d) => !d.open));
  check(`${name}: collapsed by default`, closed);
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate((n) => {
      const summaries = [...document.querySelectorAll(".ssr-panel summary")];
      return document.activeElement === summaries[n];
    }, i);
    check(`${name}: Tab reaches panel ${i + 1}`, focused);
    await page.keyboard.press(i % 2 === 0 ? "Enter" : "Space");
    const open = await page.evaluate((n) => document.querySelectorAll(".ssr-panel details")[n].open, i);
    check(`${name}: ${i % 2 === 0 ? "Enter" : "Space"} opens panel ${i + 1}`, open);
    // a link inside the opened panel takes the focus next: skip past them
    const links = await page.evaluate((n) => document.querySelectorAll(".ssr-panel details")[n].querySelectorAll("a").length, i);
    for (let k = 0; k < links; k++) await page.keyboard.press("Tab");
  }
}

// Every level in every language (PyPI style), npm's attestations in npm's style, the hostile result.
for (const level of LEVELS) {
  for (const lang of LANGS) {
    await panelPage(`panel-${level}-${lang}`, ["--style", pypi.style, "--release", pypi.release, pypi.result], { level, lang });
  }
  await panelPage(`panel-${level}-npm`, ["--style", npm.style, "--release", npm.release, npm.result], { level, lang: "en" });
  await panelPage(`panel-${level}-message`, [message], { level, lang: "en" });
  for (const lang of ["en", "ar"]) {
    await panelPage(`panel-${level}-hostile-${lang}`, [hostileResult], { level, lang, hostileCase: true });
  }
}

// The comparison: the survey's eleven profiles and today's bundled ones, as a page and as a chart.
const survey = readdirSync(path.join(root, "examples", "survey-2022")).sort().map((f) => path.join(root, "examples", "survey-2022", f));
const today = readdirSync(path.join(root, "examples", "documents"))
  .filter((f) => f.startsWith("repository-profile-")).sort().map((f) => path.join(root, "examples", "documents", f));
for (const [name, files] of [["compare-survey-2022", survey], ["compare-today", today]]) {
  const html = run(["profile", "compare", "--format", "html", ...files]);
  for (const width of [360, 1280]) {
    const { page, requests } = await load(html, width);
    const over = await overflow(page, ".ssr-compare");
    check(`${name} at ${width}px: nothing overflows the page`, over.length === 0, over.join("; "));
    check(`${name} at ${width}px: no request leaves the page`, requests.length === 0, requests.join(" "));
    await picture(page, width, `${name}-${width}.png`);
    if (width === 1280) {
      const info = await page.evaluate(() => ({
        registries: [...document.querySelectorAll("thead th")].slice(2).map((t) => t.textContent),
        groups: [...document.querySelectorAll("tbody th[scope=rowgroup]")].map((t) => t.textContent),
        titled: document.querySelectorAll("td[title]").length,
        levels: document.querySelectorAll("tfoot tr").length,
      }));
      check(`${name}: one column per registry`, info.registries.length === files.length, JSON.stringify(info.registries));
      check(`${name}: grouped by track`, JSON.stringify(info.groups) ===
        JSON.stringify(["Authentication", "Authorization", "General security", "CLI tooling"]));
      check(`${name}: evidence on hover`, info.titled > 0);
      check(`${name}: a level per track and overall`, info.levels === 5);
      await axe(page, name, "main");
    }
    await page.close();
  }
  const svg = run(["profile", "compare", "--format", "svg", ...files]);
  writeFileSync(path.join(artifacts, `${name}.svg`), svg);
  const { page, requests } = await load(hostPage(svg), 1280);
  const info = await page.evaluate(() => {
    const s = document.querySelector("svg");
    const r = s.getBoundingClientRect();
    return { role: s.getAttribute("role"), title: s.querySelector("title")?.textContent, width: r.width, height: r.height };
  });
  check(`${name}.svg: an image with a title`, info.role === "img" && /security levels/i.test(info.title ?? ""));
  check(`${name}.svg: drawn`, info.width > 600 && info.height > 150, JSON.stringify(info));
  check(`${name}.svg: no request leaves the page`, requests.length === 0, requests.join(" "));
  await picture(page, 1280, `${name}-svg.png`);
  await page.close();
}

await browser.close();

const summary = audit.map(([name, v]) => `${name}: ${v.length ? v.map((x) => `${x.id}(${x.impact})`).join(",") : "none"}`);
writeFileSync(path.join(artifacts, "axe.txt"), summary.join("\n") + "\n");
const minor = audit.reduce((n, [, v]) => n + v.length, 0);
console.log(`axe-core audited ${audit.length} pages: 0 serious or critical required; all violations found: ${minor} (artifacts/axe.txt)`);
console.log(`screenshots: ${artifacts}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
