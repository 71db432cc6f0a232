'use strict';
// Calls per second of ssrmeta's validate on one document: node calls.js FILE [REPS].
const fs = require('fs');
const ssr = require(process.env.SSRMETA_MODULE || '../../bindings/node');

const CALLS = 200000;
const data = fs.readFileSync(process.argv[2]);
let best = Infinity;
for (let r = 0; r < Number(process.argv[3] || 5); r++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) {
    if (!ssr.validate(data).valid) throw new Error('the document does not validate');
  }
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
}
console.log(Math.round(CALLS / best));
