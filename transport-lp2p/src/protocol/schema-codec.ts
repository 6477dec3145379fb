import type { FieldSchema, FieldType } from './schema.ts';

/*
 * Generic schema-driven conversion between message objects and the integer-keyed Maps cborg encodes and
 * decodes. Both directions report the first problem as a string naming the field path; the caller wraps it
 * in the error class of its direction (remote input vs local bug).
 */

/** A CBOR float, kept distinct from integers by the decoder so a float cannot pass for a uint. */
export class CborFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** Thrown internally with the path of the offending field; never escapes this module's callers. */
export class SchemaViolation extends Error {}

/** Builds the CBOR Map for `value` (an object shaped by `fields`). */
export function toCborMap(fields: readonly FieldSchema[], value: object, path: string): Map<number, unknown> {
  const record = value as Record<string, unknown>;
  const out = new Map<number, unknown>();
  for (const field of fields) {
    const item = record[field.name];
    if (item === undefined) {
      if (!field.optional) throw new SchemaViolation(`${path}.${field.name} is missing`);
      continue;
    }
    out.set(field.key, toCbor(field.type, item, `${path}.${field.name}`));
  }
  return out;
}

function toCbor(type: FieldType, value: unknown, path: string): unknown {
  if (type.kind === 'map') {
    if (typeof value !== 'object' || value === null) throw new SchemaViolation(`${path} must be an object`);
    return toCborMap(type.fields, value, path);
  }
  if (type.kind === 'array') {
    if (!Array.isArray(value)) throw new SchemaViolation(`${path} must be an array`);
    return value.map((item, i) => toCbor(type.items, item, `${path}[${i}]`));
  }
  checkScalar(type, value, path);
  return value;
}

/** Reads an object shaped by `fields` out of a decoded CBOR value. */
export function fromCborMap(
  fields: readonly FieldSchema[],
  value: unknown,
  path: string,
): Record<string, unknown> {
  if (!(value instanceof Map)) throw new SchemaViolation(`${path} must be a map`);
  const out: Record<string, unknown> = {};
  for (const [key, item] of value) {
    // osp-application §protocol-extension-fields: extension fields are optional and should use text keys;
    // they are legal in any map, so they are skipped. Unknown integer keys are not ours to ignore.
    if (typeof key === 'string') continue;
    const field = typeof key === 'number' ? fields.find((f) => f.key === key) : undefined;
    if (field === undefined) throw new SchemaViolation(`${path} has unexpected key ${describeKey(key)}`);
    out[field.name] = fromCbor(field.type, item, `${path}.${field.name}`);
  }
  for (const field of fields) {
    if (!field.optional && !(field.name in out)) {
      throw new SchemaViolation(`${path}.${field.name} (key ${field.key}) is missing`);
    }
  }
  return out;
}

function fromCbor(type: FieldType, value: unknown, path: string): unknown {
  if (type.kind === 'map') return fromCborMap(type.fields, value, path);
  if (type.kind === 'array') {
    if (!Array.isArray(value)) throw new SchemaViolation(`${path} must be an array, got ${describe(value)}`);
    return value.map((item, i) => fromCbor(type.items, item, `${path}[${i}]`));
  }
  checkScalar(type, value, path);
  return value;
}

function checkScalar(type: FieldType, value: unknown, path: string): void {
  switch (type.kind) {
    case 'text':
      if (typeof value !== 'string')
        throw new SchemaViolation(`${path} must be text, got ${describe(value)}`);
      return;
    case 'bytes':
      if (!(value instanceof Uint8Array))
        throw new SchemaViolation(`${path} must be bytes, got ${describe(value)}`);
      if (type.size !== undefined && value.length !== type.size) {
        throw new SchemaViolation(`${path} must be ${type.size} bytes, got ${value.length}`);
      }
      return;
    case 'uint': {
      if (typeof value === 'bigint' && value > 0n) throw new SchemaViolation(`${path} exceeds 2^53 - 1`);
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
        throw new SchemaViolation(`${path} must be a uint, got ${describe(value)}`);
      }
      const min = type.min ?? 0;
      const max = type.max ?? Number.MAX_SAFE_INTEGER;
      if (value < min || value > max)
        throw new SchemaViolation(`${path} must be in ${min}..${max}, got ${value}`);
      if (type.enum && !type.enum.open && !type.enum.values.includes(value)) {
        throw new SchemaViolation(`${path} is not a ${type.enum.name} value: ${value}`);
      }
      return;
    }
    default:
      throw new SchemaViolation(`${path} has no scalar type`);
  }
}

function describe(value: unknown): string {
  if (value instanceof CborFloat) return `float ${value.value}`;
  if (value instanceof Uint8Array) return 'bytes';
  if (value instanceof Map) return 'map';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' || typeof value === 'bigint') return `${typeof value} ${value}`;
  return value === null ? 'null' : typeof value;
}

function describeKey(key: unknown): string {
  return typeof key === 'number' || typeof key === 'bigint' ? String(key) : `of type ${describe(key)}`;
}
