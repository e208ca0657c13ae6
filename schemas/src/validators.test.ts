// The standalone validators must say exactly what Ajv in memory says about the same
// documents (the habit of Ajv's own spec/): the build may not change the rules.
import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as responses from '../dist/response-validators.js';
import * as standalone from '../dist/validators.js';
// @ts-expect-error: a build script, plain JavaScript without declarations
import { branchedByKey } from '../scripts/branched.mjs';
import { DOCUMENT_VALIDATORS, RESPONSE_VALIDATORS } from './generated/constants.js';

const defs = JSON.parse(readFileSync(join(__dirname, 'defs.schema.json'), 'utf8'));
const inMemory = (schema: unknown) => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, discriminator: true });
  ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
  ajv.addSchema(schema as object);
  return ajv;
};
// The build validates with oneOfs turned into if/then chains (scripts/branched.mjs): the same
// answers as the schema as written, errors from the branch meant only.
const ajv = inMemory(branchedByKey(defs));
const asWritten = inMemory(defs);

const examples = join(__dirname, '../../examples');
const docs: [string, unknown][] = readdirSync(examples)
  .filter((f) => f.endsWith('.flow.json') || f.endsWith('.cases.json'))
  .map((f) => [f, JSON.parse(readFileSync(join(examples, f), 'utf8'))]);

describe('standalone validators', () => {
  it('exist for every document kind, request and response', () => {
    for (const name of Object.keys(DOCUMENT_VALIDATORS)) expect(typeof (standalone as Record<string, unknown>)[name]).toBe('function');
    for (const name of Object.keys(RESPONSE_VALIDATORS)) expect(typeof (responses as Record<string, unknown>)[name]).toBe('function');
    expect(Object.keys(RESPONSE_VALIDATORS)).toContain('validateLeadResponse');
  });

  it.each(docs)('agree with Ajv in memory on %s and on a broken copy of it', (file, doc) => {
    const def = file.endsWith('.flow.json') ? 'Flow' : 'CasesFile';
    const name = def === 'Flow' ? 'validateFlow' : 'validateCasesFile';
    const inMemory = ajv.getSchema(`${defs.$id}#/$defs/${def}`)!;
    const written = asWritten.getSchema(`${defs.$id}#/$defs/${def}`)!;
    const generated = (standalone as unknown as Record<string, typeof standalone.validateFlow>)[name]!;
    const broken = JSON.parse(JSON.stringify(doc).replace(/"schemaVersion":1/, '"schemaVersion":"one"').replace(/"operator":"equal"/, '"operator":"equals"'));
    for (const d of [doc, broken]) {
      expect(generated(d)).toBe(inMemory(d));
      expect(written(d)).toBe(inMemory(d));
      expect(generated.errors ?? null).toEqual(inMemory.errors ?? null);
    }
    expect(generated(doc)).toBe(true);
  });

  it('gather errors in linear time: no copying of all errors so far at each referenced schema', () => {
    // Ajv writes vErrors.concat(ref.errors); the build appends in place (scripts/build.mjs).
    const code = readFileSync(join(__dirname, '../dist/validators.js'), 'utf8');
    expect(code).not.toMatch(/\.concat\([\w$.]+\.errors\)/);
    const many = { schemaVersion: 1, id: 'f', name: 'F', nodes: [], edges: [], scores: Array.from({ length: 30_000 }, () => ({ label: 'x', points: 1 })) };
    expect(standalone.validateFlow(many)).toBe(false);
    expect(standalone.validateFlow.errors).toHaveLength(60_000);
  });
});

