/**
 * A document's file name from its URL: the last path segment, percent-decoded. A page's URL
 * may carry a malformed escape ("%E0%A4%A"), which decodeURIComponent throws on; the segment
 * is then kept as written, so one odd link never fails a whole request. `fallback` when the
 * path ends in "/".
 */
export function documentNameFromUrl(url: URL, fallback: string): string {
  const segment = url.pathname.split("/").pop() ?? "";
  if (segment === "") return fallback;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
