/**
 * Version of the message protocol between page, extension and sidecar. Bumped on any
 * incompatible change; the `hello` handshake compares it so that a stale sidecar or
 * extension is reported as "please update" instead of failing mid-operation.
 */
export const PROTOCOL_VERSION = 1;
