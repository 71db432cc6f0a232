'use strict';
// TUF through the binding: Sigstore's repository (the tuf-conformance
// corpus's static copy) served from a local HTTP server, refreshed into a
// trust cache (sync and on the thread pool), loaded, and refused when it
// expires or the repository lies.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const {spawn} = require('child_process');
const os = require('os');
const path = require('path');
const ssr = require(process.env.SSRMETA_MODULE || '..');

const ROOT = process.env.SSR_ROOT || path.join(__dirname, '..', '..', '..');
const STATIC = path.join(ROOT, '..', 'shared', 'corpus', 'tuf-conformance', 'tuf_conformance', 'static_data');
const REPO = path.join(STATIC, 'sigstore-root-signing');
const NOW = 1739102528; // the copy's time: 2025-02-09T12:02:08Z
const skip = fs.existsSync(REPO) ? false : 'the shared corpus (../shared/corpus) is absent';

// Serves the static copy from another process (the synchronous calls block
// this one's event loop); `lies` maps a path suffix to the bytes served instead.
const SERVER = `
const fs = require('fs'), http = require('http'), path = require('path');
const [root, lies] = [process.env.STATIC, JSON.parse(process.env.LIES)];
const server = http.createServer((req, res) => {
  for (const [suffix, body] of Object.entries(lies)) if (req.url.endsWith(suffix)) return res.end(body);
  const file = path.join(root, decodeURIComponent(req.url));
  if (!file.startsWith(root) || !fs.existsSync(file)) { res.statusCode = 404; return res.end(); }
  res.end(fs.readFileSync(file));
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

function serve(lies = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SERVER], {env: {...process.env, STATIC, LIES: JSON.stringify(lies)},
      stdio: ['ignore', 'pipe', 'inherit']});
    child.once('error', reject);
    child.stdout.once('data', (port) => resolve({port: Number(port), close: () => child.kill()}));
  });
}

function options(server, extra = {}) {
  const base = `http://127.0.0.1:${server.port}/sigstore-root-signing`;
  return {tufRoot: fs.readFileSync(path.join(REPO, 'initial_root.json')), metadataUrl: `${base}/metadata`,
    targetsUrl: `${base}/targets`, now: NOW, ...extra};
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ssr-tuf-'));

test('a trust cache refreshed on the thread pool, then loaded', {skip}, async () => {
  const server = await serve();
  try {
    const cache = path.join(tmp(), 'c');
    await ssr.sigstoreTrustRefreshAsync(cache, options(server));
    const {root, npmKeys} = await ssr.sigstoreTrustLoadAsync(cache, {now: NOW});
    assert.ok(root instanceof ssr.TrustedRoot);
    assert.strictEqual(npmKeys, null); // the copy does not serve keys.json
    root.close();
    // the same, synchronously, and a month later: refused with its own rule
    assert.ok(ssr.sigstoreTrustLoad(cache, {now: NOW}).root instanceof ssr.TrustedRoot);
    assert.throws(() => ssr.sigstoreTrustLoad(cache, {now: NOW + 30 * 86400}),
      (e) => e instanceof ssr.SsrError && e.rule === 'tuf.cache.expired' && e.status === ssr.Status.EVERIFY);
    await assert.rejects(ssr.sigstoreTrustLoadAsync(cache, {now: NOW + 30 * 86400}), (e) => e.rule === 'tuf.cache.expired');
  } finally {
    server.close();
  }
});

test('a lying repository is refused with the rule it broke', {skip}, async () => {
  const forged = fs.readFileSync(path.join(REPO, 'metadata', 'timestamp.json'), 'utf8')
    .replace('"expires": "2025', '"expires": "2035');
  const server = await serve({'/timestamp.json': forged});
  try {
    const cache = path.join(tmp(), 'c');
    await assert.rejects(ssr.sigstoreTrustRefreshAsync(cache, options(server)), (e) => e.rule === 'tuf.signature.threshold');
    assert.throws(() => ssr.sigstoreTrustRefresh(path.join(tmp(), 'd'), options(server)),
      (e) => e.rule === 'tuf.signature.threshold' && e.report.diagnostics[0].code === 'tuf.signature.threshold');
  } finally {
    server.close();
  }
});

test('any TUF repository: init, refresh, target info, download', {skip}, async () => {
  const server = await serve();
  try {
    const dir = tmp();
    ssr.tufInit(dir, fs.readFileSync(path.join(REPO, 'initial_root.json')));
    assert.throws(() => ssr.tufInit(dir, '{}'), ssr.SsrError);
    const o = options(server);
    ssr.tufRefresh(dir, o.metadataUrl, {now: NOW});
    await ssr.tufRefreshAsync(dir, o.metadataUrl, {now: NOW});
    const info = ssr.tufTargetInfo(dir, o.metadataUrl, 'trusted_root.json', {now: NOW});
    assert.ok(info.length > 0 && info.hashes.sha256);
    const out = tmp();
    const file = await ssr.tufDownloadAsync(dir, o.metadataUrl, o.targetsUrl, 'trusted_root.json', out, {now: NOW});
    assert.strictEqual(fs.statSync(file).size, info.length);
    assert.strictEqual(ssr.tufDownload(dir, o.metadataUrl, o.targetsUrl, 'trusted_root.json', out, {now: NOW}), file);
    assert.throws(() => ssr.tufTargetInfo(dir, o.metadataUrl, 'no/such', {now: NOW}), (e) => e.rule === 'tuf.target.not-found');
    ssr.tufLoadCached(dir, {now: NOW});
    assert.throws(() => ssr.tufRefresh(dir, 42), TypeError);
  } finally {
    server.close();
  }
});
