// npm jose verifying the benchmark's ID token, its clock at the token's time.
// Usage: node tokens.mjs JWKS TOKEN ISSUER AUDIENCE NOW SECONDS. Prints "token.rs256<TAB>tokens/s".
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';

const [jwksPath, tokenPath, issuer, audience, now, seconds] = process.argv.slice(2);
const token = readFileSync(tokenPath, 'utf8').trim();
const keys = createLocalJWKSet(JSON.parse(readFileSync(jwksPath, 'utf8')));
const options = { issuer, audience, algorithms: ['RS256'], currentDate: new Date(Number(now) * 1000),
  requiredClaims: ['exp', 'iat', 'iss', 'aud'] };

await jwtVerify(token, keys, options);
let n = 0;
const start = process.hrtime.bigint();
const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
while (elapsed() < Number(seconds)) {
  await jwtVerify(token, keys, options);
  n++;
}
console.log(`token.rs256\t${(n / elapsed()).toFixed(2)}`);
