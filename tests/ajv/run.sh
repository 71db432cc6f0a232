#!/bin/sh
# The Ajv differential test; its dependencies are installed by scripts/test.sh (npm ci).
here=$(dirname "$0")
if [ ! -d "$here/node_modules/ajv" ]; then
    echo "tests/ajv/node_modules is missing: run 'npm ci' in tests/ajv (scripts/test.sh does)"
    exit 1
fi
exec node "$here/differential.mjs" "$@"
