import type { CertificateEntry } from "../../../shared/protocol/methods/keys.js";
import { errorMessage, type Language } from "../../../shared/protocol/error-messages.js";
import { isErrorCode } from "../../../shared/protocol/error-codes.js";
import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { CliCommand } from "../cli-io.js";
import { parseCliOptions } from "../cli-options.js";

const PROVIDER_LABELS: Readonly<Record<CertificateEntry["provider"], Record<Language, string>>> = {
  pkcs11: { vi: "Thiết bị", en: "Token" },
  csc: { vi: "Dịch vụ ký từ xa", en: "Remote signing service" },
  mss: { vi: "SIM PKI", en: "PKI SIM" },
  pkcs12: { vi: "Tệp khóa", en: "Key file" },
};

function describe(c: CertificateEntry, language: Language): string {
  const until = language === "vi" ? "Hiệu lực đến" : "Valid until";
  return `${c.subject}\n  ${PROVIDER_LABELS[c.provider][language]}: ${c.tokenLabel} (${c.tokenSerial})  ${until}: ${c.notAfter.slice(0, 10)}\n  ${c.certificateId}\n`;
}

/**
 * `kyso keys list [--module PATH] [--json]`: every certificate of every configured provider —
 * PKCS#11 tokens (--module, KYSO_PKCS11_MODULE or the modules installed here) and the CSC
 * service of KYSO_CSC_URL — each with the id `kyso sign --key` takes. A provider that cannot be
 * reached is reported on stderr and the others are still listed; only when nothing answered
 * does the command fail, with that provider's error.
 */
export const keysCommand: CliCommand = {
  name: "keys",
  summary: { vi: "liệt kê chứng thư số của mọi thiết bị và dịch vụ ký (keys list)", en: "list certificates of every signing token and service (keys list)" },
  async run(context) {
    const parsed = parseCliOptions(context.args, { module: { type: "string" }, json: { type: "boolean" } });
    if (parsed.positionals[0] !== "list") throw new KysoError("CLI_USAGE", "kyso keys list [--module /path/to/pkcs11.so] [--json]");
    const { cliKeySettings } = await import("./cli-key-settings.js");
    const { listAllKeys } = await import("../../keys/key-sources.js");
    const settings = await cliKeySettings(process.env, parsed.values.module === undefined ? {} : { modulePath: parsed.values.module });
    const listings = await listAllKeys({ env: process.env, settings });
    const certificates = listings.flatMap((l) => l.certificates);
    const unavailable = listings.flatMap((l) => l.unavailable.map((u) => ({ provider: l.scheme, ...u })));
    const [firstDown] = unavailable;
    if (certificates.length === 0 && firstDown && isErrorCode(firstDown.code)) throw new KysoError(firstDown.code, firstDown.source);
    if (parsed.values.json) {
      context.stdout(`${JSON.stringify({ certificates, unavailable }, null, 2)}\n`);
      return 0;
    }
    for (const down of unavailable) {
      const message = isErrorCode(down.code) ? errorMessage(down.code, context.language) : down.code;
      context.stderr(`kyso: ${down.code}: ${down.source}: ${message}\n`);
    }
    if (certificates.length === 0) context.stdout(context.language === "vi" ? "Không tìm thấy chứng thư số nào.\n" : "No certificates found.\n");
    for (const certificate of certificates) context.stdout(describe(certificate, context.language));
    return 0;
  },
};
