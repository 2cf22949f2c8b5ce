import { inject } from "vitest";
import type { TestPki } from "../pki/test-pki.js";
import type { SoftHsmToken } from "../services/softhsm-token.js";

/** Where the real services of this test run are; JSON-serialisable (crosses to workers). */
export interface TestServices {
  stateDir: string;
  pki: TestPki;
  repositoryBaseUrl: string;
  ocspUrl: string;
  tsaUrl: string;
  softhsm: SoftHsmToken;
  mail: {
    smtp: { host: string; port: number };
    imap: { host: string; port: number };
    users: Array<{ address: string; password: string }>;
    caPem: string;
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    testServices: TestServices;
  }
}

/** The services the global set-up started; also points SoftHSM at the test token. */
export function testServices(): TestServices {
  const services = inject("testServices");
  // The PKCS#11 module reads this with getenv() at C_Initialize; tests run in forked
  // processes (pool "forks"), where assigning process.env really sets the environment.
  process.env.SOFTHSM2_CONF = services.softhsm.configFile;
  return services;
}
