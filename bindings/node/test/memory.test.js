'use strict';
// Memory stays flat: the resident set after a million validations and a
// hundred thousand key/sign/verify cycles is within 5% of what it was after
// a warm-up that lets the allocators settle (the garbage collector run
// before each reading). V8 keeps heap pages it has reserved (heapTotal)
// without using them: that sizing is the engine's and is taken out; what is
// counted is what the calls hold, the resident set outside V8's heap plus the
// part of V8's heap in use.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const v8 = require('v8');
const ssr = require(process.env.SSRMETA_MODULE || '..');

const ROOT = process.env.SSR_ROOT || path.join(__dirname, '..', '..', '..');
v8.setFlagsFromString('--expose_gc');
const gc = require('vm').runInNewContext('gc');

// Node-API finalizers run once the event loop turns: the loops yield every
// thousand calls, as a server between requests does.
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function rss() {
  for (let i = 0; i < 3; i++) {
    gc();
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

async function flat(label, warmup, rounds, fn) {
  await run(0, warmup, fn);
  const before = await rss();
  await run(warmup, warmup + rounds, fn);
  const after = await rss();
  const mib = (x) => (x / 1048576).toFixed(1);
  const held = (m) => m.rss - m.heapTotal + m.heapUsed;
  const growth = (held(after) - held(before)) / before.rss;
  console.log(`# ${label}: RSS ${mib(before.rss)} -> ${mib(after.rss)} MiB, V8 heap reserved ${mib(before.heapTotal)} -> ` +
    `${mib(after.heapTotal)} MiB, used ${mib(before.heapUsed)} -> ${mib(after.heapUsed)} MiB: ` +
    `held ${(growth * 100).toFixed(2)}% more`);
  assert.ok(growth <= 0.05, `${label}: the memory held grew ${(growth * 100).toFixed(2)}% of the RSS`);
}

test('1M validate calls: RSS flat', async () => {
  const release = fs.readFileSync(path.join(ROOT, 'examples', 'documents', 'release-pypi-sampleproject.json'));
  await flat('1M validate', 300000, 1000000, () => {
    if (!ssr.validate(release).valid) throw new Error('the example is valid');
  });
});

test('100k key/sign/verify cycles: RSS flat', async () => {
  await flat('100k key/sign/verify', 30000, 100000, (i) => {
    const key = ssr.SecretKey.generate();
    const pub = key.publicKey;
    const r = ssr.dsseVerify(ssr.dsseSign(`{"i":${i}}`, 'application/json', key), [pub]);
    if (r.verified !== 1) throw new Error('it verifies');
    key.close();
    pub.close();
  });
});
