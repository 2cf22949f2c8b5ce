/**
 * Chromium closes the port when the host sends a message over 1 MiB (measured, see
 * TEST-SERVERS.md; developer.chrome.com "Native messaging": "The maximum size of a single
 * message from the native messaging host is 1 MB"), and refuses messages to the host over
 * 64 MiB.
 */
export const HOST_TO_BROWSER_MAX_BYTES = 1024 * 1024;
export const BROWSER_TO_HOST_MAX_BYTES = 64 * 1024 * 1024;

/**
 * What the host accepts in one message unless configured otherwise: documents travel in
 * blob.put chunks (BLOB_CHUNK_MAX_BYTES), so anything bigger is a mistake or an attack.
 */
export const HOST_DEFAULT_MAX_INCOMING_BYTES = 4 * 1024 * 1024;

/** One blob.put / blob.get chunk, decoded; 512 KiB base64 is ~683 KiB of JSON, under the 1 MiB cap. */
export const BLOB_CHUNK_MAX_BYTES = 512 * 1024;

/** Total size of one blob (a document, a mail attachment); CLI-sized files use the CLI. */
export const BLOB_MAX_BYTES = 512 * 1024 * 1024;
