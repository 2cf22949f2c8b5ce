/** Writes docs/settings-reference.md from the settings schema (npm run docs:settings). */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { settingsReferenceMarkdown } from "../shared/policy/settings-reference.js";

const file = resolve(import.meta.dirname, "../docs/settings-reference.md");
await writeFile(file, settingsReferenceMarkdown());
console.log(`kyso: wrote ${file}`);
