'use strict';
// Verification through the binding: the sigstore-conformance bundles, the PEP
// 740 and npm CASES files of the shared corpus, each with the verdict, code,
// pointer, line and column the C suite records in
// tests/vectors/verify-expected.tsv; trust roots, policies and ID tokens.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const ssr = require(process.env.SSRMETA_MODULE || '..');

const ROOT = process.env.SSR_ROOT || path.join(__dirname, '..', '..', '..');
const CORPUS = path.join(ROOT, '..', 'shared', 'corpus', 'sigstore');
const JOSE = path.join(ROOT, '..', 'shared', 'corpus', 'jose', 'generated');
const IDENTITY = 'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/' +
  'extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';
const skip = fs.existsSync(CORPUS) ? false : 'the shared corpus (../shared/corpus) is absent';

const EXPECTED = new Map();
for (const line of fs.readFileSync(path.join(ROOT, 'tests', 'vectors', 'verify-expected.tsv'), 'utf8').split('\n')) {
  if (!line || line.startsWith('#')) continue;
  const f = line.split('\t');
  // the table writes an empty pointer as ""
  EXPECTED.set(f[0], f[1] === 'pass' ? null : [f[2], f[3] === '""' ? '' : f[3], Number(f[4]), Number(f[5])]);
}

function firstError(report) {
  const d = report.diagnostics.find((x) => x.severity === 'error');
  return [d.code, d.pointer, d.line, d.column];
}

/** null when the call verifies, else [code, pointer, line, column] of the first error. */
function outcome(call) {
  try {
    call();
    return null;
  } catch (e) {
    if (!(e instanceof ssr.VerificationError || e instanceof ssr.InvalidError)) throw e;
    return firstError(e.report);
  }
}

test('the sigstore-conformance bundles', {skip}, () => {
  const base = path.join(CORPUS, 'conformance', 'bundle-verify');
  let cases = 0;
  for (const name of fs.readdirSync(base).sort()) {
    const dir = path.join(base, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    const at = (f) => path.join(dir, f);
    let root;
    try {
      root = fs.existsSync(at('trusted_root.json')) ? ssr.TrustedRoot.fromJson(fs.readFileSync(at('trusted_root.json')))
        : ssr.TrustedRoot.publicGood();
    } catch (e) {
      assert.ok(e instanceof ssr.InvalidError, name);
      for (const mode of ['path', 'digest']) assert.deepStrictEqual(firstError(e.report), EXPECTED.get(`conformance/${name}/${mode}`), name);
      cases += 2;
      continue;
    }
    let policy;
    if (fs.existsSync(at('key.pub'))) {
      try {
        policy = ssr.VerifyPolicy.key(fs.readFileSync(at('key.pub')));
      } catch (e) {
        assert.ok(e instanceof TypeError && name.endsWith('_fail'), name); // a key that is no key verifies nothing
        cases += 2;
        continue;
      }
    } else {
      const read = (f, fallback) => fs.existsSync(at(f)) ? fs.readFileSync(at(f), 'utf8').trim() : fallback;
      policy = ssr.VerifyPolicy.identity(read('identity', IDENTITY), read('issuer', ISSUER));
    }
    const artifact = fs.existsSync(at('artifact')) ? at('artifact') : path.join(base, 'a.txt');
    const bundle = fs.readFileSync(at('bundle.sigstore.json'));
    for (const [mode, art] of [['path', {path: artifact}], ['digest', {digests: {sha256: ssr.digest(fs.readFileSync(artifact))}}]]) {
      const got = outcome(() => ssr.verifyBundle(bundle, {policy, root, ...art}));
      assert.deepStrictEqual(got, EXPECTED.get(`conformance/${name}/${mode}`), `${name} ${mode}`);
      assert.strictEqual(got === null, !name.endsWith('_fail'), name);
      cases++;
    }
  }
  assert.strictEqual(cases, 140);
});

test('the PEP 740 cases', {skip}, () => {
  const base = path.join(CORPUS, 'pep740');
  const lines = fs.readFileSync(path.join(base, 'CASES.tsv'), 'utf8').split('\n').slice(1).filter(Boolean);
  for (const line of lines) {
    const [id, artifact, attestation, trust, policyJson, expect] = line.split('\t');
    const policy = ssr.VerifyPolicy.fromJson(policyJson);
    const data = fs.readFileSync(path.join(base, attestation));
    let call;
    if (artifact === '-') {
      call = () => policy.check(data);
    } else {
      const root = trust === 'staging' ? ssr.TrustedRoot.staging() : ssr.TrustedRoot.publicGood();
      let name, art;
      if (artifact.startsWith('@')) {
        const [n, sha] = artifact.slice(1).split('#sha256:');
        [name, art] = [n, {digests: {sha256: sha}}];
      } else {
        [name, art] = [path.basename(artifact), {path: path.join(base, artifact)}];
      }
      call = () => ssr.verifyPep740(data, name, {policy, root, ...art});
    }
    const got = outcome(call);
    assert.deepStrictEqual(got, EXPECTED.get(`pep740/${id}`), id);
    assert.strictEqual(got === null, expect === 'pass', id);
  }
  assert.strictEqual(lines.length, 46);
});

test('the npm cases, sync and async', {skip}, async () => {
  const base = path.join(CORPUS, 'npm');
  const lines = fs.readFileSync(path.join(base, 'CASES.tsv'), 'utf8').split('\n').slice(1).filter(Boolean);
  let runs = 0;
  for (const line of lines) {
    const [id, pkg, integrity, tarball, attestations, keys, expect] = line.split('\t');
    const data = fs.readFileSync(path.join(base, attestations)), keyData = fs.readFileSync(path.join(base, keys));
    const sha512 = Buffer.from(integrity.slice('sha512-'.length), 'base64').toString('hex');
    for (const [mode, art] of [['tarball', {path: path.join(base, tarball)}], ['integrity', {digests: {sha512}}]]) {
      const key = `npm/${id}/${mode}`;
      if (!EXPECTED.has(key)) continue;
      const got = outcome(() => ssr.verifyNpm(data, pkg, keyData, art));
      assert.deepStrictEqual(got, EXPECTED.get(key), key);
      assert.strictEqual(got === null, expect === 'pass', key);
      let asyncGot = null;
      await ssr.verifyNpmAsync(data, pkg, keyData, art).catch((e) => { asyncGot = firstError(e.report); });
      assert.deepStrictEqual(asyncGot, got, `${key} async`);
      runs++;
    }
  }
  assert.strictEqual(runs, 74);
});

test('a root and a policy closed while a verification runs are freed when it ends', async () => {
  const bundle = fs.readFileSync(path.join(ROOT, 'tests', 'vectors', 'sigstore-bundle', 'bundle-v03.base.input'));
  const {openHandles} = ssr._internal;
  const before = openHandles();
  const root = ssr.TrustedRoot.publicGood();
  const policy = ssr.VerifyPolicy.identity(IDENTITY, ISSUER);
  const options = {root, policy, digests: {sha256: '00'.repeat(32)}};
  const verdict = (p) => p.then(() => null, (e) => firstError(e.report));
  const expected = await verdict(ssr.verifyBundleAsync(bundle, options));
  assert.deepStrictEqual(expected, ['verify.certificate.der', '/verificationMaterial/certificate/rawBytes', 5, 19]);
  const pending = verdict(ssr.verifyBundleAsync(bundle, options));
  assert.throws(() => policy.require('1.3.6.1.4.1.57264.1.12', 'x'),
    (e) => e.status === ssr.Status.EINVAL && /in use/.test(e.message));
  root.close();
  policy.close();
  assert.strictEqual(openHandles(), before + 2); // the running job still holds both
  assert.throws(() => ssr.verifyBundle(bundle, options), /the (SecretKey|PublicKey|TrustedRoot|VerifyPolicy|Jwks|Hasher) was closed/);
  assert.deepStrictEqual(await pending, expected);
  assert.strictEqual(openHandles(), before);
});

test('policies, roots and arguments refuse what they must', () => {
  assert.throws(() => ssr.TrustedRoot.fromJson('{}'), ssr.InvalidError);
  assert.throws(() => ssr.VerifyPolicy.fromJson({identity: 'x'}), ssr.InvalidError);
  assert.throws(() => ssr.VerifyPolicy.key('junk'), (e) => e instanceof TypeError && /^key: not a PEM key/.test(e.message));
  assert.throws(() => ssr.VerifyPolicy.identity('a', 'b').require('no-such-extension', 'x'), /unknown extension name/);
  assert.throws(() => ssr.verifyBundle('{}', {policy: ssr.VerifyPolicy.identity('a', 'b')}), /exactly one of options.data/);
  assert.throws(() => ssr.verifyBundle('{}', {policy: {identity: 'a'}, data: ''}), /options.policy must be a VerifyPolicy/);
  assert.throws(() => ssr.verifyBundle('{}', {policy: ssr.VerifyPolicy.identity('a', 'b'), data: '', now: 1.5e19}), RangeError);
});

test('ID tokens', {skip: fs.existsSync(JOSE) ? false : 'the shared jose corpus is absent'}, () => {
  const jwks = ssr.Jwks.fromJson(fs.readFileSync(path.join(JOSE, 'jwks.json')));
  const policy = fs.readFileSync(path.join(ROOT, 'examples', 'documents', 'trusted-publisher-github.json'));
  const token = fs.readFileSync(path.join(JOSE, 'tokens', 'valid-rs256.jwt'), 'utf8').trim();
  const r = ssr.tpVerifyToken(policy, jwks, token, 1750000000);
  assert.deepStrictEqual([r.alg, r.claims.iss, r.claims.aud], ['RS256', ISSUER, 'pypi']);
  assert.ok(r.kid);
  assert.deepStrictEqual([r.match.matched, r.match.failedClaim], [false, 'repository']); // another repository
  const [h, b, sig] = token.split('.');
  const flipped = `${h}.${b}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
  const none = fs.readFileSync(path.join(JOSE, 'tokens', 'alg-none.jwt'), 'utf8').trim();
  for (const [bad, code] of [[flipped, 'jwt.signature'], [none, 'jwt.alg.none'], ['a.b.c', 'jwt.base64url']]) {
    assert.throws(() => ssr.tpVerifyToken(policy, jwks, bad, 1750000000),
      (e) => e instanceof ssr.VerificationError && e.report.diagnostics[0].code === code, code);
  }
  assert.throws(() => ssr.Jwks.fromJson('{"keys": 1}'), ssr.InvalidError);
  assert.throws(() => ssr.tpVerifyToken(policy, {}, token), /jwks must be a Jwks/);
});

test('a log entry is required unless the caller lowers the minimum', async () => {
  const base = path.join(ROOT, 'tests', 'vectors', 'evidence');
  const root = ssr.TrustedRoot.fromJson(fs.readFileSync(path.join(base, 'trusted_root.json')));
  const policy = ssr.VerifyPolicy.identity('https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main', ISSUER);
  const data = fs.readFileSync(path.join(base, 'artifact.txt'));
  const unlogged = fs.readFileSync(path.join(base, 'unlogged.sigstore.json'));
  try {
    assert.throws(() => ssr.verifyBundle(unlogged, {policy, root, data}),
      (e) => firstError(e.report)[0] === 'verify.tlog.required');
    const verified = ssr.verifyBundle(unlogged, {policy, root, data, minLogEntries: 0});
    assert.ok(verified.verified);
    // a message signature: the artifact's digest it is over, no statement
    assert.deepStrictEqual(verified.attestations[0].digest, {sha256: ssr.digest(data, 'sha256')});
    assert.strictEqual(verified.attestations[0].statement, undefined);
    assert.ok((await ssr.verifyBundleAsync(unlogged, {policy, root, data, minLogEntries: 0})).verified);
    const logged = fs.readFileSync(path.join(base, 'logged.sigstore.json'));
    assert.throws(() => ssr.verifyBundle(logged, {policy, root, data, minSignedTimes: 3}),
      (e) => firstError(e.report)[0] === 'verify.time.too-few');
    assert.throws(() => ssr.verifyBundle(logged, {policy, root, data, minSignedTimes: 0}), /minSignedTimes/);
    assert.throws(() => ssr.verifyBundle(logged, {policy, root, data, minLogEntries: 1.5}), RangeError);
  } finally {
    policy.close();
    root.close();
  }
});

test('an async call copies its Buffers: refilling them before the Promise settles changes nothing', async () => {
  const base = path.join(ROOT, 'tests', 'vectors', 'evidence');
  const root = ssr.TrustedRoot.fromJson(fs.readFileSync(path.join(base, 'trusted_root.json')));
  const policy = ssr.VerifyPolicy.identity('https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main', ISSUER);
  try {
    for (let round = 0; round < 50; round++) {
      const data = Buffer.from(fs.readFileSync(path.join(base, 'artifact.txt')));
      const bundle = Buffer.from(fs.readFileSync(path.join(base, 'logged.sigstore.json')));
      const pending = ssr.verifyBundleAsync(bundle, {policy, root, data});
      data.fill(0);
      bundle.fill(0x20);
      assert.ok((await pending).verified);
      const hashed = Buffer.from('hello, world\n');
      const digest = ssr.digestAsync(hashed, 'sha256');
      hashed.fill(0);
      assert.strictEqual(await digest, ssr.digest(Buffer.from('hello, world\n'), 'sha256'));
    }
  } finally {
    policy.close();
    root.close();
  }
});

test('the JWS layer alone, and a token decoded unverified', {skip: fs.existsSync(JOSE) ? false : 'the jose corpus is absent'}, () => {
  const token = fs.readFileSync(path.join(JOSE, 'tokens', 'valid-rs256.jwt'), 'utf8').trim();
  const decoded = ssr.tpDecodeToken(token);
  assert.strictEqual(decoded.verified, false);
  const jwks = ssr.Jwks.fromJson(fs.readFileSync(path.join(JOSE, 'jwks.json')));
  try {
    assert.deepStrictEqual(JSON.parse(ssr.jwsVerify(jwks, token)), decoded.claims);
    assert.throws(() => ssr.jwsVerify(jwks, token.slice(0, -4) + 'AAAA'),
      (e) => e instanceof ssr.VerificationError && e.report.diagnostics[0].code.startsWith('jwt.'));
  } finally {
    jwks.close();
  }
});
