/** Where a page's or a window's message failed its schema, for a BAD_REQUEST's detail: "path: message; …", capped. */
export function schemaIssuesText(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues.map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`).join("; ").slice(0, 1000);
}
