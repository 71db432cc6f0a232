// SPDX-License-Identifier: Apache-2.0
/// <reference types="node" />
// libssr for Node.js. Data is a string (UTF-8), a Buffer or a Uint8Array.

export type Data = string | Buffer | Uint8Array;

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

export interface MatchResult {
  matched: boolean;
  jti: string | null;
  failedClaim: string | null;
  failedOp: string | null;
  failedReason: string | null;
  bound: Record<string, string>;
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

/** A failed libssr call; `status` is the library's status code. */
export class SsrError extends Error {
  status: number;
}
/** The input is not a valid document of the kind the call needs; `report` says why. */
export class InvalidError extends SsrError {
  report: Report;
}
/** Fewer distinct keys than the threshold verified the envelope. */
export class VerificationError extends SsrError {
  verified: number;
}

export function version(): string;
/** Validates a document as `kind` ("release", "osv"...); null or omitted detects it. */
export function validate(data: Data, kind?: string | null): Report;
/** RFC 8785 canonical bytes; throws InvalidError for input that is not strict JSON. */
export function canonicalize(data: Data): Buffer;
export function pretty(data: Data): string;
/** Lowercase hex digest: sha256 (default), sha512, blake2b-256, blake2b-512. */
export function digest(data: Data, alg?: string): string;
/** A new Ed25519 key pair as PEM (the secret key in PKCS#8). */
export function generateKeypair(): { publicKey: Buffer; secretKey: Buffer };
export function dsseSign(payload: Data, payloadType: string, secretKeyPem: Data): Buffer;
/** The verified payload; throws VerificationError or InvalidError. */
export function dsseVerify(envelope: Data, publicKeys: Data[], threshold?: number | bigint): Buffer;
export function tpMatch(policy: Data, claims: Data | Record<string, unknown>, now: number | bigint | Date): MatchResult;
export function profileLevels(profile: Data): Levels;
