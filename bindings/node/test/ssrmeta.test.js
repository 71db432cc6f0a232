'use strict';
// The Node.js binding against the C library's own answers. Run against the
// package as installed: $SSRMETA_MODULE is its folder in a fresh project
// (tests/check-node-package.sh), $SSR_ROOT the repository for the vectors.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const ssr = require(process.env.SSRMETA_MODULE || '..');

const ROOT = process.env.SSR_ROOT || path.join(__dirname, '..', '..', '..');
const read = (...parts) => fs.readFileSync(path.join(ROOT, ...parts));

test('version, and a library of another version refused at load', () => {
  assert.strictEqual(ssr.version().split('.').length, 3);
  assert.match(ssr.cryptoBackend(), /^(aws-lc \d+\.\d+\.\d+|OpenSSL \d+\.\d+)/);
  const {checkVersion} = ssr._internal;
  checkVersion({library: '0.1.0', libraryNumber: 100, built: '0.1.0', builtNumber: 100});
  checkVersion({library: '0.3.2', libraryNumber: 302, built: '0.1.0', builtNumber: 100});
  for (const [library, libraryNumber] of [['0.0.9', 9], ['1.0.0', 10000]]) {
    assert.throws(() => checkVersion({library, libraryNumber, built: '0.1.0', builtNumber: 100}),
      new RegExp(`^Error: ssrmeta: the loaded libssr is ${library.replace(/\./g, '\\.')}, but this binding needs 0\\.1\\.0`));
  }
  assert.throws(() => checkVersion({library: '0.1.0', libraryNumber: 100, built: '0.2.0', builtNumber: 200}), /at least the 0\.2\.0/);
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
  assert.deepStrictEqual(ssr.dsseVerify(envelope, [publicKey]), {payload, payloadType: 'application/json', verified: 1});
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
  assert.throws(() => ssr.validate(123), /^TypeError: data must be a string, a Buffer, a TypedArray or an ArrayBuffer, not number$/);
  assert.throws(() => ssr.validate(null), /data must be .*, not null$/);
  assert.throws(() => ssr.dsseVerify(envelope, [42]), /^TypeError: publicKeys\[0\] must be .*, not number$/);
  assert.throws(() => ssr.dsseVerify(envelope, publicKey), /^TypeError: publicKeys must be an array, not object$/);
  assert.throws(() => ssr.dsseSign('x', 7, secretKey), /^TypeError: payloadType must be a string, not number$/);
  assert.throws(() => ssr.validate('{}', {limits: {depth: 0}}), /^RangeError: limits.depth must be within 1\.\./);
  assert.throws(() => ssr.validate('{}', {limits: {depht: 3}}), /^TypeError: unknown limit 'depht'/);
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
    else assert.strictEqual(ssr.dsseVerify(v.envelope, pems, v.threshold).payload.toString('utf8'), v.payload);
  }
  for (const m of conf.match) {
    const r = ssr.tpMatch(m.policy, m.claims, m.now);
    assert.deepStrictEqual([r.matched, r.jti, r.failedClaim], [m.matched, m.jti, m.failed_claim]);
  }
});

test('a bad key names its argument and says why', () => {
  for (const [call, name] of [
    [() => ssr.dsseSign('x', 't', 'not a key'), 'secretKey'],
    [() => ssr.SecretKey.fromPem(ssr.generateKeypair().publicKey), 'secretKey'],
    [() => ssr.dsseVerify('{}', [ssr.generateKeypair().publicKey, 'junk']), String.raw`publicKeys\[1\]`],
    [() => ssr.PublicKey.fromPem(''), 'publicKey'],
  ]) {
    assert.throws(call, (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_VALUE' &&
      e.status === ssr.Status.EINVALID && new RegExp(`^${name}: not a PEM key libssr reads`).test(e.message), name);
  }
  assert.throws(() => ssr.SecretKey.fromFile('/nonexistent/key'), (e) => e instanceof ssr.SsrError && e.status === ssr.Status.EIO);
});

test('key objects: loaded once, used many times, closed', () => {
  const key = ssr.SecretKey.generate();
  const pub = key.publicKey;
  assert.match(pub.id, /^[0-9a-f]{64}$/);
  const again = ssr.PublicKey.fromPem(pub.toPem());
  assert.strictEqual(again.id, pub.id);
  const fromPem = ssr.SecretKey.fromPem(key.toPem());
  assert.strictEqual(fromPem.publicKey.id, pub.id);
  let envelope = ssr.dsseSign('{}', 'application/json', key, {keyid: pub.id});
  const second = ssr.SecretKey.generate();
  envelope = ssr.dsseAddSignature(envelope, second);
  assert.strictEqual(JSON.parse(envelope).signatures[0].keyid, pub.id);
  assert.strictEqual(ssr.dsseVerify(envelope, [pub, second.publicKey], 2).verified, 2);
  key.close();
  key.close(); // twice is harmless
  assert.throws(() => ssr.dsseSign('x', 't', key), /the (SecretKey|PublicKey|TrustedRoot|VerifyPolicy|Jwks|Hasher) was closed/);
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'ssrmeta-'));
  const file = path.join(dir, 'k.key');
  second.writeFile(file);
  assert.strictEqual(fs.statSync(file).mode & 0o777, 0o600);
  assert.throws(() => second.writeFile(file), (e) => e.status === ssr.Status.EEXIST);
  assert.strictEqual(ssr.SecretKey.fromFile(file).publicKey.id, second.publicKey.id);
  fs.rmSync(dir, {recursive: true});
});

test('handles: frozen, unforgeable, of one kind', () => {
  const key = ssr.SecretKey.generate();
  const pub = key.publicKey;
  assert.ok(Object.isFrozen(key._h));
  assert.throws(() => { key._h.id = pub._h.id; }, TypeError);
  const real = key._h;
  key._h = {id: real.id}; // a look-alike is no handle
  const refused = (message) => (e) => e instanceof TypeError && e.message === message;
  assert.throws(() => ssr.dsseSign('x', 't', key), refused('not a libssr handle'));
  key._h = pub._h; // a public key where a secret key goes
  assert.throws(() => ssr.dsseSign('x', 't', key), refused('a libssr handle of another kind'));
  key._h = real;
  const closed = ssr.SecretKey.generate();
  closed.close();
  const reused = ssr.SecretKey.generate(); // may take the closed one's slot: the old id stays refused
  assert.throws(() => ssr.dsseSign('x', 't', closed), /the (SecretKey|PublicKey|TrustedRoot|VerifyPolicy|Jwks|Hasher) was closed/);
  assert.match(ssr.dsseSign('x', 't', reused).toString(), /"payloadType":"t"/);
  for (const k of [key, pub, reused]) k.close();
});

test('handles left open are freed once the collector finds them unreachable', async () => {
  require('v8').setFlagsFromString('--expose-gc');
  const gc = require('vm').runInNewContext('gc');
  const {openHandles} = ssr._internal;
  const collect = async (rounds) => {
    for (let i = 0; i < rounds; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve)); // the registry's callbacks run between tasks
    }
  };
  await collect(5); // what earlier tests left to the collector
  const before = openHandles();
  (() => {
    for (let i = 0; i < 500; i++) {
      const key = ssr.SecretKey.generate();
      key.publicKey.id; // a public key handle too
      new ssr.Hasher().update('x');
    }
  })();
  assert.strictEqual(openHandles(), before + 1500);
  for (let i = 0; i < 100 && openHandles() > before; i++) await collect(1);
  assert.strictEqual(openHandles(), before);
});

test('a process that exits with handles open and garbage pending exits cleanly', () => {
  // The addon frees what is open at teardown itself; no Node-API finalizer is queued then.
  const script = `
    const ssr = require(${JSON.stringify(process.env.SSRMETA_MODULE || path.join(__dirname, '..'))});
    const keep = [];
    for (let i = 0; i < 60000; i++) {
      new ssr.Hasher().update('x');
      keep.push({i, s: 'v' + i});
      if (i % 300 === 0) keep.push(ssr.SecretKey.generate());
      if (i % 20000 === 0) ssr.TrustedRoot.publicGood();
    }
    for (let i = 0; i < 20000; i++) new ssr.Hasher();
    process.stdout.write('done ' + ssr._internal.openHandles());`;
  for (let run = 0; run < 3; run++) {
    const r = require('child_process').spawnSync(process.execPath, ['-e', script], {encoding: 'utf8'});
    assert.strictEqual(r.signal, null, r.stderr);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^done \d+$/);
  }
});

test('the verified payloadType is returned: a text/plain envelope is not a release', () => {
  const key = ssr.SecretKey.generate();
  const release = read('examples', 'documents', 'release-pypi-sampleproject.json');
  const r = ssr.dsseVerify(ssr.dsseSign(release, 'text/plain', key), [key.publicKey]);
  assert.strictEqual(r.payloadType, 'text/plain');
  assert.deepStrictEqual(r.payload, release);
});

test('a validly signed empty payload verifies as an empty Buffer', () => {
  const key = ssr.SecretKey.generate();
  const r = ssr.dsseVerify(ssr.dsseSign('', 'application/octet-stream', key), [key.publicKey]);
  assert.deepStrictEqual(r, {payload: Buffer.alloc(0), payloadType: 'application/octet-stream', verified: 1});
  assert.strictEqual(ssr.validate('').diagnostics[0].code, 'json.empty');
  assert.strictEqual(ssr.digest(new Uint8Array(0)), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('streaming and file digests, subject matching', () => {
  const data = Buffer.alloc(3 * 1024 * 1024 + 7, 0x61);
  const h = new ssr.Hasher('sha512');
  for (let i = 0; i < data.length; i += 65536) h.update(data.subarray(i, i + 65536));
  assert.strictEqual(h.digest(), ssr.digest(data, 'sha512'));
  assert.throws(() => h.update('x'), /closed/);
  const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'ssrmeta-'));
  const file = path.join(dir, 'artifact.tar.gz');
  fs.writeFileSync(file, data);
  assert.deepStrictEqual(ssr.digestFile(file, ['sha256', 'blake2b-256']),
    {'sha256': ssr.digest(data), 'blake2b-256': ssr.digest(data, 'blake2b-256')});
  assert.throws(() => ssr.digestFile(path.join(dir, 'absent')), (e) => e.status === ssr.Status.EIO);
  const statement = JSON.stringify({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{name: 'other', digest: {sha256: '0'.repeat(64)}}, {name: 'artifact.tar.gz', digest: {sha256: ssr.digest(data)}}],
    predicateType: 'https://example.com/p', predicate: {},
  });
  assert.strictEqual(ssr.matchSubject(statement, {data}), 1);
  assert.strictEqual(ssr.matchSubject(statement, {path: file}), 1);
  assert.strictEqual(ssr.matchSubject(statement, {digests: {sha256: ssr.digest(data)}}), 1);
  assert.strictEqual(ssr.matchSubject(statement, {data: 'something else'}), -1);
  assert.throws(() => ssr.matchSubject('{}', {data}), ssr.InvalidError);
  assert.throws(() => ssr.matchSubject(statement, {data, path: file}), /exactly one of/);
  assert.throws(() => ssr.matchSubject(statement, {digests: {sha256: 'XYZ'}}), (e) => e.status === ssr.Status.EINVALID);
  fs.rmSync(dir, {recursive: true});
});

test('schemas, explanations, limits, status codes', () => {
  assert.strictEqual(JSON.parse(ssr.schema('release')).$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.deepStrictEqual(ssr.schemaCodes('release').find((c) => c.code === 'release.near-miss'),
    {code: 'release.near-miss', severity: 'error', scope: 'beyond'});
  assert.throws(() => ssr.schema('osv'), ssr.SsrError);
  const x = ssr.tpExplain(read('examples', 'documents', 'trusted-publisher-github.json'));
  assert.strictEqual(x.token.iss, 'https://token.actions.githubusercontent.com');
  assert.ok(x.conditions.some((c) => c.claim === 'repository'));
  const deep = '['.repeat(10) + ']'.repeat(10);
  assert.strictEqual(ssr.validate(deep, {kind: 'json', limits: {depth: 5}}).diagnostics[0].code, 'json.limit.depth');
  assert.strictEqual(ssr.validate(deep, 'json').valid, true);
  assert.strictEqual(ssr.Status.EVERIFY, -6);
  const m = ssr.tpMatch(read('tests', 'vectors', 'trusted-publisher', 'policy-github.base.input'), CLAIMS, 1760000000);
  assert.ok(m.conditionsHeld > 0);
});

test('async calls run on the thread pool while the event loop turns', async () => {
  const big = Buffer.from(JSON.stringify({items: Array.from({length: 400000}, (_, i) => ({n: i, s: 'x'.repeat(20)}))}));
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const started = Date.now();
  const results = await Promise.all([
    ssr.validateAsync(big, 'json'), ssr.validateAsync(big, {kind: 'json'}), ssr.canonicalizeAsync(big), ssr.digestAsync(big, 'sha512'),
  ]);
  const elapsed = Date.now() - started;
  clearInterval(timer);
  assert.strictEqual(results[0].valid, true);
  assert.strictEqual(results[3], ssr.digest(big, 'sha512'));
  // work that takes hundreds of milliseconds leaves the loop free: timers fire meanwhile
  assert.ok(elapsed > 50, `${elapsed} ms is too short to tell`);
  assert.ok(ticks >= elapsed / 20, `the loop ran ${ticks} timers in ${elapsed} ms`);
  const key = ssr.SecretKey.generate();
  const v = await ssr.dsseVerifyAsync(ssr.dsseSign('{}', 'application/json', key), [key.publicKey]);
  assert.strictEqual(v.payloadType, 'application/json');
  await assert.rejects(ssr.dsseVerifyAsync(ssr.dsseSign('{}', 'a', key), [ssr.SecretKey.generate().publicKey]), ssr.VerificationError);
  await assert.rejects(ssr.validateAsync(42), TypeError);
  await assert.rejects(ssr.canonicalizeAsync('{'), ssr.InvalidError);
  assert.strictEqual(await ssr.matchSubjectAsync(
    JSON.stringify({_type: 'https://in-toto.io/Statement/v1', subject: [{name: 'a', digest: {sha256: ssr.digest('a')}}],
      predicateType: 'https://example.com/p', predicate: {}}), {data: 'a'}), 0);
});

test('eight worker threads at once give the same answers', async () => {
  const {Worker} = require('worker_threads');
  const modulePath = require.resolve(process.env.SSRMETA_MODULE || '..');
  const code = `
    const {parentPort, workerData} = require('worker_threads');
    const ssr = require(workerData.modulePath);
    const key = ssr.SecretKey.generate();
    let ok = 0;
    for (let i = 0; i < 300; i++) {
      const env = ssr.dsseSign('{"i":' + i + '}', 'application/json', key);
      if (ssr.dsseVerify(env, [key.publicKey]).payload.toString() === '{"i":' + i + '}' &&
          ssr.validate('{"a":1,"a":2}').diagnostics[0].code === 'json.duplicate-member') ok++;
    }
    parentPort.postMessage(ok);`;
  const counts = await Promise.all(Array.from({length: 8}, () => new Promise((resolve, reject) => {
    const w = new Worker(code, {eval: true, workerData: {modulePath}});
    w.on('message', resolve);
    w.on('error', reject);
  })));
  assert.deepStrictEqual(counts, Array(8).fill(300));
});

// ---- rendering ------------------------------------------------------------------------------

const PANELS = path.join(ROOT, 'examples', 'panels');

test('renderPanel: levels, languages, result objects', () => {
  const result = JSON.parse(fs.readFileSync(path.join(PANELS, 'result-pep740-pypi-attestations-0.0.19.json'), 'utf8'));
  const release = fs.readFileSync(path.join(PANELS, 'release-pypi-attestations-0.0.19.json'));
  const a = ssr.renderPanel(result, release);
  assert.ok(a.startsWith('<section class="ssr-panel ssr-level-a ssr-style-plain" lang="en" dir="ltr" ' +
    'aria-label="Provenance of pypi-attestations 0.0.19">'));
  assert.strictEqual(a.split('<details ').length - 1, 4);
  const ar = ssr.renderPanel(JSON.stringify(result), release, {level: 'aaa', style: 'npm', lang: 'ar'});
  assert.ok(ar.includes('class="ssr-panel ssr-level-aaa ssr-style-npm" lang="ar" dir="rtl"'));
  assert.ok(!ar.includes('<script'));
});

test('renderPanel: refusals with code, pointer and position; arguments', () => {
  assert.throws(() => ssr.renderPanel('{\n "verified": false}'), (e) => {
    const d = e.report.diagnostics[0];
    return e instanceof ssr.InvalidError && d.code === 'panel.result.unverified' && d.pointer === '/verified' &&
      d.line === 2 && d.column === 14;
  });
  const result = fs.readFileSync(path.join(PANELS, 'result-pep740-pypi-attestations-0.0.19.json'));
  assert.throws(() => ssr.renderPanel(result, fs.readFileSync(path.join(PANELS, 'release-npm-sigstore-0.4.0.json'))), (e) =>
    e.report.kind === 'release' && e.report.diagnostics[0].code === 'panel.release.artifact' &&
    e.report.diagnostics[0].line === 10 && e.report.diagnostics[0].column === 16);
  assert.throws(() => ssr.renderPanel(result, null, {level: 'b'}), {name: 'RangeError', message: /level must be one of a, aa, aaa/});
  assert.throws(() => ssr.renderPanel(result, null, {lang: 5}), {name: 'TypeError', message: /lang must be a string/});
  assert.throws(() => ssr.renderPanel(5), {name: 'TypeError', message: /result must be/});
});

test('renderProfiles', () => {
  const profiles = ['crates-io', 'npm', 'pypi'].map((n) => fs.readFileSync(path.join(ROOT, 'examples', 'documents', `repository-profile-${n}.json`)));
  assert.ok(ssr.renderProfiles(profiles, {format: 'md'}).startsWith('| capability | level | crates.io | npm | PyPI |\n'));
  assert.ok(ssr.renderProfiles(profiles, {format: 'svg'}).startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.throws(() => ssr.renderProfiles([profiles[0], '{"ssr": "repository-profile/v1"}']), (e) =>
    e instanceof ssr.InvalidError && e.index === 1 && e.report.diagnostics[0].code === 'repository-profile.repository.required');
  assert.throws(() => ssr.renderProfiles([]), RangeError);
  assert.throws(() => ssr.renderProfiles(profiles, {format: 'pdf'}), RangeError);
  assert.throws(() => ssr.renderProfiles(profiles[0]), TypeError);
});

test('errors carry a string code; handles close through Symbol.dispose', () => {
  assert.throws(() => ssr.tpMatch('{}', '{}', 0), (e) => e instanceof ssr.InvalidError && e.code === 'SSR_EINVALID');
  const key = ssr.SecretKey.generate();
  const dispose = Symbol.dispose || Symbol.for('nodejs.dispose');
  key[dispose]();
  assert.throws(() => key.toPem(), (e) => e instanceof ssr.SsrError && typeof e.code === 'string');
  const hasher = new ssr.Hasher('sha256');
  hasher[dispose]();
});

test('purls, PAE, key verification and digest sizes', () => {
  const p = ssr.purlParse('pkg:PYPI/Django_Rest@1.0?b=2&a=1');
  assert.strictEqual(p.type, 'pypi');
  assert.strictEqual(p.name, 'django-rest');
  assert.strictEqual(p.canonical, 'pkg:pypi/django-rest@1.0?a=1&b=2');
  assert.strictEqual(ssr.purlBuild(p).canonical, p.canonical);
  assert.strictEqual(ssr.purlCanonical('pkg:npm/%40scope/name@1.0.0'), 'pkg:npm/%40scope/name@1.0.0');
  assert.throws(() => ssr.purlParse('pkg:'), (e) => e instanceof ssr.InvalidError && e.report.diagnostics[0].code.startsWith('purl.'));
  const pae = ssr.dssePae('text/plain', Buffer.from('payload'));
  assert.strictEqual(pae.toString(), 'DSSEv1 10 text/plain 7 payload');
  const key = ssr.SecretKey.generate();
  const envelope = JSON.parse(ssr.dsseSign(Buffer.from('payload'), 'text/plain', key));
  const pub = key.publicKey;
  assert.ok(pub.verify(pae, Buffer.from(envelope.signatures[0].sig, 'base64')));
  assert.ok(!pub.verify(Buffer.concat([pae, Buffer.from('x')]), Buffer.from(envelope.signatures[0].sig, 'base64')));
  assert.strictEqual(ssr.digestSize('sha512'), 64);
  assert.throws(() => ssr.tpDecodeToken('not a token'), ssr.InvalidError);
  key.close();
  pub.close();
});
