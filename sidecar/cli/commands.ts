import { auditCommand } from "./audit/audit-command.js";
import type { CliCommand } from "./cli-io.js";
import { configCommand } from "./config/config-command.js";
import { doctorCommand } from "./doctor/doctor-command.js";
import { installCommand, uninstallCommand } from "./install/install-command.js";
import { extendCommand } from "./extend/extend-command.js";
import { keysCommand } from "./keys/keys-command.js";
import { mailCommand } from "./mail/mail-command.js";
import { policyCommand } from "./policy/policy-command.js";
import { signCommand } from "./sign/sign-command.js";
import { verifyCommand } from "./verify/verify-command.js";

/**
 * Subcommands, in the order `kyso --help` lists them. Each lives in its own module and is
 * loaded only when run, so that `kyso --version` stays instant.
 */
export const COMMANDS: readonly CliCommand[] = [signCommand, verifyCommand, extendCommand, keysCommand, mailCommand, installCommand, uninstallCommand, doctorCommand, auditCommand, policyCommand, configCommand];
