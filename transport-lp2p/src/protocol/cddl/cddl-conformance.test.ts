import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { messageSchemas } from '../message-schemas.ts';
import type { FieldSchema, FieldType } from '../schema.ts';
import { type CddlDocument, type CddlField, type CddlType, parseCddl } from '../testing/cddl-subset.ts';

/*
 * The CDDL copied from the specs is the source of truth; this test holds the schema table to it: same messages,
 * type keys, integer keys, optionality, field names (from the CDDL comments) and types, enumerations included.
 */

const files = ['osp-network.cddl', 'osp-application.cddl', 'lp2p-extension.cddl'];
const cddl = files.reduce<CddlDocument | undefined>(
  (document, file) => parseCddl(readFileSync(new URL(file, import.meta.url), 'utf8'), document),
  undefined,
) as CddlDocument;

const camelCase = (kebab: string): string => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The fields of a map rule with its groups (`request`, `response`) expanded. */
function fieldsOf(name: string): CddlField[] {
  const rule = cddl.rules.get(name);
  assert.ok(rule && (rule.kind === 'map' || rule.kind === 'group'), `${name} is a map or group in the CDDL`);
  return [...rule.groups.flatMap(fieldsOf), ...rule.fields].sort((a, b) => a.key - b.key);
}

function assertFieldsMatch(path: string, cddlFields: CddlField[], fields: readonly FieldSchema[]): void {
  const sorted = [...fields].sort((a, b) => a.key - b.key);
  assert.deepEqual(
    sorted.map((f) => f.key),
    cddlFields.map((f) => f.key),
    `${path}: keys`,
  );
  cddlFields.forEach((cddlField, i) => {
    const field = sorted[i] as FieldSchema;
    assert.equal(field.name, camelCase(cddlField.comment), `${path}: name of key ${field.key}`);
    assert.equal(field.optional, cddlField.optional, `${path}.${field.name}: optional`);
    assertTypeMatches(`${path}.${field.name}`, cddlField.type, field.type);
  });
}

function assertTypeMatches(path: string, cddlType: CddlType, type: FieldType): void {
  if (cddlType.kind === 'ref' || cddlType.kind === 'choice-of') {
    const rule = cddl.rules.get(cddlType.name);
    assert.ok(rule, `${path}: rule ${cddlType.name} exists`);
    if (rule.kind === 'alias') {
      assertTypeMatches(path, rule.type, type);
      return;
    }
    if (rule.kind === 'enum') {
      assert.ok(type.kind === 'uint' && type.enum, `${path}: an enumeration`);
      assert.equal(type.enum.name, cddlType.name, `${path}: enumeration name`);
      const sorted = (values: Iterable<number>): number[] => [...values].sort((a, b) => a - b);
      assert.deepEqual(
        sorted(type.enum.values),
        sorted(rule.values.values()),
        `${path}: ${cddlType.name} values`,
      );
      return;
    }
    assert.ok(type.kind === 'map', `${path}: a map`);
    assert.equal(type.name, cddlType.name, `${path}: map name`);
    assertFieldsMatch(path, fieldsOf(cddlType.name), type.fields);
    return;
  }
  assert.equal(type.kind, cddlType.kind, `${path}: kind`);
  if (cddlType.kind === 'array' && type.kind === 'array')
    assertTypeMatches(`${path}[]`, cddlType.items, type.items);
  if (cddlType.kind === 'bytes' && type.kind === 'bytes')
    assert.equal(type.size, cddlType.size, `${path}: .size`);
}

test('the schema table covers exactly the messages of the kept CDDL, with their type keys', () => {
  const fromCddl = new Map(cddl.typeKeys);
  const fromSchemas = new Map(messageSchemas.map((s) => [s.type as string, s.typeKey]));
  assert.deepEqual(new Map([...fromSchemas].sort()), new Map([...fromCddl].sort()));
  assert.equal(fromCddl.size, 12);
});

test('every message schema matches its CDDL rule field by field', () => {
  for (const schema of messageSchemas) assertFieldsMatch(schema.type, fieldsOf(schema.type), schema.fields);
});

test('agent-capability merges OSP and LP2P values and is open to extensions', () => {
  const rule = cddl.rules.get('agent-capability');
  assert.ok(rule?.kind === 'enum');
  assert.deepEqual([...rule.values.values()], [1, 2, 3, 4, 5, 6, 7, 8, 1100, 1200]);
  const info = messageSchemas.find((s) => s.type === 'agent-info-event')?.fields[0]?.type;
  const capabilities =
    info?.kind === 'map' ? info.fields.find((f) => f.name === 'capabilities')?.type : undefined;
  assert.ok(capabilities?.kind === 'array' && capabilities.items.kind === 'uint');
  assert.equal(capabilities.items.enum?.open, true);
});

test('the parser rejects constructs outside its subset instead of skipping them', () => {
  assert.throws(() => parseCddl('a = {\n  0: [+ uint] ; x\n}'), SyntaxError);
  assert.throws(() => parseCddl('a = {\n  0: uint / text ; x\n}'), SyntaxError);
  assert.throws(() => parseCddl('a = [\n  uint\n]'), SyntaxError);
  assert.throws(() => parseCddl('a = {\n  0: uint ; x\n'), SyntaxError);
  assert.throws(() => parseCddl('a = uint\na = text'), SyntaxError);
  const parsed = parseCddl('; type key 7\na = {\n  ? 3: [* bytes .size 4] ; some-name\n}');
  assert.deepEqual(parsed.typeKeys, new Map([['a', 7]]));
  assert.deepEqual(parsed.rules.get('a'), {
    kind: 'map',
    fields: [
      {
        key: 3,
        optional: true,
        type: { kind: 'array', items: { kind: 'bytes', size: 4 } },
        comment: 'some-name',
      },
    ],
    groups: [],
  });
});
