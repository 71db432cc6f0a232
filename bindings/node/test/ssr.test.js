'use strict';
// The Node.js binding against the C library's own answers.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const ssr = require('..');

const ROOT = path.join(__dirname, '..', '..', '..');
const read = (...parts) => fs.readFileSync(path.join(ROOT, ...parts));

test('version', () => {
  assert.strictEqual(ssr.version().split('.').length, 3);
});

test('examples are valid', () => {
  const dir = path.join(ROOT, 'examples', 'documents');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 9);
  for (const f of files) {
    const report = ssr.validate(fs.readFileSync(path.join(dir, f)));
    assert.ok(report.valid, `${f}: ${JSON.stringify(report.diagnostics)}`);
  }
});

test('a diagnostic has its code, pointer and position', () => {
  const report = ssr.validate('{"a": {"b": 1, "b": 2}}');
  assert.strictEqual(report.valid, false);
  assert.strictEqual(report.kind, 'json');
  const d = report.diagnostics[0];
  assert.deepStrictEqual([d.severity, d.code, d.pointer, d.line, d.column], ['error', 'json.duplicate-member', '/a/b', 1, 16]);
  assert.strictEqual(ssr.validate('').diagnostics[0].code, 'json.empty');
  assert.throws(() => ssr.validate('{}', 'no-such-kind'), ssr.SsrError);
});

test('every shared vector gives its expected diagnostics', () => {
  const vectors = path.join(ROOT, 'tests', 'vectors');
  let count = 0;
  for (const kind of fs.readdirSync(vectors)) {
    const dir = path.join(vectors, kind);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.input'))) {
      const expected = fs.readFileSync(path.join(dir, f.replace(/\.input$/, '.expected')), 'utf8')
        .split('\n').filter(Boolean).map((l) => l.split('\t').slice(0, 5).join('\t')).sort();
      const got = ssr.validate(fs.readFileSync(path.join(dir, f)), kind).diagnostics
        .map((d) => [d.severity, d.code, d.pointer, d.line, d.column].join('\t')).sort();
      assert.deepStrictEqual(got, expected, f);
      count++;
    }
  }
  assert.ok(count > 800, `${count} vectors`);
});

test('canonical and pretty forms', () => {
  assert.strictEqual(ssr.canonicalize('{"b": 1.0, "a": [1e2, "\\u00e9"]}').toString(), '{"a":[100,"\u00e9"],"b":1}');
  assert.strictEqual(ssr.pretty('{"b":1,"a":[]}'), '{\n  "b": 1,\n  "a": []\n}\n');
  assert.throws(() => ssr.canonicalize('{"a": 1,}'),
    (e) => e instanceof ssr.InvalidError && e.report.diagnostics[0].code === 'json.unexpected-character');
});

test('digests', () => {
  assert.strictEqual(ssr.digest('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.strictEqual(ssr.digest(Buffer.from('abc'), 'blake2b-256'), 'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319');
  assert.throws(() => ssr.digest('abc', 'md5'), ssr.SsrError);
});

test('sign and verify', () => {
  const {publicKey, secretKey} = ssr.generateKeypair();
  assert.ok(publicKey.toString().startsWith('-----BEGIN PUBLIC KEY-----'));
  const payload = Buffer.from('{"hello": "world"}');
  const envelope = ssr.dsseSign(payload, 'application/json', secretKey);
  assert.deepStrictEqual(ssr.dsseVerify(envelope, [publicKey]), payload);
  const other = ssr.generateKeypair().publicKey;
  assert.throws(() => ssr.dsseVerify(envelope, [other]), (e) => e instanceof ssr.VerificationError && e.verified === 0);
  assert.throws(() => ssr.dsseVerify(envelope, [publicKey, other], 2), (e) => e instanceof ssr.VerificationError && e.verified === 1);
  assert.throws(() => ssr.dsseVerify('{"payload": 1}', [publicKey]), ssr.InvalidError);
});

const CLAIMS = {
  iss: 'https://token.actions.githubusercontent.com', aud: 'pypi',
  iat: 1759999990, nbf: 1759999990, exp: 1760000290, jti: '8f1c6d0e-jti',
  repository: 'pypa/sampleproject', repository_owner: 'pypa', repository_owner_id: '647025',
  ref: 'refs/tags/v4.0.0',
  job_workflow_ref: 'pypa/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0',
  event_name: 'push', environment: 'pypi',
};

test('trusted-publisher matching', () => {
  const policy = read('tests', 'vectors', 'trusted-publisher', 'policy-github.base.input');
  const m = ssr.tpMatch(policy, CLAIMS, 1760000000);
  assert.strictEqual(m.matched, true);
  assert.strictEqual(m.jti, '8f1c6d0e-jti');
  assert.strictEqual(m.failedClaim, null);
  const forked = ssr.tpMatch(policy, JSON.stringify({...CLAIMS, repository_owner_id: '999'}), 1760000000);
  assert.strictEqual(forked.matched, false);
  assert.strictEqual(forked.failedClaim, 'repository_owner_id');
  assert.throws(() => ssr.tpMatch('{}', CLAIMS, 0), ssr.InvalidError);
});

test('arguments are checked, never truncated', () => {
  const {publicKey, secretKey} = ssr.generateKeypair();
  const envelope = ssr.dsseSign('x', 'text/plain', secretKey);
  // 1.5 would become a threshold of 1, 2**64 one of 0 or 1, in a size_t
  for (const bad of [1.5, 0, -1, 2 ** 64, NaN, Infinity, 2n ** 64n]) {
    assert.throws(() => ssr.dsseVerify(envelope, [publicKey], bad), RangeError, String(bad));
  }
  for (const bad of ['1', null, {}]) {
    assert.throws(() => ssr.dsseVerify(envelope, [publicKey], bad), TypeError);
  }
  assert.throws(() => ssr.dsseVerify(envelope, [publicKey], 2), ssr.VerificationError);
  assert.throws(() => ssr.validate(123), /data must be a string, a Buffer or a Uint8Array, not number/);
  assert.throws(() => ssr.dsseVerify(envelope, [42]), /public key must be/);
});

test('times are seconds, a bigint or a Date', () => {
  const policy = read('tests', 'vectors', 'trusted-publisher', 'policy-github.base.input');
  assert.strictEqual(ssr.tpMatch(policy, CLAIMS, 1760000000.75).matched, true);
  assert.strictEqual(ssr.tpMatch(policy, CLAIMS, 1760000000n).matched, true);
  assert.strictEqual(ssr.tpMatch(policy, CLAIMS, new Date(1760000000 * 1000)).matched, true);
  assert.strictEqual(ssr.tpMatch(policy, CLAIMS, Date.now() / 1000 + 1e9).matched, false); // expired, no RangeError
  for (const bad of [NaN, Infinity, 2n ** 64n + 1760000000n, new Date(NaN)]) {
    assert.throws(() => ssr.tpMatch(policy, CLAIMS, bad), RangeError);
  }
  for (const bad of ['1760000000', null, undefined]) {
    assert.throws(() => ssr.tpMatch(policy, CLAIMS, bad), TypeError);
  }
});

test('profile levels', () => {
  const levels = ssr.profileLevels(read('examples', 'documents', 'repository-profile-npm.json'));
  assert.deepStrictEqual(Object.keys(levels.tracks), ['authentication', 'authorization', 'general', 'cli']);
  const lowest = Math.min(...Object.values(levels.tracks).filter((t) => t.applies).map((t) => t.level));
  assert.strictEqual(levels.overall, lowest);
  assert.throws(() => ssr.profileLevels('{"ssr": "repository-profile/v1"}'), ssr.InvalidError);
});

test('the shared conformance set, byte for byte', () => {
  const conf = JSON.parse(read('tests', 'vectors', 'conformance.json').toString('utf8'));
  for (const c of conf.canonical) {
    if (c.error) {
      assert.throws(() => ssr.canonicalize(c.input), (e) => e instanceof ssr.InvalidError && e.report.diagnostics[0].code === c.error);
    } else {
      assert.strictEqual(ssr.canonicalize(c.input).toString('utf8'), c.output);
    }
  }
  for (const d of conf.digests) assert.strictEqual(ssr.digest(d.data, d.alg), d.hex);
  for (const s of conf.sign) {
    assert.strictEqual(ssr.dsseSign(s.payload, s.payload_type, conf.keys.secret).toString('utf8'), s.envelope);
  }
  for (const v of conf.verify) {
    const pems = v.keys.map((k) => conf.keys[k]);
    if (v.error === 'verification') assert.throws(() => ssr.dsseVerify(v.envelope, pems, v.threshold), ssr.VerificationError);
    else if (v.error === 'invalid') assert.throws(() => ssr.dsseVerify(v.envelope, pems, v.threshold), ssr.InvalidError);
    else assert.strictEqual(ssr.dsseVerify(v.envelope, pems, v.threshold).toString('utf8'), v.payload);
  }
  for (const m of conf.match) {
    const r = ssr.tpMatch(m.policy, m.claims, m.now);
    assert.deepStrictEqual([r.matched, r.jti, r.failedClaim], [m.matched, m.jti, m.failed_claim]);
  }
});
