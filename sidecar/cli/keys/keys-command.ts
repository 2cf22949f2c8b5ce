import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { CliCommand } from "../cli-io.js";
import { parseCliOptions } from "../cli-options.js";

/**
 * `kyso keys list --module PATH [--json]`: certificates on the tokens of a PKCS#11 module
 * (the module may also come from KYSO_PKCS11_MODULE). Remote and PKI SIM providers and the
 * module paths from policy arrive with the issue "Key providers".
 */
export const keysCommand: CliCommand = {
  name: "keys",
  summary: { vi: "liệt kê chứng thư số trên thiết bị ký số (keys list)", en: "list certificates on signing tokens (keys list)" },
  async run(context) {
    const parsed = parseCliOptions(context.args, { module: { type: "string" }, json: { type: "boolean" } });
    if (parsed.positionals[0] !== "list") throw new KysoError("CLI_USAGE", "kyso keys list --module /path/to/pkcs11.so [--json]");
    const modulePath = parsed.values.module ?? process.env.KYSO_PKCS11_MODULE;
    if (!modulePath) throw new KysoError("CLI_USAGE", "--module /path/to/pkcs11-module (or KYSO_PKCS11_MODULE)");
    const { listTokenCertificates } = await import("../../keys/pkcs11/token-certificates.js");
    const certificates = await listTokenCertificates(modulePath);
    if (parsed.values.json) {
      context.stdout(`${JSON.stringify({ certificates }, null, 2)}\n`);
      return 0;
    }
    const vi = context.language === "vi";
    if (certificates.length === 0) context.stdout(vi ? "Không tìm thấy chứng thư số nào.\n" : "No certificates found.\n");
    for (const c of certificates) {
      context.stdout(`${c.subject}\n  ${vi ? "Thiết bị" : "Token"}: ${c.tokenLabel} (${c.tokenSerial})  ${vi ? "Hiệu lực đến" : "Valid until"}: ${c.notAfter.slice(0, 10)}\n  ${c.uri}\n`);
    }
    return 0;
  },
};
