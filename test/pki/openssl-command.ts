import { execFile } from "node:child_process";

/** Failure of an `openssl` invocation, with its stderr kept for the test log. */
export class OpensslCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    options?: ErrorOptions,
  ) {
    super(`openssl ${args.join(" ")} failed: ${stderr.trim()}`, options);
    this.name = "OpensslCommandError";
  }
}

/** Runs the system `openssl` and returns its stdout as bytes. */
export function runOpenssl(args: readonly string[], options: { cwd?: string; stdin?: Uint8Array } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "openssl",
      args,
      { cwd: options.cwd, encoding: "buffer", maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new OpensslCommandError(args, stderr.toString("utf8"), { cause: error }));
        else resolve(stdout);
      },
    );
    if (options.stdin) child.stdin?.end(options.stdin);
    else child.stdin?.end();
  });
}
