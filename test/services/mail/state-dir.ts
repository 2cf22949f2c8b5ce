import { constants } from "node:fs";
import { access, chmod, chown, copyFile, mkdir, readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

/** Every path of one private Dovecot + Postfix instance; all of it lives under `root`. */
export interface Layout {
  root: string;
  logs: string;
  tlsCert: string;
  tlsKey: string;
  mailHomes: string;
  dovecot: {
    conf: string;
    users: string;
    /** base_dir: sockets (lmtp, auth-postfix) and master.pid. */
    baseDir: string;
    stateDir: string;
    log: string;
    startOutput: string;
  };
  postfix: {
    /** Conf, spool and data side by side, as Postfix's own tooling expects. */
    confDir: string;
    queueDir: string;
    dataDir: string;
    log: string;
    startOutput: string;
  };
}

export function layoutFor(stateDir: string): Layout {
  const root = resolve(stateDir);
  const logs = join(root, "logs");
  const dovecot = join(root, "dovecot");
  const postfix = join(root, "postfix");
  return {
    root,
    logs,
    tlsCert: join(root, "tls", "cert.pem"),
    tlsKey: join(root, "tls", "key.pem"),
    mailHomes: join(root, "mailboxes"),
    dovecot: {
      conf: join(dovecot, "dovecot.conf"),
      users: join(dovecot, "users"),
      baseDir: join(dovecot, "run"),
      stateDir: join(dovecot, "state"),
      log: join(logs, "dovecot.log"),
      startOutput: join(logs, "dovecot-start.out"),
    },
    postfix: {
      confDir: join(postfix, "conf"),
      queueDir: join(postfix, "spool"),
      dataDir: join(postfix, "data"),
      log: join(logs, "postfix.log"),
      startOutput: join(logs, "postfix-start.out"),
    },
  };
}

export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

/** Looks a system account up in /etc/passwd (no getpwnam in Node). */
export async function systemUser(name: string): Promise<SystemUser> {
  const passwd = await readFile("/etc/passwd", "utf8");
  for (const line of passwd.split("\n")) {
    const [user, , uid, gid] = line.split(":");
    if (user === name && uid !== undefined && gid !== undefined) {
      return { name, uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new Error(`system user "${name}" is missing (are the dovecot/postfix packages installed?)`);
}

/**
 * Creates the directory tree.  Postfix (user postfix), Dovecot's login/auth
 * processes (dovenull, dovecot) and the delivery process (user mail) all have
 * to traverse the path down to their files: a 0700 directory anywhere above
 * (fs.mkdtemp makes them) breaks Postfix with confusing "permission denied"
 * errors, so the root is made 0755 and the ancestors are checked up front.
 * Postfix needs the queue directory itself (root-owned) to exist, but creates
 * its subdirectories and the data directory with the ownership it insists on
 * (a root-owned data dir makes the master fail on master.lock).
 */
export async function prepareStateDir(layout: Layout, mailUser: SystemUser): Promise<void> {
  await mkdir(layout.root, { recursive: true });
  await chmod(layout.root, 0o755);
  await assertAncestorsTraversable(layout.root);
  const plainDirs = [layout.logs, dirname(layout.tlsCert), dirname(layout.dovecot.conf)];
  for (const dir of [...plainDirs, layout.postfix.confDir, layout.postfix.queueDir]) {
    await mkdir(dir, { recursive: true, mode: 0o755 });
  }
  await mkdir(layout.dovecot.stateDir, { recursive: true, mode: 0o750 });
  await mkdir(layout.mailHomes, { recursive: true, mode: 0o750 });
  await chown(layout.mailHomes, mailUser.uid, mailUser.gid);
}

async function assertAncestorsTraversable(dir: string): Promise<void> {
  for (let current = dirname(dir); ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `${current} is not traversable by other users (mode ${(mode & 0o777).toString(8)}); ` +
          "Postfix and Dovecot run as unprivileged users and need o+x on every parent of the state dir",
      );
    }
    if (current === dirname(current)) return;
  }
}

/**
 * Copies the caller's certificate and key into the state dir so that the
 * instance does not depend on the caller's temp files surviving, and so the
 * key can be root-only (both daemons read it before dropping privileges).
 */
export async function installTls(layout: Layout, certFile: string, keyFile: string): Promise<void> {
  await access(certFile, constants.R_OK);
  await access(keyFile, constants.R_OK);
  await copyFile(certFile, layout.tlsCert);
  await copyFile(keyFile, layout.tlsKey);
  await chmod(layout.tlsCert, 0o644);
  await chmod(layout.tlsKey, 0o600);
}
