// Builds @sluice/schemas from src/defs.schema.json, the one source of truth:
//  - src/generated/types.ts: TypeScript types (json-schema-to-typescript)
//  - src/generated/constants.ts: node kinds, operators, default stages
//  - dist/validators.js: standalone Ajv validators bundled with esbuild, so that
//    nothing at run time needs Ajv or `new Function` (CSP-safe, small)
//  - dist/index.js + .d.ts: types, constants, error formatting, migrations
import { readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { compile as toTs } from 'json-schema-to-typescript';
import { build } from 'esbuild';
import { branchedByKey } from './branched.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const gen = join(src, 'generated');
const dist = join(root, 'dist');
const defs = JSON.parse(await readFile(join(src, 'defs.schema.json'), 'utf8'));

// Documents a validator is generated for: export name → $defs entry.
export const DOCUMENTS = {
  validateFlow: 'Flow',
  validateRuleSet: 'RuleSet',
  validateEvaluationInput: 'EvaluationInput',
  validateEvaluationResult: 'EvaluationResult',
  validateCasesFile: 'CasesFile',
  validatePlan: 'Plan',
  validateVersionMeta: 'VersionMeta',
  validateCondition: 'Condition',
  ...Object.fromEntries(Object.keys(defs.$defs).filter((k) => k.endsWith('Request')).map((k) => [`validate${k}`, k])),
};
// The runtime's answers, in a module of their own (tests and clients check them; the editor's
// bundle, which loads validators.js, need not carry them).
const RESPONSES = {
  ...Object.fromEntries(Object.keys(defs.$defs).filter((k) => k.endsWith('Response')).map((k) => [`validate${k}`, k])),
  // A line of GET /v1/export/leads (an NDJSON answer).
  validateExportedLead: 'ExportedLead',
};

await rm(dist, { recursive: true, force: true });
await mkdir(gen, { recursive: true });
await mkdir(dist, { recursive: true });

// 1. Types. Every $def becomes a named type; `unreachableDefinitions` keeps those no
// document references (ScoreRule members, CountValue...).
const bundle = { title: 'SluiceDefs', type: 'object', additionalProperties: false, properties: {}, $defs: defs.$defs };
let ts = await toTs(bundle, 'SluiceDefs', {
  bannerComment: '/* Generated from schemas/src/defs.schema.json by scripts/build.mjs. Do not edit. */',
  unreachableDefinitions: true,
  additionalProperties: false,
  strictIndexSignatures: true,
  format: false,
  ignoreMinAndMaxItems: true,
  style: { singleQuote: true },
});
ts = ts.replace(/export interface SluiceDefs \{\s*\}\n?/, '');
await writeFile(join(gen, 'types.ts'), ts);

// 2. Constants, so kind and operator names are spelled once (in the schema).
const constants = `/* Generated from schemas/src/defs.schema.json by scripts/build.mjs. Do not edit. */
export const NODE_KINDS = ${JSON.stringify(defs.$defs.NodeKind.enum)} as const;
export const OPERATORS = ${JSON.stringify(defs.$defs.Operator.enum)} as const;
export const DEFAULT_STAGES = ${JSON.stringify(defs.$defs.DefaultStages.default)} as const;
export const RESERVED_NAMES = ${JSON.stringify(defs.$defs.ReservedName.enum)} as const;
export const FIELD_TYPES = ${JSON.stringify(defs.$defs.FieldType.enum)} as const;
export const SCHEMA_VERSION = ${defs.$defs.SchemaVersion.const} as const;
export const DOCUMENT_VALIDATORS = ${JSON.stringify(DOCUMENTS)} as const;
export const RESPONSE_VALIDATORS = ${JSON.stringify(RESPONSES)} as const;
`;
await writeFile(join(gen, 'constants.ts'), constants);

// 3. Standalone validators.
const ajv = new Ajv2020.default({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  discriminator: true,
  code: { source: true, esm: true },
});
// tsType only steers the generated TypeScript.
ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
ajv.addSchema(branchedByKey(defs));

/**
 * Ajv's generated code gathers a referenced schema's errors with `vErrors.concat(...)`, copying
 * every error so far at each call: quadratic, so a flow with 10,000 wrong items took seconds and
 * 20,000 took ten. Appending in place gives the same errors in the same order, in linear time.
 */
function linearErrors(code) {
  const concat = /vErrors = vErrors === null \? ([\w.]+)\.errors : vErrors\.concat\(\1\.errors\);/g;
  const n = code.match(concat)?.length ?? 0;
  if (n === 0) throw new Error('linearErrors: Ajv no longer writes vErrors.concat; check the generated code');
  return code.replace(concat, 'if (vErrors === null) vErrors = $1.errors; else for (const e of $1.errors) vErrors.push(e);');
}

/** Writes dist/<file>.js (validators bundled with Ajv's helpers inlined) and its .d.ts. */
async function writeValidators(file, validators) {
  const refs = Object.fromEntries(Object.entries(validators).map(([name, def]) => [name, `${defs.$id}#/$defs/${def}`]));
  const raw = join(gen, `${file}.raw.mjs`);
  await writeFile(raw, linearErrors(standaloneCode.default(ajv, refs)));
  // The generated module still requires Ajv's runtime helpers; bundling inlines them.
  await build({
    entryPoints: [raw],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    outfile: join(dist, `${file}.js`),
    minify: true,
    logLevel: 'warning',
  });
  const dts = `import type { ValidateFunction } from './index.js';
${Object.keys(validators).map((n) => `export declare const ${n}: ValidateFunction;`).join('\n')}
`;
  await writeFile(join(dist, `${file}.d.ts`), dts);
  await rm(raw);
}
await writeValidators('validators', DOCUMENTS);
await writeValidators('response-validators', RESPONSES);

// 4. The package entry: bundle for JS, tsc for declarations.
await build({
  entryPoints: [join(src, 'index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  outfile: join(dist, 'index.js'),
  logLevel: 'warning',
});
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
console.log(`schemas: ${Object.keys(defs.$defs).length} definitions, ${Object.keys(DOCUMENTS).length} + ${Object.keys(RESPONSES).length} validators`);
