import { xmlEscape } from "./xml-text.js";

export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };

function plistNode(value: PlistValue, indent: string): string {
  const inner = `${indent}  `;
  if (typeof value === "string") return `${indent}<string>${xmlEscape(value)}</string>`;
  if (typeof value === "boolean") return `${indent}<${value ? "true" : "false"}/>`;
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new Error(`plist: ${value} is not an integer`);
    return `${indent}<integer>${value}</integer>`;
  }
  if (Array.isArray(value)) return value.length === 0 ? `${indent}<array/>` : `${indent}<array>\n${value.map((item) => plistNode(item, inner)).join("\n")}\n${indent}</array>`;
  const entries = Object.entries(value);
  if (entries.length === 0) return `${indent}<dict/>`;
  return `${indent}<dict>\n${entries.map(([key, item]) => `${inner}<key>${xmlEscape(key)}</key>\n${plistNode(item, inner)}`).join("\n")}\n${indent}</dict>`;
}

/** An XML property list (Apple's PropertyList-1.0 DTD), as configuration profiles are written. */
export function plistXml(root: PlistValue): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">`,
    `<plist version="1.0">`,
    plistNode(root, ""),
    `</plist>`,
    ``,
  ].join("\n");
}
