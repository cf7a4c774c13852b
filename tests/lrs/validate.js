// Validates xAPI statements with @learninglocker/xapi-validation. Usage:
// node validate.js NODE_MODULES_DIR FILE.json (a JSON array of statements). Prints one JSON
// line: [[index, [{path, name, data}...]], ...] for the statements that fail (empty when all pass).
'use strict';
const fs = require('fs');
const path = require('path');

const mod = require(path.join(path.resolve(process.argv[2]), '@learninglocker', 'xapi-validation'));
const validate = mod.default || mod;
const statements = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const bad = [];
statements.forEach((s, i) => {
  const warnings = validate(s);
  if (warnings && warnings.length) {
    bad.push([i, warnings.map((w) => ({ path: (w.path || []).join('.'), name: w.name, data: w.data }))]);
  }
});
process.stdout.write(JSON.stringify(bad) + '\n');
