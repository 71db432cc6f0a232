"""PyJWT verifying the benchmark's ID token. Usage: tokens.py JWKS TOKEN ISSUER AUDIENCE NOW SECONDS.
Prints "token.rs256<TAB>tokens/s"."""

import json
import sys
import time

import jwt

jwks_path, token_path, issuer, audience, now, seconds = sys.argv[1:7]
token = open(token_path).read().strip()
keys = json.load(open(jwks_path))["keys"]
kid = jwt.get_unverified_header(token)["kid"]
key = jwt.PyJWK.from_dict(next(k for k in keys if k["kid"] == kid))
# The token's dates are in the past: the leeway reaches back to them, so the checks still run.
leeway = time.time() - float(now) + 60


def once():
    header = jwt.get_unverified_header(token)  # the kid, as a registry looks it up
    assert header["kid"] == kid
    jwt.decode(token, key, algorithms=["RS256"], audience=audience, issuer=issuer, leeway=leeway,
               options={"require": ["exp", "iat", "iss", "aud"]})


once()
n, start = 0, time.perf_counter()
while time.perf_counter() - start < float(seconds):
    once()
    n += 1
print(f"token.rs256\t{n / (time.perf_counter() - start):.2f}", flush=True)
