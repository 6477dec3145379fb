import type { OspMessageName } from './messages.ts';

/** A named CDDL enumeration (`&( … )` or a `&group`) restricting a uint. */
export interface EnumSchema {
  /** The CDDL rule name, e.g. `auth-status-result`. */
  readonly name: string;
  readonly values: readonly number[];
  /** Open enumerations accept any uint: new values are expected from extensions. */
  readonly open: boolean;
}

/** The wire type of a field; the subset of CDDL these messages use. */
export type FieldType =
  | { readonly kind: 'uint'; readonly min?: number; readonly max?: number; readonly enum?: EnumSchema }
  | { readonly kind: 'text' }
  | { readonly kind: 'bytes'; readonly size?: number }
  | { readonly kind: 'array'; readonly items: FieldType }
  | { readonly kind: 'map'; readonly name: string; readonly fields: readonly FieldSchema[] };

/** One integer-keyed map entry; `name` is the camelCase of the CDDL comment naming it. */
export interface FieldSchema {
  readonly key: number;
  readonly name: string;
  readonly optional: boolean;
  readonly type: FieldType;
}

/** A message: its type key and the map that is its CBOR body. `type` is the CDDL rule name. */
export interface MessageSchema {
  readonly typeKey: number;
  readonly type: OspMessageName;
  readonly fields: readonly FieldSchema[];
}
