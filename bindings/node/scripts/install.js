// SPDX-License-Identifier: Apache-2.0
'use strict';
// npm's install step: keeps the prebuilt addon when it loads on this
// machine, else builds src/ssrmeta.c against an installed libssr (found with
// pkg-config) and Node-API's headers, into build/ssrmeta.node.
const {execFileSync} = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const prebuilt = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'ssrmeta.node');

function loads(file) {
  try {
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(file)})`], {stdio: 'pipe'});
    return true;
  } catch (e) {
    return false;
  }
}

if (fs.existsSync(prebuilt) && loads(prebuilt)) process.exit(0);

const include = path.resolve(process.execPath, '..', '..', 'include', 'node');
const pkg = (flag) => execFileSync('pkg-config', [flag, 'libssr'], {encoding: 'utf8'}).trim().split(/\s+/).filter(Boolean);
try {
  if (!fs.existsSync(path.join(include, 'node_api.h'))) {
    throw new Error(`Node-API's headers are not in ${include} (Debian: apt-get install libnode-dev)`);
  }
  let flags;
  try {
    flags = [...pkg('--cflags'), ...pkg('--libs')];
  } catch (e) {
    throw new Error('pkg-config finds no libssr: install it (meson install) or set PKG_CONFIG_PATH');
  }
  fs.mkdirSync(path.join(root, 'build'), {recursive: true});
  const out = path.join(root, 'build', 'ssrmeta.node');
  const cc = process.env.CC || 'cc';
  execFileSync(cc, ['-std=c11', '-O2', '-shared', '-fPIC', '-fvisibility=hidden', '-I' + include,
    path.join(root, 'src', 'ssrmeta.c'), '-o', out, ...flags], {stdio: 'inherit'});
  if (!loads(out)) throw new Error(`the addon built from source (${out}) does not load`);
} catch (e) {
  console.error(`ssrmeta: no prebuilt addon for ${process.platform}-${process.arch} loads here, and building one failed: ${e.message}`);
  process.exit(1);
}
