'use strict';
// Memory stays flat: what the calls hold grows by at most 5% of the resident
// set over a million validations and a hundred thousand key/sign/verify
// cycles. What is counted is the resident set outside V8's heap plus the part
// of V8's heap in use, read after the garbage collector has run: V8 keeps heap
// pages it has reserved (heapTotal) without using them, and that sizing is
// the engine's.
//
// Each measurement runs in a child process (this file again) whose young
// generation has its largest size from the start: V8 grows it in steps, at
// moments of its choosing, and each step raises the peak of garbage awaiting
// collection, so glibc's heap grows with it and keeps the freed pages, an
// engine's sizing again rather than anything a call keeps. The allocators'
// high-water marks still rise for the first few hundred thousand key cycles
// (with no collection forced inside a window, as in a server), then stop: the
// window of calls is repeated, up to a bound, until one holds at most 5% more
// than before it. A leak grows every window by the same amount and fails.
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = process.env.SSR_ROOT || path.join(__dirname, '..', '..', '..');
const V8_FLAGS = ['--expose-gc', '--min-semi-space-size=16', '--max-semi-space-size=16'];

// Node-API finalizers run once the event loop turns: the loops yield every
// thousand calls, as a server between requests does.
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function usage() {
  for (let i = 0; i < 3; i++) {
    global.gc();
    await turn();
  }
  return process.memoryUsage();
}

async function run(from, to, fn) {
  for (let i = from; i < to; i++) {
    fn(i);
    if (i % 1000 === 999) await turn();
  }
}

const held = (m) => m.rss - m.heapTotal + m.heapUsed;

async function flat(window, maxWindows, fn) {
  const windows = [];
  let i = 0;
  while (windows.length < maxWindows) {
    const before = await usage();
    await run(i, i + window, fn);
    i += window;
    const after = await usage();
    windows.push({ before, after });
    if (held(after) - held(before) <= 0.05 * before.rss) break;
  }
  return windows;
}

// Loaded in the measuring child only: the parent runs no calls.
const binding = () => require(process.env.SSRMETA_MODULE || '..');

const workloads = {
  validate: () => {
    const ssr = binding();
    const release = fs.readFileSync(path.join(ROOT, 'examples', 'documents', 'release-pypi-sampleproject.json'));
    return flat(1000000, 4, () => {
      if (!ssr.validate(release).valid) throw new Error('the example is valid');
    });
  },
  keys: () => {
    const ssr = binding();
    return flat(100000, 8, (i) => {
      const key = ssr.SecretKey.generate();
      const pub = key.publicKey;
      const r = ssr.dsseVerify(ssr.dsseSign(`{"i":${i}}`, 'application/json', key), [pub]);
      if (r.verified !== 1) throw new Error('it verifies');
      key.close();
      pub.close();
    });
  },
};

function measure(label, workload) {
  const child = spawnSync(process.execPath, [...V8_FLAGS, __filename],
    { env: { ...process.env, SSR_MEMORY_CHILD: workload }, encoding: 'utf8', maxBuffer: 1 << 20 });
  assert.strictEqual(child.status, 0, `${label}: the measuring process failed: ${child.stderr}`);
  const windows = JSON.parse(child.stdout);
  const mib = (x) => (x / 1048576).toFixed(1);
  const growth = ({ before, after }) => (held(after) - held(before)) / before.rss;
  windows.forEach((w, n) => console.log(`# ${label}, window ${n + 1}: RSS ${mib(w.before.rss)} -> ${mib(w.after.rss)} MiB, ` +
    `V8 heap reserved ${mib(w.before.heapTotal)} -> ${mib(w.after.heapTotal)} MiB, used ${mib(w.before.heapUsed)} -> ` +
    `${mib(w.after.heapUsed)} MiB: held ${(growth(w) * 100).toFixed(2)}% more`));
  const last = windows[windows.length - 1];
  assert.ok(growth(last) <= 0.05, `${label}: the memory held grew in each of ${windows.length} windows, ` +
    `the last by ${(growth(last) * 100).toFixed(2)}% of the RSS`);
}

if (process.env.SSR_MEMORY_CHILD) {
  workloads[process.env.SSR_MEMORY_CHILD]().then((r) => process.stdout.write(JSON.stringify(r)));
} else {
  test('1M validate calls: RSS flat', () => measure('1M validate', 'validate'));
  test('100k key/sign/verify cycles: RSS flat', () => measure('100k key/sign/verify', 'keys'));
}
