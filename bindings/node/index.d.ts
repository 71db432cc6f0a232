// SPDX-License-Identifier: Apache-2.0
/// <reference types="node" />
// ssrmeta: libssr for Node.js. Data is a string (UTF-8), a Buffer, a
// TypedArray or an ArrayBuffer. Async variants read their Buffers on the
// thread pool: do not change them until the Promise settles.

export type Data = string | Buffer | ArrayBufferView | ArrayBuffer;
/** Unix seconds (fractions rounded down), a bigint, or a Date by its value. */
export type Time = number | bigint | Date;

export interface Diagnostic {
  severity: 'error' | 'warning';
  code: string;
  pointer: string;
  line: number;
  column: number;
  message: string;
  /** Set when the diagnostic is inside a decoded payload (DSSE). */
  payload_pointer?: string;
}

export interface Report {
  valid: boolean;
  kind: string;
  diagnostics: Diagnostic[];
}

/** The reader's limits; each omitted one keeps its default. */
export interface Limits {
  depth?: number;
  size?: number;
  string?: number;
  array?: number;
  members?: number;
}

export interface ReadOptions {
  limits?: Limits;
}

export interface ValidateOptions extends ReadOptions {
  /** "release", "osv"...; null or omitted detects the kind. */
  kind?: string | null;
}

export interface MatchResult {
  matched: boolean;
  jti: string | null;
  failedClaim: string | null;
  failedOp: string | null;
  failedReason: string | null;
  /** Values bound on first use (only in a matching result). */
  bound: Record<string, unknown>;
  conditionsHeld: number;
}

export interface Verified {
  payload: Buffer;
  /** What the payload was signed as: check it before reading the payload as a document. */
  payloadType: string;
  verified: number;
}

export interface Track {
  applies: boolean;
  level: number | null;
  next_missing: string[];
}

export interface Levels {
  tracks: Record<'authentication' | 'authorization' | 'general' | 'cli', Track>;
  overall: number;
}

export interface Explanation {
  token: Record<string, unknown>;
  conditions: Array<{ claim: string; op: string; value?: unknown; bind_on_first_use?: boolean }>;
}

/** An artifact by its bytes, a file read in constant memory, or known digests. */
export type Artifact = { data: Data } | { path: string } | { digests: Record<string, string> };

export const Status: Readonly<{
  OK: 0; EINVAL: -1; ENOMEM: -2; EINVALID: -3; ERANGE: -4; EIO: -5; EVERIFY: -6; ENOMATCH: -7; EEXIST: -8; ECRYPTO: -9;
}>;

/** A failed libssr call; `status` is one of `Status`. */
export class SsrError extends Error {
  status: number;
  /** The status's name: 'SSR_EINVALID', 'SSR_EVERIFY', 'SSR_ENOMATCH'... */
  code: string;
  /** A TUF refusal's rule ('tuf.timestamp.expired'...); its `report` holds the diagnostic. */
  rule?: string;
  report?: Report | null;
}
/** The input is not a valid document of the kind the call needs; `report` says why. */
export class InvalidError extends SsrError {
  report: Report;
}
/** A verification failed: `verified` keys for dsseVerify; `report` names the failed check for the others. */
export class VerificationError extends SsrError {
  verified: number;
  report: Report | null;
}

/** A digest computed piece by piece. */
export class Hasher {
  constructor(alg?: string);
  readonly algorithm: string;
  update(data: Data): this;
  /** The lowercase hex digest; the hasher is finished after it. */
  digest(): string;
  /** Abandons the digest. */
  close(): void;
  /** Closes it (`using`). */
  [Symbol.dispose](): void;
}

/** An Ed25519, ECDSA P-256/P-384 or RSA public key. */
export class PublicKey {
  private constructor();
  static fromPem(pem: Data, name?: string): PublicKey;
  /** Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo. */
  readonly id: string;
  toPem(): Buffer;
  /** Does `signature` verify over `message` with this key? */
  verify(message: Data, signature: Data): boolean;
  close(): void;
  /** Closes it (`using`). */
  [Symbol.dispose](): void;
}

/** An Ed25519 secret key in guarded memory, wiped by close() or when collected. */
export class SecretKey {
  private constructor();
  static generate(): SecretKey;
  static fromPem(pem: Data, name?: string): SecretKey;
  static fromFile(path: string): SecretKey;
  readonly publicKey: PublicKey;
  /** A copy of the PKCS#8 PEM outside guarded memory, the caller's to protect. */
  toPem(): Buffer;
  /** A new 0600 file, never overwriting one (SsrError EEXIST). */
  writeFile(path: string): void;
  close(): void;
  /** Closes it (`using`). */
  [Symbol.dispose](): void;
}

export function version(): string;
/** The library every ECDSA check goes to, with its version: "aws-lc 5.12.0", or OpenSSL's version text. */
export function cryptoBackend(): string;
export function validate(data: Data, kind?: string | null | ValidateOptions, options?: ReadOptions): Report;
export function validateAsync(data: Data, kind?: string | null | ValidateOptions, options?: ReadOptions): Promise<Report>;
/** RFC 8785 canonical bytes; throws InvalidError for input that is not strict JSON. */
export function canonicalize(data: Data, options?: ReadOptions): Buffer;
export function canonicalizeAsync(data: Data, options?: ReadOptions): Promise<Buffer>;
export function pretty(data: Data, options?: ReadOptions): string;
/** The JSON Schema (draft 2020-12) of a native kind, as text. */
export function schema(kind: string): string;
export function schemaCodes(kind: string): Array<{ code: string; severity: 'error' | 'warning'; scope: 'schema' | 'beyond' }>;
/** Lowercase hex digest: sha256 (default), sha384, sha512, blake2b-256, blake2b-512... */
export function digest(data: Data, alg?: string): string;
export function digestAsync(data: Data, alg?: string): Promise<string>;
export function digestFile(path: string, algs?: string | string[]): Record<string, string>;
export function digestFileAsync(path: string, algs?: string | string[]): Promise<Record<string, string>>;
/** A new Ed25519 key pair as PEM (the secret key in PKCS#8). Prefer SecretKey.generate(). */
export function generateKeypair(): { publicKey: Buffer; secretKey: Buffer };
export function dsseSign(payload: Data, payloadType: string, secretKey: SecretKey | Data, options?: { keyid?: string | null }): Buffer;
export function dsseAddSignature(envelope: Data, secretKey: SecretKey | Data, options?: { keyid?: string | null }): Buffer;
/** Throws VerificationError, InvalidError, or TypeError for a key it cannot read. */
export function dsseVerify(envelope: Data, publicKeys: Array<PublicKey | Data>, threshold?: number | bigint): Verified;
export function dsseVerifyAsync(envelope: Data, publicKeys: Array<PublicKey | Data>, threshold?: number | bigint): Promise<Verified>;
/** The index of the matching subject or artifact, or -1. */
export function matchSubject(document: Data, artifact: Artifact): number;
export function matchSubjectAsync(document: Data, artifact: Artifact): Promise<number>;
export function tpMatch(policy: Data, claims: Data | Record<string, unknown>, now: Time, options?: { partialClaims?: boolean }): MatchResult;
export function tpExplain(policy: Data): Explanation;
export function profileLevels(profile: Data, options?: ReadOptions): Levels;

export interface PanelOptions extends ReadOptions {
  level?: 'a' | 'aa' | 'aaa';
  style?: 'plain' | 'pypi' | 'npm';
  /** A BCP 47 tag: en, de, ja, ar (right to left); another gives English. */
  lang?: string;
}
/** The provenance panel of a verified artifact, one self-contained HTML fragment. */
export function renderPanel(result: Data | object, release?: Data | null, options?: PanelOptions): string;
/** Repository profiles side by side; an invalid one throws an InvalidError with its `index`. */
export function renderProfiles(profiles: Data[], options?: ReadOptions & {format?: 'text' | 'md' | 'html' | 'svg'}): string;

/** What a verification established (the library's JSON of it). */
export interface VerifyResult {
  verified: true;
  attestations: Array<{
    media_type?: string;
    identity?: { san: string; kind: string };
    key_id?: string;
    extensions?: Record<string, string>;
    times?: Array<{ time: number; source: string }>;
    tlog_entries?: unknown[];
    /** A message signature: the artifact digest it is over, `{ sha256: hex }`. */
    digest?: Record<string, string>;
    payload_type?: string;
    statement?: unknown;
    [member: string]: unknown;
  }>;
}

/** A Sigstore trusted root. */
export class TrustedRoot {
  private constructor();
  static publicGood(): TrustedRoot;
  static staging(): TrustedRoot;
  static fromJson(data: Data): TrustedRoot;
  close(): void;
  /** Closes it (`using`). */
  [Symbol.dispose](): void;
}

/** Who must have signed. */
export class VerifyPolicy {
  private constructor();
  static identity(identity: string, issuer: string): VerifyPolicy;
  static key(key: PublicKey | Data): VerifyPolicy;
  /** A trusted-publisher/v1 document, constraining certificates as PyPI does. */
  static publisher(document: Data): VerifyPolicy;
  /** {identity, issuer, extensions...} or one publisher block ({github: {repository, workflow}}...). */
  static fromJson(policy: Data | Record<string, unknown>): VerifyPolicy;
  require(name: string, value: string): this;
  check(certificate: Data): VerifyResult;
  close(): void;
  /** Closes it (`using`). */
  [Symbol.dispose](): void;
}

export interface VerifyOptions {
  policy: VerifyPolicy;
  /** Default: Sigstore's public-good root. */
  root?: TrustedRoot;
  /** Default: now. */
  now?: Time;
  /** The fewest transparency-log entries (default 1; 0 for evidence never logged, such as private repositories'). */
  minLogEntries?: number;
  /** The fewest verified signed times (default 1). */
  minSignedTimes?: number;
  /** false: no SCT required of the certificate (a private CA without a CT log). */
  requireSct?: boolean;
  data?: Data;
  path?: string;
  digests?: Record<string, string>;
}

export function verifyBundle(bundle: Data, options: VerifyOptions): VerifyResult;
export function verifyBundleAsync(bundle: Data, options: VerifyOptions): Promise<VerifyResult>;
export function verifyPep740(attestation: Data, filename: string, options: VerifyOptions): VerifyResult;
export function verifyPep740Async(attestation: Data, filename: string, options: VerifyOptions): Promise<VerifyResult>;
export function verifyNpm(attestations: Data, pkg: string, keys: Data, options: Omit<VerifyOptions, 'policy'>): VerifyResult;
export function verifyNpmAsync(attestations: Data, pkg: string, keys: Data, options: Omit<VerifyOptions, 'policy'>): Promise<VerifyResult>;

/** A JSON Web Key Set. */
export class Jwks {
  private constructor();
  static fromJson(data: Data): Jwks;
  close(): void;
  /** Closes it (`using`). */
  [Symbol.dispose](): void;
}

export function tpVerifyToken(policy: Data, jwks: Jwks, token: Data, now?: Time):
  { match: MatchResult; alg: string; kid: string | null; claims: Record<string, unknown> };

/** The signature layer of a compact JWS alone: the verified payload. */
export function jwsVerify(jwks: Jwks, token: Data): Buffer;
/** A token's header and claims, decoded and NOT verified. */
export function tpDecodeToken(token: Data): {verified: false; header: Record<string, unknown>; claims: Record<string, unknown>; signature_bytes: number};
/** The DSSE pre-authentication encoding. */
export function dssePae(payloadType: string, payload: Data): Buffer;
/** The size in bytes of a digest algorithm's output. */
export function digestSize(alg: string): number;

export interface Purl {
  type: string;
  namespace: string | null;
  name: string;
  version: string | null;
  qualifiers: Record<string, string> | null;
  subpath: string | null;
  canonical: string;
}
export function purlParse(purl: string, options?: {repair?: boolean}): Purl;
export function purlCanonical(purl: string): string;
export function purlBuild(components: Omit<Purl, 'canonical'> | Purl): Purl;

// ---- TUF: trust kept current --------------------------------------------------------------------
// A refusal is an SsrError with `rule` (the report's code, 'tuf.cache.expired'...) and `report`.
export interface TufTarget {
  length: number;
  hashes: Record<string, string>;
  custom?: unknown;
}
export function tufInit(metadataDir: string, root: Data): void;
export function tufRefresh(metadataDir: string, metadataUrl: string, options?: {now?: Time}): void;
export function tufRefreshAsync(metadataDir: string, metadataUrl: string, options?: {now?: Time}): Promise<void>;
export function tufLoadCached(metadataDir: string, options?: {now?: Time}): void;
export function tufTargetInfo(metadataDir: string, metadataUrl: string, target: string, options?: {now?: Time}): TufTarget;
export function tufDownload(metadataDir: string, metadataUrl: string, targetsUrl: string, target: string,
                            targetDir: string, options?: {now?: Time}): string;
export function tufDownloadAsync(metadataDir: string, metadataUrl: string, targetsUrl: string, target: string,
                                 targetDir: string, options?: {now?: Time}): Promise<string>;
export interface SigstoreTrustOptions {
  staging?: boolean;
  tufRoot?: Data;
  metadataUrl?: string;
  targetsUrl?: string;
  now?: Time;
}
export function sigstoreTrustRefresh(cacheDir: string, options?: SigstoreTrustOptions): void;
export function sigstoreTrustRefreshAsync(cacheDir: string, options?: SigstoreTrustOptions): Promise<void>;
export function sigstoreTrustLoad(cacheDir: string, options?: {staging?: boolean; now?: Time}): {root: TrustedRoot; npmKeys: Buffer | null};
export function sigstoreTrustLoadAsync(cacheDir: string, options?: {staging?: boolean; now?: Time}): Promise<{root: TrustedRoot; npmKeys: Buffer | null}>;
