#!/usr/bin/env node
// Validates an AsyncAPI document with the official parser (@asyncapi/parser) and prints
// each diagnostic as `file:line:col: severity code: message`. Exits 1 when there is an
// error, 2 when the document cannot be read.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { Parser, DiagnosticSeverity } = require('@asyncapi/parser');

const names = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

async function main(file) {
  if (!file) {
    console.error('usage: validate-asyncapi.cjs <asyncapi.yaml>');
    return 2;
  }
  let source;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`validate-asyncapi: ${err.message}`);
    return 2;
  }
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(source, { source: path.resolve(file) });
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    const sev = names[d.severity] || 'info';
    if (d.severity === DiagnosticSeverity.Error) errors++;
    if (d.severity === DiagnosticSeverity.Warning) warnings++;
    const start = (d.range && d.range.start) || { line: 0, character: 0 };
    const where = d.path && d.path.length ? ` (at /${d.path.join('/')})` : '';
    console.log(`${file}:${start.line + 1}:${start.character + 1}: ${sev} ${d.code}: ${d.message}${where}`);
  }
  console.log(`@asyncapi/parser: ${errors} errors, ${warnings} warnings${document ? '' : ' (the document did not parse)'}`);
  return errors > 0 || !document ? 1 : 0;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`validate-asyncapi: ${err && err.stack ? err.stack : err}`);
    process.exit(2);
  },
);
