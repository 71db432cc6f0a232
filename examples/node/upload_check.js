'use strict';
// A registry's upload check with the Node.js binding (see examples/upload/README.md).
const fs = require('fs');
const path = require('path');
const ssr = require('../../bindings/node');

const NOW = 1760000000;
const RELEASE_TYPE = 'application/vnd.ssr.release+json'; // the payloadType a release is signed as

function check(folder) {
  const read = (name) => fs.readFileSync(path.join(folder, name));
  const release = read('release.json');
  const report = ssr.validate(release, 'release');
  if (!report.valid) {
    const d = report.diagnostics.find((x) => x.severity === 'error');
    return `release refused: ${d.code} at ${d.pointer}`;
  }
  let verified;
  try {
    verified = ssr.dsseVerify(read('release.dsse.json'), [read('publisher.pub')]);
  } catch (e) {
    if (e instanceof ssr.VerificationError) return 'envelope refused: no trusted signature';
    throw e;
  }
  if (verified.payloadType !== RELEASE_TYPE) return `envelope refused: signed as ${verified.payloadType}, not as a release`;
  if (!verified.payload.equals(release)) return 'envelope refused: it signs another document';
  const match = ssr.tpMatch(read('policy.json'), read('claims.json'), NOW);
  if (!match.matched) return `publisher refused: claim ${match.failedClaim} (${match.failedReason})`;
  return 'accepted';
}

const verdict = check(process.argv[2]);
console.log(verdict);
process.exitCode = verdict === 'accepted' ? 0 : 1;
