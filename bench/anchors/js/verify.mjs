// sigstore-js (@sigstore/verify, as npm and sigstore-js verify) verifying
// the benchmark's bundles. Usage: node verify.mjs CASES.json SECONDS.
// Prints "name<TAB>verifies/s" (or "refused: ...").
import { readFileSync } from 'node:fs';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const seconds = Number(process.argv[3]);

for (const c of cases) {
  const trust = toTrustMaterial(TrustedRoot.fromJSON(JSON.parse(readFileSync(c.root, 'utf8'))));
  const text = readFileSync(c.bundle, 'utf8');
  const artifact = readFileSync(c.artifact);
  const once = () => {
    const bundle = bundleFromJSON(JSON.parse(text));
    const stamps = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps?.length ?? 0;
    const verifier = new Verifier(trust, { ctlogThreshold: 1, tlogThreshold: 1, tsaThreshold: stamps > 0 ? 1 : 0 });
    const entity = toSignedEntity(bundle, bundle.dsseEnvelope ? undefined : artifact);
    verifier.verify(entity, { subjectAlternativeName: c.identity, extensions: { issuer: c.issuer } });
  };
  try {
    once();
  } catch (e) {
    console.log(`${c.name}\trefused: ${String(e.message ?? e).slice(0, 120)}`);
    continue;
  }
  let n = 0;
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
  while (elapsed() < seconds) {
    once();
    n++;
  }
  console.log(`${c.name}\t${(n / elapsed()).toFixed(2)}`);
}
