import { KysoError } from "../../../shared/protocol/kyso-error.js";

/** RFC 7512 §2.3 `type`: the object class the URI selects. */
export type Pkcs11ObjectType = "cert" | "private" | "public" | "secret-key" | "data";

/** A parsed `pkcs11:` URI: what selects a token and a key, and where the module is. */
export interface Pkcs11Uri {
  token?: string;
  manufacturer?: string;
  serial?: string;
  model?: string;
  /** CKA_LABEL of the object. */
  object?: string;
  /** CKA_ID, raw bytes (RFC 7512 §2.3: percent-encoded octets). */
  id?: Uint8Array;
  type?: Pkcs11ObjectType;
  slotId?: number;
  modulePath?: string;
  moduleName?: string;
  /** A reference to where a PIN is kept; the caller decides whether it honours it. */
  pinSource?: string;
}

const TEXT_PATH_ATTRIBUTES = { token: "token", manufacturer: "manufacturer", serial: "serial", model: "model", object: "object" } as const;
/** Understood and ignored: they narrow the choice of library or slot, which kyso makes by token. */
const IGNORED_PATH_ATTRIBUTES = new Set(["library-manufacturer", "library-description", "library-version", "slot-description", "slot-manufacturer"]);
const OBJECT_TYPES: readonly string[] = ["cert", "private", "public", "secret-key", "data"] satisfies Pkcs11ObjectType[];

function usage(detail: string): KysoError {
  return new KysoError("CLI_USAGE", `pkcs11: URI (RFC 7512): ${detail}`);
}

/** RFC 3986 §2.1 percent-decoding to octets; a `%` not followed by two hex digits is an error. */
function percentDecode(text: string, attribute: string): Uint8Array {
  const literal = new TextEncoder();
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === "%") {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw usage(`${attribute}: "%${hex}" is not a percent-encoded octet`);
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...literal.encode(char));
    }
  }
  return Uint8Array.from(bytes);
}

function decodeText(text: string, attribute: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(percentDecode(text, attribute));
  } catch (error) {
    if (error instanceof KysoError) throw error;
    throw usage(`${attribute} is not UTF-8 after percent-decoding`);
  }
}

function splitAttribute(part: string): [string, string] {
  const equals = part.indexOf("=");
  if (equals <= 0) throw usage(`"${part}" is not name=value`);
  return [part.slice(0, equals).toLowerCase(), part.slice(equals + 1)];
}

function applyPathAttribute(uri: Pkcs11Uri, name: string, value: string): void {
  if (name in TEXT_PATH_ATTRIBUTES) {
    uri[TEXT_PATH_ATTRIBUTES[name as keyof typeof TEXT_PATH_ATTRIBUTES]] = decodeText(value, name);
  } else if (name === "id") {
    uri.id = percentDecode(value, name);
  } else if (name === "type") {
    if (!OBJECT_TYPES.includes(value)) throw usage(`type=${value} is not one of ${OBJECT_TYPES.join(", ")}`);
    uri.type = value as Pkcs11ObjectType;
  } else if (name === "slot-id") {
    if (!/^\d+$/.test(value)) throw usage(`slot-id=${value} is not a decimal number`);
    uri.slotId = Number(value);
  } else if (!IGNORED_PATH_ATTRIBUTES.has(name) && !name.startsWith("x-")) {
    throw usage(`unknown path attribute "${name}"`);
  }
}

function applyQueryAttribute(uri: Pkcs11Uri, name: string, value: string): void {
  switch (name) {
    case "module-path":
      uri.modulePath = decodeText(value, name);
      return;
    case "module-name":
      uri.moduleName = decodeText(value, name);
      return;
    case "pin-source":
      uri.pinSource = decodeText(value, name);
      return;
    case "pin-value":
      // A command line is readable by every user of the machine (ARCHITECTURE.md, security rule 2).
      throw usage("pin-value is refused: a PIN never goes on the command line; use --pin-env NAME or --pin-stdin");
    default:
      if (!name.startsWith("x-")) throw usage(`unknown query attribute "${name}"`);
  }
}

/**
 * Parses `pkcs11:path-attr;path-attr?query-attr&query-attr` (RFC 7512 §2.3). Each path
 * attribute may appear once (§2.3: "MUST NOT appear more than once"); vendor `x-` attributes
 * are accepted and ignored; any other unknown attribute is refused rather than silently
 * widening the selection.
 */
export function parsePkcs11Uri(text: string): Pkcs11Uri {
  if (!/^pkcs11:/i.test(text)) throw usage(`"${text.slice(0, 40)}" does not start with pkcs11:`);
  const body = text.slice("pkcs11:".length);
  const question = body.indexOf("?");
  const path = question < 0 ? body : body.slice(0, question);
  const query = question < 0 ? "" : body.slice(question + 1);
  const uri: Pkcs11Uri = {};
  const seen = new Set<string>();
  for (const part of path.split(";").filter((p) => p !== "")) {
    const [name, value] = splitAttribute(part);
    if (seen.has(name)) throw usage(`path attribute "${name}" appears twice`);
    seen.add(name);
    applyPathAttribute(uri, name, value);
  }
  for (const part of query.split("&").filter((p) => p !== "")) {
    const [name, value] = splitAttribute(part);
    if (seen.has(`?${name}`)) throw usage(`query attribute "${name}" appears twice`);
    seen.add(`?${name}`);
    applyQueryAttribute(uri, name, value);
  }
  return uri;
}
