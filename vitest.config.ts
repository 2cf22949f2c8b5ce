import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{shared,sidecar,extension,test,demo}/**/*.test.ts"],
    // The real services (PKI, OCSP, TSA, SoftHSM, Dovecot, Postfix) are started once for
    // the whole run; a service that cannot start fails the run loudly.
    globalSetup: ["test/setup/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: keep the pool small so that the real servers are not starved.
    maxWorkers: 2,
    reporters: ["default", "./test/setup/plain-summary-reporter.ts"],
  },
});
