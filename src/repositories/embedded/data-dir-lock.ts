// One process per DATA_DIR. nedb keeps the data in the memory of the process that opened it and
// rewrites whole datafiles when it compacts, and the crash repair (./recovery.ts) assumes nothing is
// in flight when the store opens: a second opener of the same directory (an overlapping deploy, a
// second `npm start`, a second open in this process) would lose writes and remove the first one's
// purchases in flight. So opening takes a lock file holding the pid:
// - created atomically with its content (written to a file of our own, then hard-linked into
//   place: the link fails if the lock exists, and is never seen empty);
// - a lock whose process is gone (a crash) is taken over, by one process at a time: the taker
//   first creates `flowguard.lock.takeover` the same way, then removes the lock only if it still
//   holds the dead pid (nobody else can change it meanwhile: creating needs it gone, removing needs
//   the takeover), then competes to create it like everyone else;
// - a directory this process already holds is refused too.
// Liveness is checked with signal 0, so it guards processes of one host (one pid namespace);
// replicas across hosts need MongoDB anyway.
import { randomBytes } from 'node:crypto';
import { link, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';

export const LOCK_FILE = 'flowguard.lock';

export class DataDirInUseError extends Error {
  constructor(dataDir: string, holder: string) {
    super(`DATA_DIR ${dataDir} is in use by ${holder} (${path.join(dataDir, LOCK_FILE)}): the embedded store serves one process; stop it, or use MONGODB_URI for several`);
    this.name = 'DataDirInUseError';
  }
}

/** Directories this process holds, by real path. */
const held = new Set<string>();

/** Takes the lock or throws DataDirInUseError; resolves with its release. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const real = await realpath(dataDir);
  if (held.has(real)) throw new DataDirInUseError(dataDir, 'this process');
  const file = path.join(real, LOCK_FILE);
  const mine = String(process.pid);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await create(file, mine)) {
      held.add(real);
      return async () => {
        held.delete(real);
        // Only our own lock: never remove one another process took over.
        if ((await readFile(file, 'utf8').catch(() => '')) === mine) await rm(file, { force: true });
      };
    }
    const holder = await readFile(file, 'utf8').catch(() => undefined);
    if (holder === undefined) continue; // released meanwhile: try again
    const pid = Number(holder);
    if (!Number.isInteger(pid) || pid <= 0) throw new DataDirInUseError(dataDir, 'another process (an unreadable lock: delete it if none runs)');
    // Our own pid but not held: left by an earlier process that had our pid (pid reuse), so stale.
    if (pid !== process.pid && isAlive(pid)) throw new DataDirInUseError(dataDir, `process ${pid}`);
    await removeStale(file, holder);
  }
  throw new DataDirInUseError(dataDir, 'another process (the lock kept changing)');
}

/** Creates the lock with its content in one step; false when it exists. */
async function create(file: string, content: string): Promise<boolean> {
  const own = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(own, content);
  try {
    await link(own, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    // A filesystem without hard links: an exclusive create, whose content follows a moment later.
    return writeFile(file, content, { flag: 'wx' }).then(() => true, (createError: NodeJS.ErrnoException) => {
      if (createError.code === 'EEXIST') return false;
      throw createError;
    });
  } finally {
    await rm(own, { force: true });
  }
}

/** Removes the lock if it still holds `staleContent`, under the takeover lock; else leaves it to the next attempt. */
async function removeStale(file: string, staleContent: string): Promise<void> {
  const takeover = `${file}.takeover`;
  if (!(await create(takeover, String(process.pid)))) {
    await clearAbandonedTakeover(takeover);
    await sleep(20); // another process is taking over: see what it leaves
    return;
  }
  try {
    if ((await readFile(file, 'utf8').catch(() => undefined)) === staleContent) await rm(file, { force: true });
  } finally {
    await rm(takeover, { force: true });
  }
}

/** A takeover lock whose process died mid-takeover (a window of a few milliseconds) and is old. */
async function clearAbandonedTakeover(takeover: string): Promise<void> {
  const [content, info] = await Promise.all([readFile(takeover, 'utf8').catch(() => ''), stat(takeover).catch(() => undefined)]);
  const pid = Number(content);
  if (info && Date.now() - info.mtimeMs > ABANDONED_TAKEOVER_MS && Number.isInteger(pid) && pid > 0 && !isAlive(pid)) await rm(takeover, { force: true });
}

const ABANDONED_TAKEOVER_MS = 10_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but another user's
  }
}
