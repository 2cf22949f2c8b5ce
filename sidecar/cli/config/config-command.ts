import { KysoError } from "../../../shared/protocol/kyso-error.js";
import type { CliCommand } from "../cli-io.js";

const USAGE = "kyso config show [--json]";

/** `kyso config show`: every setting kyso runs with, and the source it came from. */
export const configCommand: CliCommand = {
  name: "config",
  summary: { vi: "xem thiết lập kyso đang dùng và nguồn của từng giá trị", en: "show kyso's effective settings and where each value came from" },
  usage: {
    vi: `Cách dùng: ${USAGE}\n  Thứ tự ưu tiên: chính sách máy (/etc/kyso/policy.json) > chính sách trình duyệt > cấu hình người dùng (~/.config/kyso/config.json) > mặc định.\n`,
    en: `Usage: ${USAGE}\n  Precedence: machine policy (/etc/kyso/policy.json) > browser policy > user config (~/.config/kyso/config.json) > defaults.\n`,
  },
  async run(context) {
    const [action, ...args] = context.args;
    if (action !== "show") throw new KysoError("CLI_USAGE", USAGE);
    const { showConfig } = await import("./config-show.js");
    return showConfig({ ...context, args });
  },
};
