import type { Language } from "../protocol/error-messages.js";

/**
 * How one setting is declared: its type, default, bilingual description and limits. The
 * settings tree (settings.ts) is written once in these terms; the managed-storage schema, the
 * TypeScript type, validation, defaults and the docs are all derived from it.
 */
export type SettingSpec = StringSpec | BooleanSpec | IntegerSpec | ArraySpec | ObjectSpec;

interface Described {
  description: Record<Language, string>;
}

export interface StringSpec extends Described {
  kind: "string";
  default?: string;
  enum?: readonly string[];
  /** An ECMAScript regular expression the whole value must match (Chrome schemas take the same syntax). */
  pattern?: string;
  maxLength?: number;
  /** Chrome hides sensitive values in chrome://policy (passwords, keys). */
  sensitive?: boolean;
}

export interface BooleanSpec extends Described {
  kind: "boolean";
  default: boolean;
}

export interface IntegerSpec extends Described {
  kind: "integer";
  default: number;
  minimum: number;
  maximum: number;
}

export interface ArraySpec extends Described {
  kind: "array";
  items: SettingSpec;
  maxItems: number;
}

export interface ObjectSpec extends Described {
  kind: "object";
  properties: Readonly<Record<string, SettingSpec>>;
}

/** The TypeScript value a spec describes: the settings type is inferred, never written twice. */
export type ValueOf<S> = S extends { kind: "string"; enum: readonly (infer E)[] }
  ? E
  : S extends { kind: "string" }
    ? string
    : S extends { kind: "boolean" }
      ? boolean
      : S extends { kind: "integer" }
        ? number
        : S extends { kind: "array"; items: infer I }
          ? Array<ValueOf<I>>
          : S extends { kind: "object"; properties: infer P }
            ? { [K in keyof P]: ValueOf<P[K]> }
            : never;
