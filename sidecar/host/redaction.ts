/**
 * Keys whose values never reach a log: the PIN (ARCHITECTURE.md security rule 2), passwords,
 * and bulk bytes (signed attributes, blob data) that only bloat the log.
 */
const SECRET_KEY = /pin|password|passphrase|secret|authorization/i;
const BULK_KEY = /^(data|toBeSigned|request|response|certificate|chain)$/;
const MAX_DEPTH = 6;
const MAX_STRING = 512;

/** A copy of `value` safe to log: secrets replaced, bulk values summarised, depth bounded. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…(${value.length})` : value;
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) copy[key] = "[redacted]";
    else if (BULK_KEY.test(key)) copy[key] = typeof item === "string" ? `[${item.length} chars]` : "[bytes]";
    else copy[key] = redact(item, depth + 1);
  }
  return copy;
}
