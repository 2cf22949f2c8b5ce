import type { BlobStore } from "./blob-store.js";
import type { HostConfig } from "./host-config.js";
import type { HostLog } from "./host-log.js";

/** What the handlers of one host process share. */
export interface HostServices {
  log: HostLog;
  config: HostConfig;
  blobs: BlobStore;
  /** The audit log's file (sidecar/audit), appended to by sign.digest and mail. */
  auditFile: string;
  /** The operating-system user, recorded in the audit log as "who". */
  user: string;
}
