import { KysoError } from "../../../shared/protocol/kyso-error.js";
import { CREDENTIAL_SERVICE, type CredentialStore } from "./credential-store.js";
import { runOsCommand } from "./os-command.js";

/**
 * Windows Credential Manager (generic credentials, target "kyso-mail:<key>") through
 * PowerShell calling advapi32 CredReadW / CredWriteW / CredDeleteW: `cmdkey` can write but
 * takes the password in argv and cannot read it back. The secret travels on stdin, base64.
 * Untested here (no Windows on this machine).
 */
const NATIVE = `
Add-Type -Namespace K -Name C -MemberDefinition @'
[StructLayout(LayoutKind.Sequential, CharSet=CharSet.Unicode)] public struct CRED { public int Flags; public int Type; public string TargetName; public string Comment; public long LastWritten; public int BlobSize; public IntPtr Blob; public int Persist; public int AttributeCount; public IntPtr Attributes; public string TargetAlias; public string UserName; }
[DllImport("advapi32.dll", CharSet=CharSet.Unicode, SetLastError=true)] public static extern bool CredReadW(string target, int type, int flags, out IntPtr cred);
[DllImport("advapi32.dll", CharSet=CharSet.Unicode, SetLastError=true)] public static extern bool CredWriteW(ref CRED cred, int flags);
[DllImport("advapi32.dll", CharSet=CharSet.Unicode, SetLastError=true)] public static extern bool CredDeleteW(string target, int type, int flags);
[DllImport("advapi32.dll")] public static extern void CredFree(IntPtr cred);
'@
$in = [Console]::In.ReadToEnd().Split("\`n")
$target = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($in[1]))
`;

const SCRIPTS = {
  read: `${NATIVE}
$p = [IntPtr]::Zero
if (-not [K.C]::CredReadW($target, 1, 0, [ref]$p)) { if ([Runtime.InteropServices.Marshal]::GetLastWin32Error() -eq 1168) { exit 3 } else { exit 2 } }
$c = [Runtime.InteropServices.Marshal]::PtrToStructure($p, [type][K.C+CRED])
$bytes = New-Object byte[] $c.BlobSize
[Runtime.InteropServices.Marshal]::Copy($c.Blob, $bytes, 0, $c.BlobSize)
[K.C]::CredFree($p)
[Console]::Out.Write([Convert]::ToBase64String($bytes))`,
  write: `${NATIVE}
$bytes = [Convert]::FromBase64String($in[2])
$c = New-Object K.C+CRED
$c.Type = 1; $c.Persist = 2; $c.TargetName = $target; $c.UserName = $target; $c.BlobSize = $bytes.Length
$c.Blob = [Runtime.InteropServices.Marshal]::AllocHGlobal($bytes.Length)
[Runtime.InteropServices.Marshal]::Copy($bytes, 0, $c.Blob, $bytes.Length)
$ok = [K.C]::CredWriteW([ref]$c, 0)
[Runtime.InteropServices.Marshal]::FreeHGlobal($c.Blob)
if (-not $ok) { exit 2 }`,
  remove: `${NATIVE}
[void][K.C]::CredDeleteW($target, 1, 0)`,
};

async function powershell(script: keyof typeof SCRIPTS, target: string, secret = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  const encoded = Buffer.from(SCRIPTS[script], "utf16le").toString("base64");
  return runOsCommand("powershell.exe", ["-NoProfile", "-NonInteractive", "-EncodedCommand", encoded], { stdin: `${script}\n${b64(target)}\n${b64(secret)}\n` });
}

export function windowsCredentialStore(): CredentialStore {
  const target = (key: string) => `${CREDENTIAL_SERVICE}:${key}`;
  return {
    kind: "windows-credential-manager",
    location: "Windows Credential Manager",
    async read(key) {
      const outcome = await powershell("read", target(key));
      if (outcome.code === 3) return undefined;
      if (outcome.code !== 0) throw new KysoError("MAIL_CREDENTIAL_STORE_FAILED", `CredRead: ${outcome.stderr.trim()}`);
      return Buffer.from(outcome.stdout.trim(), "base64").toString("utf8");
    },
    async write(key, secret) {
      const outcome = await powershell("write", target(key), secret);
      if (outcome.code !== 0) throw new KysoError("MAIL_CREDENTIAL_STORE_FAILED", `CredWrite: ${outcome.stderr.trim()}`);
    },
    async remove(key) {
      await powershell("remove", target(key));
    },
  };
}
