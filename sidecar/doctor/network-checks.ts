import { ok, problem, type CheckResult } from "./doctor-check.js";

const TIMEOUT_MS = 5000;

/**
 * Whether a TSA or OCSP endpoint answers HTTP at all. Any HTTP status counts as reachable:
 * an empty request is not a valid query, and what matters here is the network path (proxy,
 * firewall, DNS) that signing will use.
 */
export async function checkEndpoint(options: { kind: "tsa" | "ocsp"; url: string }): Promise<CheckResult> {
  const id = `${options.kind}-reachable`;
  const name = options.kind === "tsa" ? { vi: "Máy chủ dấu thời gian", en: "Timestamp server" } : { vi: "Máy chủ OCSP", en: "OCSP responder" };
  const started = performance.now();
  try {
    const response = await fetch(options.url, {
      method: "POST",
      headers: { "content-type": options.kind === "tsa" ? "application/timestamp-query" : "application/ocsp-request" },
      body: new Uint8Array(0),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.arrayBuffer();
    const ms = Math.round(performance.now() - started);
    return ok(id, { vi: `${name.vi} ${options.url} trả lời (HTTP ${response.status}, ${ms} ms)`, en: `${name.en} ${options.url} answers (HTTP ${response.status}, ${ms} ms)` }, { url: options.url, status: response.status, ms });
  } catch (error) {
    return problem({
      id, status: "fail",
      message: { vi: `Không kết nối được ${name.vi.toLowerCase()} ${options.url}`, en: `${name.en} ${options.url} cannot be reached` },
      fix: { vi: "Kiểm tra kết nối mạng, tường lửa hoặc proxy của cơ quan tới địa chỉ này", en: "Check the network, firewall or agency proxy on the way to this address" },
      data: { url: options.url, detail: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) },
    });
  }
}
