// SPDX-License-Identifier: Apache-2.0
'use strict';
// ssrmeta: libssr for Node.js. Validate, canonicalize, sign and verify
// package-registry security metadata. Every verdict comes from the C library,
// reached through this package's own Node-API addon (src/ssrmeta.c): the
// prebuilt one for this platform, else the one `npm install` built from
// source. This module checks arguments and shapes results.

const fs = require('fs');
const path = require('path');

/** The addon: $SSR_NODE_ADDON when set (an explicit choice), else this package's own. */
function loadAddon() {
  const explicit = process.env.SSR_NODE_ADDON;
  const candidates = explicit ? [explicit] : [
    path.join(__dirname, 'prebuilds', `${process.platform}-${process.arch}`, 'ssrmeta.node'),
    path.join(__dirname, 'build', 'ssrmeta.node'),
  ];
  const errors = [];
  for (const file of candidates) {
    if (!fs.existsSync(file)) {
      errors.push(`${file}: absent`);
      continue;
    }
    try {
      return require(file);
    } catch (e) {
      errors.push(`${file}: ${e.message}`);
    }
  }
  throw new Error(`ssrmeta: no usable libssr addon for ${process.platform}-${process.arch} ` +
    `(run "npm rebuild ssrmeta" with a C compiler, Node-API headers and an installed libssr): ${errors.join('; ')}`);
}

const addon = loadAddon();

/**
 * Throws unless the loaded library is one this binding supports: 0.1.0 or a
 * later 0.x, and not older than the headers the addon was built with.
 */
function checkVersion(v) {
  if (v.libraryNumber < 100 || v.libraryNumber >= 10000 || v.libraryNumber < v.builtNumber) {
    throw new Error(`ssrmeta: the loaded libssr is ${v.library}, but this binding needs 0.1.0 or a later 0.x ` +
      `(and at least the ${v.built} it was built against)`);
  }
}

checkVersion(addon.version());

/** The library's status codes (ssr/common.h). */
const Status = Object.freeze({
  OK: 0, EINVAL: -1, ENOMEM: -2, EINVALID: -3, ERANGE: -4, EIO: -5, EVERIFY: -6, ENOMATCH: -7, EEXIST: -8, ECRYPTO: -9,
});

// The status's name, as Node's own errors carry a string `code` ('SSR_EVERIFY').
const STATUS_NAMES = Object.freeze(Object.fromEntries(Object.entries(Status).map(([name, value]) => [value, `SSR_${name}`])));

/** A failed libssr call; `status` is one of `Status`, `code` its name ('SSR_EINVALID', 'SSR_EVERIFY'...). */
class SsrError extends Error {
  constructor(status, message) {
    super(message || addon.strerror(status));
    this.name = 'SsrError';
    this.status = status;
    this.code = STATUS_NAMES[status] || 'SSR_UNKNOWN';
  }
}

/** The input is not a valid document of the kind the call needs; `report` says why. */
class InvalidError extends SsrError {
  constructor(report) {
    const d = report.diagnostics.find((x) => x.severity === 'error') || report.diagnostics[0];
    super(Status.EINVALID, d ? `${d.code} at '${d.pointer}': ${d.message}` : 'invalid document');
    this.name = 'InvalidError';
    this.report = report;
  }
}

/**
 * A verification failed: for dsseVerify, fewer keys than the threshold
 * verified the envelope (`verified` says how many); for a bundle, an
 * attestation or a token, `report` names the failed check and where.
 */
class VerificationError extends SsrError {
  constructor(verified = 0, report = null) {
    const d = report && report.diagnostics.find((x) => x.severity === 'error');
    super(Status.EVERIFY, d ? `${d.code} at '${d.pointer}': ${d.message}`
      : `signature verification failed (${verified} key(s) verified)`);
    this.name = 'VerificationError';
    this.verified = verified;
    this.report = report;
  }
}

// What a handle (a key, a hasher, a trusted root...) holds is freed by its
// close(), or after the collector found the handle unreachable: this registry
// hands the handle's id back to the addon. Its callbacks never run during
// Node's teardown; the addon frees (and wipes) what is left open then.
const collector = new FinalizationRegistry((id) => addon.close(id));

addon.init(SsrError, InvalidError, VerificationError, collector);

// Symbol.dispose (Node 18.18 and later; a registered symbol before): `using` and disposal stacks close handles.
const DISPOSE = Symbol.dispose || Symbol.for('nodejs.dispose');

// ---- arguments ---------------------------------------------------------------

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** Data may be a string (UTF-8), a Buffer, a TypedArray or an ArrayBuffer; `name` names it in errors. */
function bytes(data, name) {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Buffer.isBuffer(data)) return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  throw new TypeError(`${name} must be a string, a Buffer, a TypedArray or an ArrayBuffer, not ${describe(data)}`);
}

function text(value, name) {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string, not ${describe(value)}`);
  if (value.includes('\0')) throw new TypeError(`${name} must not contain NUL`);
  return value;
}

/** An integer argument (number or bigint) within [low, high]: never truncated, never rounded. */
function integer(value, name, low, high) {
  if (typeof value === 'bigint') {
    if (value < BigInt(low) || value > BigInt(high)) throw new RangeError(`${name} must be within ${low}..${high}, not ${value}`);
    return Number(value);
  }
  if (typeof value !== 'number') throw new TypeError(`${name} must be an integer number or a bigint, not ${describe(value)}`);
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, not ${value}`);
  if (value < low || value > high) throw new RangeError(`${name} must be within ${low}..${high}, not ${value}`);
  return value;
}

const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

/** Unix seconds as a BigInt from a number (seconds, fractions rounded down), a bigint or a Date (by its value). */
function unixTime(now, name = 'now') {
  let t;
  if (now instanceof Date) {
    const ms = now.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`${name} is an invalid Date`);
    t = BigInt(Math.floor(ms / 1000));
  } else if (typeof now === 'bigint') {
    t = now;
  } else if (typeof now === 'number') {
    if (!Number.isFinite(now)) throw new RangeError(`${name} must be a finite number of seconds, not ${now}`);
    if (Math.abs(now) >= 2 ** 63) throw new RangeError(`${name} is outside the range of a 64-bit time`);
    t = BigInt(Math.floor(now));
  } else {
    throw new TypeError(`${name} must be a number of seconds, a bigint or a Date, not ${describe(now)}`);
  }
  if (t < INT64_MIN || t > INT64_MAX) throw new RangeError(`${name} is outside the range of a 64-bit time`);
  return t;
}

function optionsObject(options, name = 'options') {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`${name} must be an object, not ${describe(options)}`);
  return options;
}

const LIMITS = ['depth', 'size', 'string', 'array', 'members'];

/** The reader's limits ({depth, size, string, array, members}, each optional) as the addon's array, or null. */
function limitsOf(options) {
  const limits = optionsObject(options).limits;
  if (limits === undefined || limits === null) return null;
  if (typeof limits !== 'object' || Array.isArray(limits)) throw new TypeError(`limits must be an object, not ${describe(limits)}`);
  for (const key of Object.keys(limits)) {
    if (!LIMITS.includes(key)) throw new TypeError(`unknown limit '${key}' (known: ${LIMITS.join(', ')})`);
  }
  return LIMITS.map((key, i) => limits[key] === undefined ? 0
    : integer(limits[key], `limits.${key}`, 1, Math.min(addon.limitMax(i + 1), Number.MAX_SAFE_INTEGER)));
}

function kindOf(kind) {
  if (kind === undefined || kind === null) return 0;
  const k = addon.kindFromName(text(kind, 'kind'));
  if (k < 0) throw new SsrError(Status.EINVAL, `unknown kind '${kind}'`);
  return k;
}

function algOf(alg, name = 'alg') {
  const a = addon.digestFromName(text(alg, name));
  if (a < 0) throw new SsrError(Status.EINVAL, `unknown digest algorithm '${alg}'`);
  return a;
}

/** Runs `fn` so that argument errors reject the Promise instead of throwing. */
function promised(fn) {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e);
  }
}

// ---- documents -----------------------------------------------------------------

function validateArgs(data, kindOrOptions, options) {
  if (kindOrOptions !== null && typeof kindOrOptions === 'object') [kindOrOptions, options] = [kindOrOptions.kind, kindOrOptions];
  return [bytes(data, 'data'), kindOf(kindOrOptions), limitsOf(options)];
}

/**
 * Validates a document as `kind` ("release", "osv"...; null detects it):
 * validate(data), validate(data, kind), validate(data, {kind, limits}).
 */
function validate(data, kind, options) {
  return addon.validate(...validateArgs(data, kind, options), false);
}

/** validate() on the thread pool; `data` must not change until the Promise settles. */
function validateAsync(data, kind, options) {
  return promised(() => addon.validate(...validateArgs(data, kind, options), true));
}

/** RFC 8785 canonical bytes; InvalidError for input that is not strict JSON. */
function canonicalize(data, options) {
  return addon.write(bytes(data, 'data'), false, limitsOf(options), false);
}

function canonicalizeAsync(data, options) {
  return promised(() => addon.write(bytes(data, 'data'), false, limitsOf(options), true));
}

/** The pretty form (two-space indent, members in document order). */
function pretty(data, options) {
  return addon.write(bytes(data, 'data'), true, limitsOf(options), false).toString('utf8');
}

/** The JSON Schema of a native kind, as text. */
function schema(kind) {
  return addon.schema(kindOf(text(kind, 'kind')), false);
}

/** Every diagnostic code of a native kind: [{code, severity, scope}]. */
function schemaCodes(kind) {
  return addon.schema(kindOf(text(kind, 'kind')), true).split('\n').filter(Boolean).map((line) => {
    const [code, severity, scope] = line.split('\t');
    return {code, severity, scope};
  });
}

// ---- digests ---------------------------------------------------------------------

/** Lowercase hex digest: sha256 (default), sha384, sha512, blake2b-256, blake2b-512... */
function digest(data, alg = 'sha256') {
  return addon.digest(algOf(alg), bytes(data, 'data'), false);
}

function digestAsync(data, alg = 'sha256') {
  return promised(() => addon.digest(algOf(alg), bytes(data, 'data'), true));
}

function fileArgs(file, algs) {
  const list = typeof algs === 'string' ? [algs] : algs;
  if (!Array.isArray(list) || list.length === 0 || list.length > 8) throw new TypeError('algs must be a name or an array of 1 to 8 names');
  return [text(file, 'path'), list, list.map((a) => algOf(a, 'algs'))];
}

function byName(list, hexes) {
  return Object.fromEntries(list.map((a, i) => [a, hexes[i]]));
}

/** The digests of a file, read once in constant memory: {alg: hex}. */
function digestFile(file, algs = ['sha256']) {
  const [p, list, ids] = fileArgs(file, algs);
  return byName(list, addon.digestFile(p, ids, false));
}

function digestFileAsync(file, algs = ['sha256']) {
  return promised(() => {
    const [p, list, ids] = fileArgs(file, algs);
    return addon.digestFile(p, ids, true).then((hexes) => byName(list, hexes));
  });
}

/** A digest computed piece by piece: new Hasher('sha256').update(a).update(b).digest(). */
class Hasher {
  constructor(alg = 'sha256') {
    this.algorithm = alg;
    this._h = addon.hasherNew(algOf(alg));
  }

  update(data) {
    addon.hasherUpdate(this._h, bytes(data, 'data'));
    return this;
  }

  /** The lowercase hex digest; the hasher is finished after it. */
  digest() {
    const hex = addon.hasherFinal(this._h);
    addon.close(this._h);
    return hex;
  }

  /** Abandons the digest, freed now rather than when collected; calling it again does nothing. */
  close() {
    addon.close(this._h);
  }

  /** `using` (explicit resource management) closes it. */
  [DISPOSE]() {
    this.close();
  }
}

// ---- keys --------------------------------------------------------------------------

const TOKEN = Symbol('ssrmeta key');

/** An Ed25519 or managed (ECDSA, RSA) public key. */
class PublicKey {
  constructor(token, handle) {
    if (token !== TOKEN) throw new TypeError('use PublicKey.fromPem()');
    this._h = handle;
  }

  /** Parses a PEM public key (SubjectPublicKeyInfo); `name` names the argument in errors. */
  static fromPem(pem, name = 'publicKey') {
    return new PublicKey(TOKEN, addon.publicParse(bytes(pem, name), name));
  }

  /** The key id: lowercase hex SHA-256 of the DER SubjectPublicKeyInfo. */
  get id() {
    return addon.publicId(this._h);
  }

  toPem() {
    return addon.publicPem(this._h);
  }

  /** Does `signature` verify over `message` with this key, by its kind (Ed25519; ECDSA DER; RSA PKCS#1 v1.5 or PSS)? */
  verify(message, signature) {
    return addon.publicVerify(this._h, bytes(message, 'message'), bytes(signature, 'signature'));
  }

  close() {
    addon.close(this._h);
  }

  /** `using` (explicit resource management) closes it. */
  [DISPOSE]() {
    this.close();
  }
}

/**
 * An Ed25519 secret key held in libssr's guarded memory, loaded once and
 * usable for many signatures; wiped by close() or when collected.
 */
class SecretKey {
  constructor(token, handle) {
    if (token !== TOKEN) throw new TypeError('use SecretKey.generate(), fromPem() or fromFile()');
    this._h = handle;
  }

  static generate() {
    return new SecretKey(TOKEN, addon.secretGenerate());
  }

  /** Parses a PKCS#8 PEM secret key; the caller should wipe its own copy. */
  static fromPem(pem, name = 'secretKey') {
    return new SecretKey(TOKEN, addon.secretParse(bytes(pem, name), name));
  }

  /** Reads a key file (as `ssr keygen` writes it). */
  static fromFile(file) {
    return new SecretKey(TOKEN, addon.secretRead(text(file, 'path'), 'secretKey file'));
  }

  get publicKey() {
    return new PublicKey(TOKEN, addon.secretPublic(this._h));
  }

  /** The PKCS#8 PEM: a copy outside guarded memory, the caller's to protect. */
  toPem() {
    return addon.secretPem(this._h);
  }

  /** Writes a new key file, mode 0600; an existing file is never overwritten (SsrError EEXIST). */
  writeFile(file) {
    addon.secretWrite(this._h, text(file, 'path'));
  }

  close() {
    addon.close(this._h);
  }

  /** `using` (explicit resource management) closes it. */
  [DISPOSE]() {
    this.close();
  }
}

/** A new Ed25519 key pair as PEM (the secret key in PKCS#8). Prefer SecretKey.generate(). */
function generateKeypair() {
  const key = SecretKey.generate();
  try {
    const pub = key.publicKey;
    try {
      return {publicKey: pub.toPem(), secretKey: key.toPem()};
    } finally {
      pub.close();
    }
  } finally {
    key.close();
  }
}

function withSecret(key, fn) {
  if (key instanceof SecretKey) return fn(key._h);
  const k = SecretKey.fromPem(key, 'secretKey');
  try {
    return fn(k._h);
  } finally {
    k.close();
  }
}

function keyidOf(options) {
  const {keyid} = optionsObject(options);
  return keyid === undefined || keyid === null ? null : text(keyid, 'keyid');
}

// ---- DSSE --------------------------------------------------------------------------

/** A DSSE envelope (canonical JSON bytes) over `payload`, signed by `secretKey` (a SecretKey or PEM). */
function dsseSign(payload, payloadType, secretKey, options) {
  const p = bytes(payload, 'payload'), t = text(payloadType, 'payloadType'), keyid = keyidOf(options);
  return withSecret(secretKey, (h) => addon.dsseSign(p, t, h, keyid));
}

/** The envelope with one more signature over the same payload. */
function dsseAddSignature(envelope, secretKey, options) {
  const e = bytes(envelope, 'envelope'), keyid = keyidOf(options);
  return withSecret(secretKey, (h) => addon.dsseAddSignature(e, h, keyid));
}

function verifyArgs(envelope, publicKeys, threshold) {
  if (!Array.isArray(publicKeys)) throw new TypeError(`publicKeys must be an array, not ${describe(publicKeys)}`);
  const t = integer(threshold, 'threshold', 1, Number.MAX_SAFE_INTEGER);
  const owned = [];
  const handles = publicKeys.map((k, i) => {
    if (k instanceof PublicKey) return k._h;
    const key = PublicKey.fromPem(k, `publicKeys[${i}]`);
    owned.push(key);
    return key._h;
  });
  return {args: [bytes(envelope, 'envelope'), handles, t], owned};
}

/**
 * Verifies an envelope against public keys (PublicKey objects or PEM):
 * {payload, payloadType, verified}. Check payloadType before trusting the
 * payload as a document. VerificationError when fewer than `threshold`
 * distinct keys verified; InvalidError when it is not a DSSE envelope.
 */
function dsseVerify(envelope, publicKeys, threshold = 1) {
  const {args, owned} = verifyArgs(envelope, publicKeys, threshold);
  try {
    return addon.dsseVerify(...args, false);
  } finally {
    owned.forEach((k) => k.close());
  }
}

function dsseVerifyAsync(envelope, publicKeys, threshold = 1) {
  return promised(() => {
    const {args, owned} = verifyArgs(envelope, publicKeys, threshold);
    const close = () => owned.forEach((k) => k.close());
    return addon.dsseVerify(...args, true).finally(close);
  });
}

// ---- verification of what registries receive -----------------------------------------

/** A Sigstore trusted root: the ones libssr carries, or a trusted_root.json. */
class TrustedRoot {
  constructor(token, handle) {
    if (token !== TOKEN) throw new TypeError('use TrustedRoot.publicGood(), staging() or fromJson()');
    this._h = handle;
  }

  static publicGood() {
    return new TrustedRoot(TOKEN, addon.trustRoot(1));
  }

  static staging() {
    return new TrustedRoot(TOKEN, addon.trustRoot(2));
  }

  static fromJson(data) {
    return new TrustedRoot(TOKEN, addon.trustRoot(bytes(data, 'data')));
  }

  close() {
    addon.close(this._h);
  }

  /** `using` (explicit resource management) closes it. */
  [DISPOSE]() {
    this.close();
  }
}

/**
 * Who must have signed: a keyless identity and issuer (Fulcio extensions
 * required with require()), a managed key, a trusted-publisher document, or
 * PEP 740 tooling's JSON form ({identity, issuer, ...} or {github: {...}}).
 */
class VerifyPolicy {
  constructor(token, handle) {
    if (token !== TOKEN) throw new TypeError('use VerifyPolicy.identity(), key(), publisher() or fromJson()');
    this._h = handle;
  }

  static identity(identity, issuer) {
    return new VerifyPolicy(TOKEN, addon.policyIdentity(text(identity, 'identity'), text(issuer, 'issuer')));
  }

  static key(key) {
    if (key instanceof PublicKey) return new VerifyPolicy(TOKEN, addon.policyKey(key._h));
    const k = PublicKey.fromPem(key, 'key');
    try {
      return new VerifyPolicy(TOKEN, addon.policyKey(k._h));
    } finally {
      k.close();
    }
  }

  static publisher(document) {
    return new VerifyPolicy(TOKEN, addon.policyDocument(bytes(document, 'document'), true));
  }

  static fromJson(policy) {
    const isObject = policy !== null && typeof policy === 'object' && !ArrayBuffer.isView(policy) && !(policy instanceof ArrayBuffer);
    return new VerifyPolicy(TOKEN, addon.policyDocument(bytes(isObject ? JSON.stringify(policy) : policy, 'policy'), false));
  }

  /** The Fulcio extension `name` must be present and equal `value`. */
  require(name, value) {
    addon.policyRequire(this._h, text(name, 'name'), text(value, 'value'));
    return this;
  }

  /** Would this certificate (PEM or DER) satisfy the policy? No chain, time or signature: VerificationError when not. */
  check(certificate) {
    return JSON.parse(addon.policyCheck(this._h, bytes(certificate, 'certificate')));
  }

  close() {
    addon.close(this._h);
  }

  /** `using` (explicit resource management) closes it. */
  [DISPOSE]() {
    this.close();
  }
}

const VERIFY = {bundle: 1, pep740: 2, npm: 3};

// Sigstore's public-good root, loaded on first use and kept for the process: loading it costs about 11 ms.
let publicGoodRoot = null;
function defaultRoot() {
  if (publicGoodRoot === null) publicGoodRoot = TrustedRoot.publicGood();
  return publicGoodRoot;
}

function verificationArgs(mode, data, name, keys, options) {
  const o = optionsObject(options);
  const given = ['data', 'path', 'digests'].filter((k) => o[k] !== undefined);
  if (given.length !== 1) throw new TypeError('give the artifact as exactly one of options.data, options.path and options.digests');
  if (mode !== VERIFY.npm && !(o.policy instanceof VerifyPolicy)) {
    throw new TypeError(`options.policy must be a VerifyPolicy, not ${describe(o.policy)}`);
  }
  if (o.root !== undefined && !(o.root instanceof TrustedRoot)) throw new TypeError(`options.root must be a TrustedRoot, not ${describe(o.root)}`);
  const [, artifactData, artifactPath, digests] = matchArgs('{}', {[given[0]]: o[given[0]]});
  const root = o.root || defaultRoot();
  const now = unixTime(o.now === undefined ? Date.now() / 1000 : o.now, 'options.now');
  const count = (key) => {
    if (o[key] === undefined) return -1;
    if (!Number.isInteger(o[key]) || o[key] < 0 || o[key] > 64) throw new RangeError(`options.${key} must be an integer from 0 to 64`);
    return o[key];
  };
  return {
    args: [mode, root._h, mode === VERIFY.npm ? null : o.policy._h, data, name, keys, artifactData, artifactPath, digests, now,
      count('minLogEntries'), count('minSignedTimes'), o.requireSct !== false],
  };
}

function runVerify(async, mode, data, name, keys, options) {
  const {args} = verificationArgs(mode, data, name, keys, options);
  if (!async) return JSON.parse(addon.verify(...args, false));
  return addon.verify(...args, true).then(JSON.parse);
}

/**
 * Verifies a Sigstore bundle over an artifact against options.policy and a
 * trusted root (options.root, Sigstore's public-good one by default) at
 * options.now (default: now). The artifact is options.data, options.path or
 * options.digests ({sha256: hex}). Returns what was verified: {verified,
 * attestations: [{identity, extensions, times, tlog_entries, digest, payload_type,
 * statement...}]}. VerificationError (its report names the failed check),
 * InvalidError for a bundle that is not one.
 */
function verifyBundle(bundle, options) {
  return runVerify(false, VERIFY.bundle, bytes(bundle, 'bundle'), null, null, options);
}

function verifyBundleAsync(bundle, options) {
  return promised(() => runVerify(true, VERIFY.bundle, bytes(bundle, 'bundle'), null, null, options));
}

/** PEP 740 attestations (an attestation, a provenance object or a bundle) of the distribution file `filename`. */
function verifyPep740(attestation, filename, options) {
  return runVerify(false, VERIFY.pep740, bytes(attestation, 'attestation'), text(filename, 'filename'), null, options);
}

function verifyPep740Async(attestation, filename, options) {
  return promised(() => runVerify(true, VERIFY.pep740, bytes(attestation, 'attestation'), text(filename, 'filename'), null, options));
}

/** The npm registry's attestations for `pkg` ("NAME@VERSION") against the tarball and the registry's keys. */
function verifyNpm(attestations, pkg, keys, options) {
  return runVerify(false, VERIFY.npm, bytes(attestations, 'attestations'), text(pkg, 'package'), bytes(keys, 'keys'), options);
}

function verifyNpmAsync(attestations, pkg, keys, options) {
  return promised(() => runVerify(true, VERIFY.npm, bytes(attestations, 'attestations'), text(pkg, 'package'), bytes(keys, 'keys'), options));
}

/** A JSON Web Key Set: the keys an OIDC issuer signs its ID tokens with. */
class Jwks {
  constructor(token, handle) {
    if (token !== TOKEN) throw new TypeError('use Jwks.fromJson()');
    this._h = handle;
  }

  static fromJson(data) {
    return new Jwks(TOKEN, addon.jwks(bytes(data, 'data')));
  }

  close() {
    addon.close(this._h);
  }

  /** `using` (explicit resource management) closes it. */
  [DISPOSE]() {
    this.close();
  }
}

function matchOf(r) {
  for (const k of Object.keys(r.bound)) r.bound[k] = JSON.parse(r.bound[k]);
  return r;
}

/**
 * Trusted publishing end to end: the ID token's signature against `jwks`,
 * then its claims against the trusted-publisher `policy` at `now` (default:
 * now): {match, alg, kid, claims}. VerificationError (its report says why)
 * when the token itself is refused.
 */
function tpVerifyToken(policy, jwks, token, now) {
  if (!(jwks instanceof Jwks)) throw new TypeError(`jwks must be a Jwks, not ${describe(jwks)}`);
  const r = addon.tpVerifyToken(bytes(policy, 'policy'), jwks._h, bytes(token, 'token'),
    unixTime(now === undefined ? Date.now() / 1000 : now));
  return {match: matchOf(r.match), alg: r.alg, kid: r.kid, claims: JSON.parse(r.claims)};
}

/** The signature layer of a compact JWS alone: the verified payload (a Buffer); VerificationError otherwise. */
function jwsVerify(jwks, token) {
  if (!(jwks instanceof Jwks)) throw new TypeError(`jwks must be a Jwks, not ${describe(jwks)}`);
  return addon.jwsVerify(jwks._h, bytes(token, 'token'));
}

/** A token's header and claims, decoded and NOT verified: {verified: false, header, claims, signature_bytes}. */
function tpDecodeToken(token) {
  return JSON.parse(addon.tpDecodeToken(bytes(token, 'token')));
}

/** The DSSE pre-authentication encoding: what a DSSE signature is over. */
function dssePae(payloadType, payload) {
  return addon.dssePae(text(payloadType, 'payloadType'), bytes(payload, 'payload'));
}

/** The size in bytes of a digest algorithm's output (sha256: 32). */
function digestSize(alg) {
  return addon.digestSize(algOf(alg));
}

function purlOf([components, canonical]) {
  return {...JSON.parse(components), canonical};
}

/** A package URL's decoded, normalized components and canonical string; InvalidError when it is not one. */
function purlParse(purl, {repair = false} = {}) {
  return purlOf(addon.purl(bytes(text(purl, 'purl'), 'purl'), repair ? 1 : 0));
}

/** The canonical string of a package URL. */
function purlCanonical(purl) {
  return purlParse(purl).canonical;
}

/** A package URL from its components ({type, namespace, name, version, qualifiers, subpath}). */
function purlBuild(components) {
  const {canonical, ...rest} = components; // eslint-disable-line no-unused-vars
  return purlOf(addon.purl(bytes(JSON.stringify(rest), 'components'), 2));
}

// ---- subject matching -----------------------------------------------------------

function matchArgs(document, artifact) {
  const doc = bytes(document, 'document');
  if (artifact === null || typeof artifact !== 'object' || Array.isArray(artifact) || ArrayBuffer.isView(artifact)) {
    throw new TypeError(`artifact must be {data}, {path} or {digests}, not ${describe(artifact)}`);
  }
  const given = ['data', 'path', 'digests'].filter((k) => artifact[k] !== undefined);
  if (given.length !== 1) throw new TypeError('artifact must have exactly one of data, path and digests');
  const data = artifact.data !== undefined ? bytes(artifact.data, 'artifact.data') : null;
  const file = artifact.path !== undefined ? text(artifact.path, 'artifact.path') : null;
  let digests = [];
  if (artifact.digests !== undefined) {
    if (artifact.digests === null || typeof artifact.digests !== 'object') throw new TypeError('artifact.digests must be an object {alg: hex}');
    digests = Object.entries(artifact.digests).map(([alg, hex]) => [text(alg, 'artifact.digests'), text(hex, `artifact.digests.${alg}`)]);
    if (digests.length === 0 || digests.length > 4) throw new RangeError('artifact.digests must hold 1 to 4 digests');
  }
  return [doc, data, file, digests];
}

/**
 * Which subject of a Statement (or of the Statement in an envelope, not
 * verified here) or artifact of a release the artifact matches: its index,
 * or -1. `artifact` is {data}, {path} (read in constant memory) or
 * {digests: {alg: hex}}.
 */
function matchSubject(document, artifact) {
  return addon.matchSubject(...matchArgs(document, artifact), false);
}

function matchSubjectAsync(document, artifact) {
  return promised(() => addon.matchSubject(...matchArgs(document, artifact), true));
}

// ---- trusted publishing and profiles ------------------------------------------------

/**
 * Matches OIDC token claims (JSON text, bytes or an object) against a
 * trusted-publisher policy at `now` (seconds as a number or bigint, or a
 * Date). Options: {partialClaims} for test extracts holding only some claims.
 */
function tpMatch(policy, claims, now, options) {
  const p = bytes(policy, 'policy');
  const isObject = claims !== null && typeof claims === 'object' && !ArrayBuffer.isView(claims) && !(claims instanceof ArrayBuffer);
  const c = bytes(isObject ? JSON.stringify(claims) : claims, 'claims');
  const {partialClaims = false} = optionsObject(options);
  if (typeof partialClaims !== 'boolean') throw new TypeError('partialClaims must be a boolean');
  return matchOf(addon.tpMatch(p, c, unixTime(now), partialClaims ? 1 : 0));
}

/**
 * The policy as matching applies it, typed blocks compiled:
 * {token: {iss, aud, leeway_seconds...}, conditions: [{claim, op, value[, bind_on_first_use]}]}.
 */
function tpExplain(policy) {
  const [token, ...conditions] = addon.tpExplain(bytes(policy, 'policy')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return {token: token.token, conditions};
}

/** The maturity levels of a repository-profile: {tracks: {...}, overall: N}. */
function profileLevels(profile, options) {
  return JSON.parse(addon.profileLevels(bytes(profile, 'profile'), limitsOf(options)));
}

const PANEL_LEVELS = {a: 1, aa: 2, aaa: 3};
const PANEL_STYLES = {plain: 0, pypi: 1, npm: 2};
const COMPARE_FORMATS = {text: 0, md: 1, html: 2, svg: 3};

function choice(value, choices, name) {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string, not ${describe(value)}`);
  if (!Object.prototype.hasOwnProperty.call(choices, value)) {
    throw new RangeError(`${name} must be one of ${Object.keys(choices).join(', ')}, not '${value}'`);
  }
  return choices[value];
}

/**
 * The provenance panel of a verified artifact: one self-contained HTML
 * fragment. `result` is what verifyBundle, verifyPep740 or verifyNpm
 * returned (an object, or its JSON); `release` the release/v1 document (or
 * null). Options: {level: 'a'|'aa'|'aaa', style: 'plain'|'pypi'|'npm',
 * lang: BCP 47 tag (en, de, ja, ar), limits}.
 */
function renderPanel(result, release, options) {
  const isObject = result !== null && typeof result === 'object' && !ArrayBuffer.isView(result) && !(result instanceof ArrayBuffer);
  const r = bytes(isObject ? JSON.stringify(result) : result, 'result');
  const rel = release === undefined || release === null ? null : bytes(release, 'release');
  const {level = 'a', style = 'plain', lang = 'en'} = optionsObject(options);
  return addon.renderPanel(r, rel, choice(level, PANEL_LEVELS, 'level'), choice(style, PANEL_STYLES, 'style'),
    Buffer.from(text(lang, 'lang'), 'utf8'), limitsOf(options));
}

/**
 * Repository profiles side by side. Options: {format: 'text'|'md'|'html'|'svg', limits}.
 * An invalid profile throws an InvalidError whose `index` says which.
 */
function renderProfiles(profiles, options) {
  if (!Array.isArray(profiles)) throw new TypeError(`profiles must be an array, not ${describe(profiles)}`);
  if (profiles.length < 1 || profiles.length > 64) throw new RangeError(`between 1 and 64 profiles, not ${profiles.length}`);
  const docs = profiles.map((p, i) => bytes(p, `profiles[${i}]`));
  const {format = 'text'} = optionsObject(options);
  return addon.renderProfiles(docs, choice(format, COMPARE_FORMATS, 'format'), limitsOf(options));
}

/** The library's version, e.g. "0.1.0". */
function version() {
  return addon.version().library;
}

/** The library every ECDSA check goes to, with its version: "aws-lc 5.12.0", or OpenSSL's version text. */
function cryptoBackend() {
  return addon.version().cryptoBackend;
}

// ---- TUF: trust kept current (ssr/tuf.h) ----------------------------------------------------------
//
// Every call opens the trusted directory afresh (the metadata lives on disk),
// fetches through libcurl, and has an Async variant that runs on the thread
// pool. A refusal is an SsrError whose `rule` names the rule
// ('tuf.timestamp.expired', 'tuf.cache.expired'...) and `report` holds it.

const TUF = Object.freeze({init: 1, refresh: 2, targetInfo: 3, download: 4, load: 5, sigstoreRefresh: 6, sigstoreLoad: 7});

function optText(value, name) {
  return value === undefined || value === null ? null : text(value, name);
}

function runTuf(async, mode, dir, o, extra = {}) {
  o = o || {};
  const now = o.now === undefined || o.now === null ? null : unixTime(o.now, 'options.now');
  const root = extra.root === undefined || extra.root === null ? null : bytes(extra.root, extra.rootName || 'root');
  return addon.tuf(mode, text(dir, extra.dirName || 'metadataDir'), optText(extra.metadataUrl, 'metadataUrl'),
    optText(extra.targetsUrl, 'targetsUrl'), now, optText(extra.target, 'target'),
    optText(extra.targetDir, 'targetDir'), root, Boolean(o.staging), async);
}

/** Starts a trusted metadata directory with `root` (a root.json); never overwrites one. */
function tufInit(metadataDir, root) {
  runTuf(false, TUF.init, metadataDir, {}, {root});
}

/** The client workflow's refresh of root, timestamp, snapshot and targets. options: {now}. */
function tufRefresh(metadataDir, metadataUrl, options) {
  runTuf(false, TUF.refresh, metadataDir, options, {metadataUrl: text(metadataUrl, 'metadataUrl')});
}

function tufRefreshAsync(metadataDir, metadataUrl, options) {
  return promised(() => runTuf(true, TUF.refresh, metadataDir, options, {metadataUrl: text(metadataUrl, 'metadataUrl')}))
    .then(() => undefined);
}

/** Verifies the cached metadata, fetching nothing (rule 'tuf.cache.expired' once it expires). */
function tufLoadCached(metadataDir, options) {
  runTuf(false, TUF.load, metadataDir, options, {metadataUrl: 'cache:'});
}

/** A target's description ({length, hashes, custom}) found through the delegations, after a refresh. */
function tufTargetInfo(metadataDir, metadataUrl, target, options) {
  return JSON.parse(runTuf(false, TUF.targetInfo, metadataDir, options,
    {metadataUrl: text(metadataUrl, 'metadataUrl'), target: text(target, 'target')}));
}

function tufDownloadArgs(metadataUrl, targetsUrl, target, targetDir) {
  return {metadataUrl: text(metadataUrl, 'metadataUrl'), targetsUrl: text(targetsUrl, 'targetsUrl'),
    target: text(target, 'target'), targetDir: text(targetDir, 'targetDir')};
}

/** Refreshes, then stores `target` verified in targetDir (not fetched again when a file there matches); its path. */
function tufDownload(metadataDir, metadataUrl, targetsUrl, target, targetDir, options) {
  return runTuf(false, TUF.download, metadataDir, options, tufDownloadArgs(metadataUrl, targetsUrl, target, targetDir));
}

function tufDownloadAsync(metadataDir, metadataUrl, targetsUrl, target, targetDir, options) {
  return promised(() => runTuf(true, TUF.download, metadataDir, options,
    tufDownloadArgs(metadataUrl, targetsUrl, target, targetDir)));
}

function sigstoreArgs(o) {
  o = o || {};
  return {dirName: 'cacheDir', root: o.tufRoot, rootName: 'options.tufRoot', metadataUrl: o.metadataUrl, targetsUrl: o.targetsUrl};
}

/**
 * Refreshes a Sigstore trust cache: TUF metadata from Sigstore's repository
 * (public-good, or staging with {staging: true}), then trusted_root.json and
 * npm's registry keys. options: {staging, tufRoot, metadataUrl, targetsUrl, now}.
 */
function sigstoreTrustRefresh(cacheDir, options) {
  runTuf(false, TUF.sigstoreRefresh, cacheDir, options, sigstoreArgs(options));
}

function sigstoreTrustRefreshAsync(cacheDir, options) {
  return promised(() => runTuf(true, TUF.sigstoreRefresh, cacheDir, options, sigstoreArgs(options))).then(() => undefined);
}

function loaded([handle, npmKeys]) {
  return {root: new TrustedRoot(TOKEN, handle), npmKeys};
}

/** {root: TrustedRoot, npmKeys: Buffer | null} of a refreshed cache, verified again without fetching. options: {staging, now}. */
function sigstoreTrustLoad(cacheDir, options) {
  return loaded(runTuf(false, TUF.sigstoreLoad, cacheDir, options, {dirName: 'cacheDir'}));
}

function sigstoreTrustLoadAsync(cacheDir, options) {
  return promised(() => runTuf(true, TUF.sigstoreLoad, cacheDir, options, {dirName: 'cacheDir'})).then(loaded);
}

module.exports = {
  Status, SsrError, InvalidError, VerificationError, Hasher, PublicKey, SecretKey,
  version, cryptoBackend, validate, validateAsync, canonicalize, canonicalizeAsync, pretty, schema, schemaCodes,
  digest, digestAsync, digestFile, digestFileAsync, generateKeypair,
  dsseSign, dsseAddSignature, dsseVerify, dsseVerifyAsync, matchSubject, matchSubjectAsync,
  tpMatch, tpExplain, profileLevels, renderPanel, renderProfiles,
  TrustedRoot, VerifyPolicy, Jwks, verifyBundle, verifyBundleAsync, verifyPep740, verifyPep740Async,
  verifyNpm, verifyNpmAsync, tpVerifyToken, jwsVerify, tpDecodeToken, dssePae, digestSize,
  purlParse, purlCanonical, purlBuild,
  tufInit, tufRefresh, tufRefreshAsync, tufLoadCached, tufTargetInfo, tufDownload, tufDownloadAsync,
  sigstoreTrustRefresh, sigstoreTrustRefreshAsync, sigstoreTrustLoad, sigstoreTrustLoadAsync,
  _internal: {checkVersion, openHandles: () => addon.openHandles()},
};
