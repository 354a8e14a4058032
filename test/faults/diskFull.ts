/**
 * Fault script: disk full and read-only folders, on real file systems: a small tmpfs that fills up (ENOSPC) and a
 * read-only bind mount (EROFS) — we run as root, and root ignores chmod, so permissions alone would prove nothing.
 * Needs `mount` (root, CAP_SYS_ADMIN); without it the script says so and proves nothing.
 *
 * Each scenario: the failure gives a clear error (naming the problem: no space left / read-only file system), the
 * published file is unchanged (same bytes) and still opens and passes every check, no temporary file is left, and
 * once space (or write access) is back the next run completes.
 *
 *   npx tsx test/faults/diskFull.ts
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exportWarehouse } from '../../src/export/index.ts';
import { openWarehouse, queryValue } from '../../src/warehouse/connection.ts';
import {
  failingChecks,
  isMain,
  latestVintage,
  createSite as newSite,
  releaseVintage,
  runSite,
  type Site,
  scriptArgs,
} from './lib/site.ts';

function mount(args: string[]): void {
  execFileSync('mount', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Whether this process may mount file systems (root with CAP_SYS_ADMIN, not in a restricted container). */
export function canMount(): { ok: boolean; reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'centinela-mount-probe-'));
  try {
    mount(['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    execFileSync('umount', [dir]);
    return { ok: true, reason: '' };
  } catch (error) {
    return { ok: false, reason: (error as Error).message.split('\n')[0] ?? 'mount failed' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

class Mounts {
  private readonly points: string[] = [];
  tmpfs(dir: string, bytes: number): void {
    mkdirSync(dir, { recursive: true });
    mount(['-t', 'tmpfs', '-o', `size=${Math.ceil(bytes / 4096) * 4}k`, 'tmpfs', dir]);
    this.points.push(dir);
  }
  /** Fills the file system of `dir` with a filler file until only `leaveBytes` are free; returns the filler. */
  fill(dir: string, leaveBytes: number): string {
    const filler = join(dir, 'filler.bin');
    const { bavail, bsize } = statfsSync(dir);
    const size = Math.max(0, bavail * bsize - leaveBytes);
    const fd = openSync(filler, 'w');
    const block = Buffer.alloc(1024 * 1024, 1);
    for (let written = 0; written < size; written += block.length) {
      writeSync(fd, block, 0, Math.min(block.length, size - written));
    }
    closeSync(fd);
    return filler;
  }
  readOnly(dir: string): void {
    mount(['--bind', dir, dir]);
    mount(['-o', 'remount,bind,ro', dir]);
    this.points.push(dir);
  }
  writable(dir: string): void {
    mount(['-o', 'remount,bind,rw', dir]);
  }
  unmountAll(): void {
    for (const p of this.points.reverse()) {
      try {
        execFileSync('umount', ['-l', p]);
      } catch {
        // already gone
      }
    }
    this.points.length = 0;
  }
}

export interface Scenario {
  name: string;
  error: string;
  clearError: boolean;
  publishedUnchanged: boolean;
  publishedOpensAndPasses: boolean;
  leftovers: string[];
  recovered: boolean | null;
  note: string;
}

const sha = (p: string) =>
  existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'none';
const sizeOf = (p: string) => (existsSync(p) ? statSync(p).size : 0);

async function attempt(site: Site): Promise<string | null> {
  try {
    await runSite(site);
    return null;
  } catch (error) {
    // The first line is what a person reads: it must say what went wrong.
    return (error as Error).message.split('\n')[0] ?? '';
  }
}

async function opensAndPasses(path: string): Promise<boolean> {
  try {
    const wh = await openWarehouse(path, { readOnly: true });
    wh.closeSync();
    return (await failingChecks(path)).length === 0;
  } catch {
    return false;
  }
}

function temporaryFiles(...dirs: string[]): string[] {
  return dirs.flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => /\.tmp$|\.export-/.test(f)) : []));
}

/** The message of the export's error, or '(no error)'. */
async function exportError(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return '(no error)';
  } catch (e) {
    return (e as Error).message;
  }
}

const NO_SPACE = /no space left on device|ENOSPC|could not write|disk is full|not enough space/i;
const READ_ONLY = /read-only file system|EROFS|permission denied|EACCES/i;

export async function runDiskFull(
  opts: { log?: (line: string) => void; allSources?: boolean } = {},
): Promise<{ skipped: string | null; scenarios: Scenario[] }> {
  const log = opts.log ?? (() => {});
  const probe = canMount();
  if (!probe.ok)
    return { skipped: `cannot mount file systems here (${probe.reason}): nothing was proven`, scenarios: [] };
  const scenarios: Scenario[] = [];
  const mounts = new Mounts();
  const root = mkdtempSync(join(tmpdir(), 'centinela-disk-'));
  const sites: Site[] = [];
  const createSite = (o: Parameters<typeof newSite>[0]) => {
    const site = newSite(o);
    sites.push(site);
    return site;
  };
  /**
   * One scenario: a site whose `folder` is on a tmpfs that is then filled (`full`), or on a bind mount then made
   * read-only; release 0 is published, release 1 attempted while the fault lasts, and again once it is undone.
   */
  const scenario = async (spec: {
    name: string;
    folder: 'dataDir' | 'workDir' | 'snapshotDir';
    /** tmpfs size, and the bytes left free once filled (given the published file); none: read-only instead. */
    full?: { bytes: number; leave: (published: string) => number };
    allSources?: boolean;
    expected: RegExp;
    /** The error must also name the published file. */
    namesPublished?: boolean;
    /** Look for temporary files in `folder` too, not only in the published folder. */
    leftoversInFolder?: boolean;
    /** Runs while the fault lasts; returns the note. */
    whileBroken?: (site: Site) => Promise<string>;
    /** The note, from the log of the run after the fault (and its error if it failed). */
    note?: string | ((runLog: string[], failure: string | undefined) => string);
    /** Runs before the site is removed. */
    after?: (site: Site) => Promise<void>;
  }) => {
    const dir = join(root, `${spec.full ? 'full' : 'ro'}-${spec.folder.replace('Dir', '')}`);
    if (spec.full) mounts.tmpfs(dir, spec.full.bytes);
    else mkdirSync(dir, { recursive: true });
    const site = createSite({ allSources: spec.allSources ?? false, [spec.folder]: dir });
    site.writeRelease(0);
    await runSite(site);
    const before = sha(site.published);
    let undo: () => void;
    if (spec.full) {
      const filler = mounts.fill(dir, spec.full.leave(site.published));
      undo = () => rmSync(filler);
    } else {
      mounts.readOnly(dir);
      undo = () => mounts.writable(dir);
    }
    site.writeRelease(1);
    const error = (await attempt(site)) ?? '(no error)';
    const brokenNote = await spec.whileBroken?.(site);
    const s: Scenario = {
      name: spec.name,
      error,
      clearError: spec.expected.test(error) && (!spec.namesPublished || error.includes(site.published)),
      publishedUnchanged: sha(site.published) === before,
      publishedOpensAndPasses: await opensAndPasses(site.published),
      leftovers: temporaryFiles(dirname(site.published), ...(spec.leftoversInFolder ? [dir] : [])),
      recovered: null,
      note: '',
    };
    undo();
    const runLog: string[] = [];
    let failure: string | undefined;
    try {
      await runSite(site, { log: (m) => runLog.push(m) });
      s.recovered = (await latestVintage(site.published)) === releaseVintage(1);
    } catch (e) {
      s.recovered = false;
      failure = (e as Error).message;
    }
    s.note = brokenNote ?? (typeof spec.note === 'function' ? spec.note(runLog, failure) : (spec.note ?? ''));
    scenarios.push(s);
    await spec.after?.(site);
    site.cleanup();
    return s;
  };

  try {
    const s1 = await scenario({
      name: 'published folder full during publish (tmpfs)',
      folder: 'dataDir',
      full: { bytes: 64 * 1024 * 1024, leave: (published) => sizeOf(published) / 2 }, // no room for a new copy
      expected: NO_SPACE,
      namesPublished: true,
      note: 'the run had committed in the working warehouse; the next run found the published file behind and published it',
    });
    log(`1: ${s1.error}`);
    const s2 = await scenario({
      name: 'working folder full during a run (tmpfs)',
      folder: 'workDir',
      full: { bytes: 256 * 1024 * 1024, leave: () => 512 * 1024 },
      allSources: opts.allSources ?? true,
      expected: NO_SPACE,
      note: (runLog, failure) => {
        if (failure) return failure;
        const damaged = runLog.find((l) => /could not be opened/.test(l));
        if (damaged)
          return `the working file could not be reopened; it was moved aside and rebuilt from the published file (${damaged.slice(0, 120)}…)`;
        return runLog.some((l) => /skipped: the same bytes/.test(l))
          ? 'the disk filled after the commit (at the checkpoint): DuckDB replayed its write-ahead log on reopening, and the next run found the release loaded and published it'
          : 'DuckDB rolled the transaction back; the next run reopened the working file and loaded the release again';
      },
    });
    log(`2: ${s2.error}`);
    await scenario({
      name: 'snapshot folder full (tmpfs)',
      folder: 'snapshotDir',
      full: { bytes: 64 * 1024 * 1024, leave: () => 4096 },
      expected: NO_SPACE,
      leftoversInFolder: true,
      after: async (site) => {
        const exportDir = join(root, 'full-export');
        mounts.tmpfs(exportDir, 64 * 1024);
        const before = sha(site.published);
        const error = await exportError(() =>
          exportWarehouse({
            warehouse: site.published,
            format: 'csv',
            out: join(exportDir, 'obs'),
            table: 'observations_all_vintages',
          }),
        );
        scenarios.push({
          name: 'export onto a full disk (tmpfs)',
          error,
          clearError: NO_SPACE.test(error),
          publishedUnchanged: sha(site.published) === before,
          publishedOpensAndPasses: await opensAndPasses(site.published),
          leftovers: readdirSync(exportDir),
          recovered: null,
          note: 'nothing written: the export folder is created by a rename only when complete',
        });
      },
    });
    let readOnlyExport = '';
    let readOnlyExportUnchanged = false;
    let readOnlyExportOpens = false;
    await scenario({
      name: 'published folder read-only (ro bind mount)',
      folder: 'dataDir',
      expected: READ_ONLY,
      namesPublished: true,
      whileBroken: async (site) => {
        // Researchers on a read-only share can still open it.
        let readable = false;
        try {
          const wh = await openWarehouse(site.published, { readOnly: true });
          readable =
            (await queryValue<number>(wh.connection, 'SELECT count(*) FROM analytics.observations')) > 0;
          wh.closeSync();
        } catch {
          readable = false;
        }
        const before = sha(site.published);
        readOnlyExport = await exportError(() =>
          exportWarehouse({
            warehouse: site.published,
            format: 'parquet',
            out: join(dirname(site.published), 'export'),
          }),
        );
        readOnlyExportUnchanged = sha(site.published) === before;
        readOnlyExportOpens = await opensAndPasses(site.published);
        return `readers can still open it read-only: ${readable}; an export into it: ${readOnlyExport}`;
      },
    });
    scenarios.push({
      name: 'export into a read-only folder',
      error: readOnlyExport,
      clearError: READ_ONLY.test(readOnlyExport),
      publishedUnchanged: readOnlyExportUnchanged,
      publishedOpensAndPasses: readOnlyExportOpens,
      leftovers: [],
      recovered: null,
      note: '',
    });
    await scenario({
      name: 'working folder read-only (ro bind mount)',
      folder: 'workDir',
      expected: READ_ONLY,
    });
    return { skipped: null, scenarios };
  } finally {
    mounts.unmountAll();
    for (const site of sites) site.cleanup();
    rmSync(root, { recursive: true, force: true });
  }
}

export function formatDiskFull(r: { skipped: string | null; scenarios: Scenario[] }): string {
  if (r.skipped) return `Disk full / read-only: SKIPPED: ${r.skipped}`;
  const yes = (b: boolean | null) => (b === null ? '-' : b ? 'yes' : 'NO');
  const out = ['Disk full and read-only folders (real tmpfs and read-only bind mounts)'];
  for (const s of r.scenarios) {
    out.push(`  ${s.name}`);
    out.push(`    error: ${s.error.split('\n')[0]?.slice(0, 240)}`);
    out.push(
      `    clear error: ${yes(s.clearError)} · published unchanged: ${yes(s.publishedUnchanged)} · opens and passes checks: ${yes(s.publishedOpensAndPasses)} · temporary files left: ${s.leftovers.length} · next run completes once fixed: ${yes(s.recovered)}`,
    );
    if (s.note) out.push(`    ${s.note}`);
  }
  const bad = r.scenarios.filter(
    (s) =>
      !s.clearError ||
      !s.publishedUnchanged ||
      !s.publishedOpensAndPasses ||
      s.leftovers.length > 0 ||
      s.recovered === false,
  );
  out.push(`  scenarios failing a property: ${bad.length}   (target 0)`);
  return out.join('\n');
}

if (isMain(import.meta.url)) {
  const args = scriptArgs({ small: false });
  const result = await runDiskFull({ log: (l) => console.error(l), allSources: !args.small });
  console.log(formatDiskFull(result));
  process.exitCode = result.skipped ? 0 : formatDiskFull(result).includes('failing a property: 0') ? 0 : 1;
}
