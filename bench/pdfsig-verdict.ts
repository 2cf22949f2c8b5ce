import { execFile } from "node:child_process";
import { promisify } from "node:util";

/**
 * Checks a signed output with poppler's pdfsig, the independent checker the tests use too.
 * pdfsig exits 0 whatever the signatures say, so its text is read: every signature must say
 * "Signature is Valid." (the certificate's trust is not judged: the test PKI's root is not in
 * NSS). Returns undefined when the file passes, else what pdfsig said instead.
 */
export async function pdfsigProblem(signedPdf: string): Promise<string | undefined> {
  let report: string;
  try {
    report = (await promisify(execFile)("pdfsig", [signedPdf], { maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    // pdfsig does exit non-zero when it cannot read the file at all: keep what it said.
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    report = `${stdout}${stderr}`;
  }
  const verdicts = [...report.matchAll(/Signature Validation: (.*)/g)].map((match) => match[1]!.trim());
  if (verdicts.length === 0) return `no signature found (${report.trim().split("\n").pop() ?? "no output"})`;
  const bad = verdicts.find((verdict) => verdict !== "Signature is Valid.");
  return bad === undefined ? undefined : `pdfsig: ${bad}`;
}
