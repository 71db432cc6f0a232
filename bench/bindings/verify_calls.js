'use strict';
// Verifications per second through ssrmeta, as ssr-bench calls-verify makes them
// from C: the v0.3 conformance bundle, the PEP 740 attestation and the RS256 token
// verified and matched (synchronous calls). node verify_calls.js SIGSTORE JOSE TOKEN-POLICY [REPS]
// prints the three rates.
const fs = require('fs');
const path = require('path');
const ssr = require(process.env.SSRMETA_MODULE || '../../bindings/node');

const [BUNDLES, ATTESTATIONS, TOKENS] = [200, 200, 2000];
const IDENTITY = 'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/' +
  '.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';
const FILENAME = 'pypi_attestation_models-0.0.4a2.tar.gz';

const [sigstore, jose, policyFile] = process.argv.slice(2, 5);
const reps = Number(process.argv[5] || 5);
const read = (...parts) => fs.readFileSync(path.join(...parts));
const root = ssr.TrustedRoot.fromJson(read(sigstore, 'trust/public-good.trusted_root.json'));
const bundle = read(sigstore, 'conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json');
const aTxt = {sha256: ssr.digest(read(sigstore, 'conformance/bundle-verify/a.txt'))};
const identity = ssr.VerifyPolicy.identity(IDENTITY, ISSUER);
const attestation = read(sigstore, 'pep740', `${FILENAME}.attestation`);
const dist = {sha256: ssr.digest(read(sigstore, 'pep740', FILENAME))};
const publisher = ssr.VerifyPolicy.fromJson({github: {repository: 'trailofbits/pypi-attestation-models', workflow: 'release.yml'}});
const jwks = ssr.Jwks.fromJson(read(jose, 'generated/jwks.json'));
const token = read(jose, 'generated/tokens/valid-rs256.jwt').toString().trim();
const tpPolicy = read(policyFile);

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
const best = [Infinity, Infinity, Infinity];
for (let r = 0; r < reps; r++) {
  let start = process.hrtime.bigint();
  for (let i = 0; i < BUNDLES; i++) ssr.verifyBundle(bundle, {policy: identity, digests: aTxt, root});
  best[0] = Math.min(best[0], seconds(start));
  start = process.hrtime.bigint();
  for (let i = 0; i < ATTESTATIONS; i++) ssr.verifyPep740(attestation, FILENAME, {policy: publisher, digests: dist, root});
  best[1] = Math.min(best[1], seconds(start));
  start = process.hrtime.bigint();
  for (let i = 0; i < TOKENS; i++) {
    if (!ssr.tpVerifyToken(tpPolicy, jwks, token, 1750000000).match.matched) throw new Error('the token does not match');
  }
  best[2] = Math.min(best[2], seconds(start));
}
console.log([BUNDLES / best[0], ATTESTATIONS / best[1], TOKENS / best[2]].map((x) => x.toFixed(1)).join(' '));
