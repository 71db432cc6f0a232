// SPDX-License-Identifier: Apache-2.0
'use strict';
// libssr for Node.js: validate, canonicalize, sign and verify package-registry
// security metadata. Every verdict comes from the C library (loaded with
// koffi from $SSR_LIBRARY, else this tree's build/lib, else the system);
// this module only converts arguments and results.

const fs = require('fs');
const path = require('path');
const koffi = require('koffi');

function load() {
  if (process.env.SSR_LIBRARY) return koffi.load(process.env.SSR_LIBRARY);
  const errors = [];
  const candidates = [path.join(__dirname, '..', '..', 'build', 'lib', 'libssr.so.0'), 'libssr.so.0'];
  for (const candidate of candidates) {
    if (candidate.includes('/') && !fs.existsSync(candidate)) continue;
    try {
      return koffi.load(candidate);
    } catch (e) {
      errors.push(`${candidate}: ${e.message}`);
    }
  }
  throw new Error(`cannot load libssr (set SSR_LIBRARY to its path): ${errors.join('; ')}`);
}

const lib = load();
koffi.opaque('ssr_report');
koffi.opaque('ssr_doc');
koffi.opaque('ssr_secret_key');
koffi.opaque('ssr_public_key');
koffi.opaque('ssr_keyring');
koffi.opaque('ssr_tp_result');
koffi.opaque('ssr_levels');

const c = {
  version: lib.func('const char *ssr_version(void)'),
  strerror: lib.func('const char *ssr_strerror(int status)'),
  free: lib.func('void ssr_free(void *ptr)'),
  kindFromName: lib.func('int ssr_kind_from_name(const void *name, size_t len)'),
  validate: lib.func('int ssr_validate(const void *data, size_t len, int kind, const void *opts, _Out_ ssr_report **report)'),
  reportToJson: lib.func('int ssr_report_to_json(const ssr_report *report, _Out_ void **out, _Out_ size_t *len)'),
  reportFree: lib.func('void ssr_report_free(ssr_report *report)'),
  docParse: lib.func('int ssr_doc_parse(const void *data, size_t len, const void *opts, _Out_ ssr_doc **doc, _Out_ ssr_report **report)'),
  docCanonical: lib.func('int ssr_doc_canonical(const ssr_doc *doc, _Out_ void **out, _Out_ size_t *len)'),
  docPretty: lib.func('int ssr_doc_pretty(const ssr_doc *doc, _Out_ void **out, _Out_ size_t *len)'),
  docFree: lib.func('void ssr_doc_free(ssr_doc *doc)'),
  digestFromName: lib.func('int ssr_digest_from_name(const void *name, size_t len)'),
  digest: lib.func('int ssr_digest(int alg, const void *data, size_t len, _Out_ void **hex)'),
  secretGenerate: lib.func('int ssr_secret_key_generate(_Out_ ssr_secret_key **key)'),
  secretParse: lib.func('int ssr_secret_key_parse(const void *data, size_t len, _Out_ ssr_secret_key **key)'),
  secretPem: lib.func('int ssr_secret_key_pem(const ssr_secret_key *key, _Out_ void **pem, _Out_ size_t *len)'),
  secretPublic: lib.func('int ssr_secret_key_public(const ssr_secret_key *key, _Out_ ssr_public_key **pub)'),
  secretKeyFree: lib.func('void ssr_secret_key_free(ssr_secret_key *key)'),
  secretFree: lib.func('void ssr_secret_free(void *secret)'),
  publicParse: lib.func('int ssr_public_key_parse(const void *data, size_t len, _Out_ ssr_public_key **key)'),
  publicPem: lib.func('int ssr_public_key_pem(const ssr_public_key *key, _Out_ void **pem, _Out_ size_t *len)'),
  publicFree: lib.func('void ssr_public_key_free(ssr_public_key *key)'),
  keyringNew: lib.func('ssr_keyring *ssr_keyring_new(void)'),
  keyringAdd: lib.func('int ssr_keyring_add(ssr_keyring *ring, const ssr_public_key *key)'),
  keyringFree: lib.func('void ssr_keyring_free(ssr_keyring *ring)'),
  dsseSign: lib.func('int ssr_dsse_sign(const void *payload, size_t payload_len, const void *type, size_t type_len, const ssr_secret_key *key, const void *keyid, size_t keyid_len, _Out_ void **env, _Out_ size_t *env_len)'),
  dsseVerify: lib.func('int ssr_dsse_verify(const void *env, size_t len, const ssr_keyring *ring, size_t threshold, _Out_ void **payload, _Out_ size_t *payload_len, _Out_ void **type, _Out_ size_t *verified, _Out_ ssr_report **report)'),
  tpMatch: lib.func('int ssr_tp_match(const void *policy, size_t policy_len, const void *claims, size_t claims_len, int64_t now, unsigned int flags, _Out_ ssr_tp_result **result, _Out_ ssr_report **report)'),
  tpResultToJson: lib.func('int ssr_tp_result_to_json(const ssr_tp_result *result, _Out_ void **out, _Out_ size_t *len)'),
  tpResultFree: lib.func('void ssr_tp_result_free(ssr_tp_result *result)'),
  profileLevels: lib.func('int ssr_profile_levels(const void *data, size_t len, const void *opts, _Out_ ssr_levels **levels, _Out_ ssr_report **report)'),
  levelsToJson: lib.func('int ssr_levels_to_json(const ssr_levels *levels, _Out_ void **out, _Out_ size_t *len)'),
  levelsFree: lib.func('void ssr_levels_free(ssr_levels *levels)'),
};

const OK = 0, EINVAL = -1, ENOMEM = -2, EINVALID = -3, EVERIFY = -6;

/** A failed libssr call; `status` is the library's status code. */
class SsrError extends Error {
  constructor(status, message) {
    super(message || c.strerror(status));
    this.name = 'SsrError';
    this.status = status;
  }
}

/** The input is not a valid document of the kind the call needs; `report` says why. */
class InvalidError extends SsrError {
  constructor(report) {
    const d = report.diagnostics[0];
    super(EINVALID, d ? `${d.code} at '${d.pointer}': ${d.message}` : 'invalid document');
    this.name = 'InvalidError';
    this.report = report;
  }
}

/** Fewer distinct keys than the threshold verified the envelope. */
class VerificationError extends SsrError {
  constructor(verified) {
    super(EVERIFY, `signature verification failed (${verified} key(s) verified)`);
    this.name = 'VerificationError';
    this.verified = verified;
  }
}

const EMPTY = Buffer.alloc(1); // stands in for zero-length input, so that C never sees NULL

/** Data may be a string (UTF-8), a Buffer or a Uint8Array; `name` names the argument in errors. */
function bytes(data, name = 'data') {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError(`${name} must be a string, a Buffer or a Uint8Array, not ${data === null ? 'null' : typeof data}`);
}

/** A count argument: an integer number (or bigint) within [low, high], never truncated. */
function integer(value, name, low, high) {
  if (typeof value === 'bigint') {
    if (value < BigInt(low) || value > BigInt(high)) throw new RangeError(`${name} must be within ${low}..${high}`);
    return Number(value);
  }
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, not ${typeof value}`);
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, not ${value}`);
  if (value < low || value > high) throw new RangeError(`${name} must be within ${low}..${high}, not ${value}`);
  return value;
}

const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;

/** Unix seconds as a BigInt from a number (seconds, fractions rounded down), a bigint or a Date (by its value). */
function unixTime(now) {
  let t;
  if (now instanceof Date) {
    const ms = now.getTime();
    if (Number.isNaN(ms)) throw new RangeError('now is an invalid Date');
    t = BigInt(Math.floor(ms / 1000));
  } else if (typeof now === 'bigint') {
    t = now;
  } else if (typeof now === 'number') {
    if (!Number.isFinite(now)) throw new RangeError(`now must be a finite number of seconds, not ${now}`);
    t = BigInt(Math.floor(now));
  } else {
    throw new TypeError(`now must be a number of seconds, a bigint or a Date, not ${now === null ? 'null' : typeof now}`);
  }
  if (t < INT64_MIN || t > INT64_MAX) throw new RangeError('now is outside the range of a 64-bit time');
  return t;
}

function ptrOf(b) {
  return b.length ? b : EMPTY;
}

function check(status) {
  if (status !== OK) throw new SsrError(status);
}

/** Copies an ssr-allocated buffer and frees it. */
function take(ptr, len) {
  try {
    return Buffer.from(koffi.decode(ptr, koffi.array('uint8_t', Number(len))));
  } finally {
    c.free(ptr);
  }
}

function toJson(fn, handle) {
  const out = [null], len = [0];
  check(fn(handle, out, len));
  return JSON.parse(take(out[0], len[0]).toString('utf8'));
}

function reportOf(handle) {
  try {
    const obj = toJson(c.reportToJson, handle);
    return {valid: obj.valid, kind: obj.kind, diagnostics: obj.diagnostics};
  } finally {
    c.reportFree(handle);
  }
}

/** Turns a status and its report (freed here) into a thrown error or nothing. */
function outcome(status, report) {
  if (status === EINVALID && report) throw new InvalidError(reportOf(report));
  if (report) c.reportFree(report);
  check(status);
}

function version() {
  return c.version();
}

function validate(data, kind = null) {
  let k = 0;
  if (kind !== null && kind !== undefined) {
    const name = Buffer.from(kind);
    k = c.kindFromName(name, name.length);
    if (k < 0) throw new SsrError(EINVAL, `unknown kind '${kind}'`);
  }
  const b = bytes(data);
  const report = [null];
  check(c.validate(ptrOf(b), b.length, k, null, report));
  return reportOf(report[0]);
}

function write(data, writer) {
  const b = bytes(data);
  const doc = [null], report = [null];
  outcome(c.docParse(ptrOf(b), b.length, null, doc, report), report[0]);
  try {
    const out = [null], len = [0];
    check(writer(doc[0], out, len));
    return take(out[0], len[0]);
  } finally {
    c.docFree(doc[0]);
  }
}

function canonicalize(data) {
  return write(data, c.docCanonical);
}

function pretty(data) {
  return write(data, c.docPretty).toString('utf8');
}

function digest(data, alg = 'sha256') {
  const name = Buffer.from(alg);
  const a = c.digestFromName(name, name.length);
  if (a <= 0) throw new SsrError(EINVAL, `unknown digest algorithm '${alg}'`);
  const b = bytes(data);
  const hex = [null];
  check(c.digest(a, ptrOf(b), b.length, hex));
  try {
    return koffi.decode(hex[0], 'char', -1);
  } finally {
    c.free(hex[0]);
  }
}

function generateKeypair() {
  const key = [null];
  check(c.secretGenerate(key));
  try {
    const pub = [null];
    check(c.secretPublic(key[0], pub));
    let publicKey;
    try {
      const out = [null], len = [0];
      check(c.publicPem(pub[0], out, len));
      publicKey = take(out[0], len[0]);
    } finally {
      c.publicFree(pub[0]);
    }
    const out = [null], len = [0];
    check(c.secretPem(key[0], out, len));
    let secretKey;
    try {
      secretKey = Buffer.from(koffi.decode(out[0], koffi.array('uint8_t', Number(len[0]))));
    } finally {
      c.secretFree(out[0]); // wiped; the copy is the caller's
    }
    return {publicKey, secretKey};
  } finally {
    c.secretKeyFree(key[0]); // wiped
  }
}

function dsseSign(payload, payloadType, secretKeyPem) {
  const pem = bytes(secretKeyPem);
  const key = [null];
  check(c.secretParse(ptrOf(pem), pem.length, key));
  try {
    const p = bytes(payload), t = Buffer.from(payloadType);
    const out = [null], len = [0];
    check(c.dsseSign(ptrOf(p), p.length, ptrOf(t), t.length, key[0], null, 0, out, len));
    return take(out[0], len[0]);
  } finally {
    c.secretKeyFree(key[0]);
  }
}

function dsseVerify(envelope, publicKeys, threshold = 1) {
  threshold = integer(threshold, 'threshold', 1, Number.MAX_SAFE_INTEGER);
  const ring = c.keyringNew();
  if (!ring) throw new SsrError(ENOMEM);
  try {
    for (const pem of publicKeys) {
      const b = bytes(pem, 'public key');
      const key = [null];
      check(c.publicParse(ptrOf(b), b.length, key));
      try {
        check(c.keyringAdd(ring, key[0]));
      } finally {
        c.publicFree(key[0]);
      }
    }
    const e = bytes(envelope, 'envelope');
    const payload = [null], len = [0], type = [null], verified = [0], report = [null];
    const status = c.dsseVerify(ptrOf(e), e.length, ring, threshold, payload, len, type, verified, report);
    if (status === EVERIFY) {
      if (report[0]) c.reportFree(report[0]);
      throw new VerificationError(Number(verified[0]));
    }
    outcome(status, report[0]);
    c.free(type[0]);
    return take(payload[0], len[0]);
  } finally {
    c.keyringFree(ring);
  }
}

function tpMatch(policy, claims, now) {
  const p = bytes(policy, 'policy');
  const cl = bytes(claims !== null && typeof claims === 'object' && !Buffer.isBuffer(claims) &&
    !(claims instanceof Uint8Array) ? JSON.stringify(claims) : claims, 'claims');
  const t = unixTime(now);
  const result = [null], report = [null];
  outcome(c.tpMatch(ptrOf(p), p.length, ptrOf(cl), cl.length, t, 0, result, report), report[0]);
  try {
    const obj = toJson(c.tpResultToJson, result[0]);
    const failed = obj.failed || {};
    return {
      matched: obj.matched, jti: obj.jti ?? null, failedClaim: failed.claim ?? null,
      failedOp: failed.op ?? null, failedReason: failed.reason ?? null, bound: obj.bound || {},
    };
  } finally {
    c.tpResultFree(result[0]);
  }
}

function profileLevels(profile) {
  const b = bytes(profile);
  const levels = [null], report = [null];
  outcome(c.profileLevels(ptrOf(b), b.length, null, levels, report), report[0]);
  try {
    return toJson(c.levelsToJson, levels[0]);
  } finally {
    c.levelsFree(levels[0]);
  }
}

module.exports = {
  SsrError, InvalidError, VerificationError,
  version, validate, canonicalize, pretty, digest, generateKeypair, dsseSign, dsseVerify, tpMatch, profileLevels,
};
