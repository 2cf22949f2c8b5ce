import packageJson from "../package.json" with { type: "json" };

/** The sidecar's version: the package's, one source. */
export const SIDECAR_VERSION: string = packageJson.version;
