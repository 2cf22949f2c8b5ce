/**
 * Reads a regedit .reg file ("Windows Registry Editor Version 5.00", UTF-16LE) the way
 * `reg import` does — key sections, [-KEY] deletions, quoted REG_SZ, dword: and hex(1):
 * values — and refuses anything else, so a template regedit would reject fails the test.
 */
export type RegistryValue = { type: "sz"; value: string } | { type: "dword"; value: number };
export type RegistryKeys = Map<string, Map<string, RegistryValue>>;

function unquote(text: string, line: string): { value: string; rest: string } {
  if (!text.startsWith('"')) throw new Error(`expected a quoted string: ${line}`);
  let value = "";
  for (let i = 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === "\\") {
      const next = text[++i];
      if (next !== "\\" && next !== '"') throw new Error(`bad escape in: ${line}`);
      value += next;
    } else if (char === '"') return { value, rest: text.slice(i + 1) };
    else value += char;
  }
  throw new Error(`unterminated string: ${line}`);
}

function parseData(data: string, line: string): RegistryValue {
  if (data.startsWith('"')) {
    const { value, rest } = unquote(data, line);
    if (rest !== "") throw new Error(`text after a string: ${line}`);
    return { type: "sz", value };
  }
  const dword = /^dword:([0-9a-f]{8})$/.exec(data);
  if (dword) return { type: "dword", value: parseInt(dword[1]!, 16) };
  const hex = /^hex\(1\):((?:[0-9a-f]{2},)*[0-9a-f]{2})$/.exec(data);
  if (hex) {
    const text = Buffer.from(hex[1]!.split(",").map((byte) => parseInt(byte, 16))).toString("utf16le");
    if (!text.endsWith("\0")) throw new Error(`hex(1) without its NUL: ${line}`);
    return { type: "sz", value: text.slice(0, -1) };
  }
  throw new Error(`unsupported value data: ${line}`);
}

export function readRegistryFile(bytes: Buffer): RegistryKeys {
  if (bytes[0] !== 0xff || bytes[1] !== 0xfe) throw new Error("a .reg file is UTF-16LE with a BOM");
  const lines = bytes.subarray(2).toString("utf16le").split("\r\n");
  if (lines[0] !== "Windows Registry Editor Version 5.00") throw new Error(`bad header: ${lines[0]}`);
  const keys: RegistryKeys = new Map();
  let current: Map<string, RegistryValue> | undefined;
  for (const line of lines.slice(1)) {
    if (line === "" || line.startsWith(";")) continue;
    if (line.includes("\n") || line.includes("\r")) throw new Error("a bare line break inside a line");
    const section = /^\[(-?)(HKEY_[A-Z_]+\\[^\]]+)\]$/.exec(line);
    if (section) {
      const deleting = section[1] === "-";
      if (deleting) for (const key of [...keys.keys()]) if (key === section[2] || key.startsWith(`${section[2]!}\\`)) keys.delete(key);
      current = deleting ? undefined : (keys.get(section[2]!) ?? new Map());
      if (current) keys.set(section[2]!, current);
      continue;
    }
    if (!current) throw new Error(`value outside a key: ${line}`);
    const { value: name, rest } = unquote(line, line);
    if (!rest.startsWith("=")) throw new Error(`expected = after the value name: ${line}`);
    current.set(name, parseData(rest.slice(1), line));
  }
  return keys;
}
