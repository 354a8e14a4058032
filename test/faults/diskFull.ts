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
import { runPipelines } from '../../src/pipeline/run.ts';
import { openWarehouse, queryValue } from '../../src/warehouse/connection.ts';
import {
  failingChecks,
  isMain,
  latestVintage,
  createSite as newSite,
  releaseVintage,
  type Site,
  scriptArgs,
  sitePipelines,
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

async function runSite(site: Site) {
  const config = site.config();
  const { selected, all } = sitePipelines(config);
  return runPipelines({
    config,
    pipelines: selected,
    allPipelines: all,
    command: 'run',
    ingest: true,
    detect: true,
  });
}

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
  try {
    // --- 1. The published folder fills up during the publish copy.
    {
      const dataDir = join(root, 'full-data');
      mounts.tmpfs(dataDir, 64 * 1024 * 1024);
      const site = createSite({ allSources: false, dataDir });
      site.writeRelease(0);
      await runSite(site);
      const before = sha(site.published);
      const filler = mounts.fill(dataDir, sizeOf(site.published) / 2); // no room for a new copy of the file
      site.writeRelease(1);
      const error = (await attempt(site)) ?? '(no error)';
      const s: Scenario = {
        name: 'published folder full during publish (tmpfs)',
        error,
        clearError: NO_SPACE.test(error) && error.includes(site.published),
        publishedUnchanged: sha(site.published) === before,
        publishedOpensAndPasses: await opensAndPasses(site.published),
        leftovers: temporaryFiles(dataDir),
        recovered: null,
        note: '',
      };
      rmSync(filler);
      const again = await attempt(site);
      s.recovered = again === null && (await latestVintage(site.published)) === releaseVintage(1);
      s.note =
        'the run had committed in the working warehouse; the next run found the published file behind and published it';
      scenarios.push(s);
      site.cleanup();
      log(`1: ${s.error}`);
    }
    // --- 2. The working folder fills up while the run writes the working warehouse.
    {
      const workDir = join(root, 'full-work');
      mounts.tmpfs(workDir, 256 * 1024 * 1024);
      const site = createSite({ allSources: opts.allSources ?? true, workDir });
      site.writeRelease(0);
      await runSite(site);
      const before = sha(site.published);
      const work = join(workDir, 'centinela.duckdb');
      void work;
      const filler = mounts.fill(workDir, 512 * 1024);
      site.writeRelease(1);
      const error = (await attempt(site)) ?? '(no error)';
      const s: Scenario = {
        name: 'working folder full during a run (tmpfs)',
        error,
        clearError: NO_SPACE.test(error),
        publishedUnchanged: sha(site.published) === before,
        publishedOpensAndPasses: await opensAndPasses(site.published),
        leftovers: temporaryFiles(dirname(site.published)),
        recovered: null,
        note: '',
      };
      rmSync(filler);
      const log2: string[] = [];
      const config = site.config();
      const { selected, all } = sitePipelines(config);
      try {
        await runPipelines({
          config,
          pipelines: selected,
          allPipelines: all,
          command: 'run',
          ingest: true,
          detect: true,
          log: (m) => log2.push(m),
        });
        s.recovered = (await latestVintage(site.published)) === releaseVintage(1);
      } catch (e) {
        s.recovered = false;
        s.note = (e as Error).message;
      }
      const damaged = log2.find((l) => /could not be opened/.test(l));
      const committed = log2.some((l) => /skipped: the same bytes/.test(l));
      s.note ||= damaged
        ? `the working file could not be reopened; it was moved aside and rebuilt from the published file (${damaged.slice(0, 120)}…)`
        : committed
          ? 'the disk filled after the commit (at the checkpoint): DuckDB replayed its write-ahead log on reopening, and the next run found the release loaded and published it'
          : 'DuckDB rolled the transaction back; the next run reopened the working file and loaded the release again';
      scenarios.push(s);
      site.cleanup();
      log(`2: ${s.error}`);
    }
    // --- 3. The snapshot folder is full: the publisher's bytes cannot be kept.
    {
      const snapshotDir = join(root, 'full-snapshots');
      mounts.tmpfs(snapshotDir, 64 * 1024 * 1024);
      const site = createSite({ allSources: false, snapshotDir });
      site.writeRelease(0);
      await runSite(site);
      const before = sha(site.published);
      const filler = mounts.fill(snapshotDir, 4096);
      site.writeRelease(1);
      const error = (await attempt(site)) ?? '(no error)';
      const s: Scenario = {
        name: 'snapshot folder full (tmpfs)',
        error,
        clearError: NO_SPACE.test(error),
        publishedUnchanged: sha(site.published) === before,
        publishedOpensAndPasses: await opensAndPasses(site.published),
        leftovers: temporaryFiles(dirname(site.published), snapshotDir),
        recovered: null,
        note: '',
      };
      rmSync(filler);
      s.recovered =
        (await attempt(site)) === null && (await latestVintage(site.published)) === releaseVintage(1);
      scenarios.push(s);
      // --- 4. An export onto a full disk leaves nothing behind.
      const exportDir = join(root, 'full-export');
      mounts.tmpfs(exportDir, 64 * 1024);
      let exportError = '(no error)';
      try {
        await exportWarehouse({
          warehouse: site.published,
          format: 'csv',
          out: join(exportDir, 'obs'),
          table: 'observations_all_vintages',
        });
      } catch (e) {
        exportError = (e as Error).message;
      }
      scenarios.push({
        name: 'export onto a full disk (tmpfs)',
        error: exportError,
        clearError: NO_SPACE.test(exportError),
        publishedUnchanged: true,
        publishedOpensAndPasses: await opensAndPasses(site.published),
        leftovers: readdirSync(exportDir),
        recovered: null,
        note: 'nothing written: the export folder is created by a rename only when complete',
      });
      site.cleanup();
    }
    // --- 5. The published folder is read-only.
    {
      const dataDir = join(root, 'ro-data');
      mkdirSync(dataDir, { recursive: true });
      const site = createSite({ allSources: false, dataDir });
      site.writeRelease(0);
      await runSite(site);
      const before = sha(site.published);
      mounts.readOnly(dataDir);
      site.writeRelease(1);
      const error = (await attempt(site)) ?? '(no error)';
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
      let exportError = '(no error)';
      try {
        await exportWarehouse({ warehouse: site.published, format: 'parquet', out: join(dataDir, 'export') });
      } catch (e) {
        exportError = (e as Error).message;
      }
      const s: Scenario = {
        name: 'published folder read-only (ro bind mount)',
        error,
        clearError: READ_ONLY.test(error) && error.includes(site.published),
        publishedUnchanged: sha(site.published) === before,
        publishedOpensAndPasses: await opensAndPasses(site.published),
        leftovers: temporaryFiles(dataDir),
        recovered: null,
        note: `readers can still open it read-only: ${readable}; an export into it: ${exportError}`,
      };
      mounts.writable(dataDir);
      s.recovered =
        (await attempt(site)) === null && (await latestVintage(site.published)) === releaseVintage(1);
      scenarios.push(s);
      scenarios.push({
        name: 'export into a read-only folder',
        error: exportError,
        clearError: READ_ONLY.test(exportError),
        publishedUnchanged: true,
        publishedOpensAndPasses: true,
        leftovers: [],
        recovered: null,
        note: '',
      });
      site.cleanup();
    }
    // --- 6. The working folder is read-only.
    {
      const workDir = join(root, 'ro-work');
      mkdirSync(workDir, { recursive: true });
      const site = createSite({ allSources: false, workDir });
      site.writeRelease(0);
      await runSite(site);
      const before = sha(site.published);
      mounts.readOnly(workDir);
      site.writeRelease(1);
      const error = (await attempt(site)) ?? '(no error)';
      const s: Scenario = {
        name: 'working folder read-only (ro bind mount)',
        error,
        clearError: READ_ONLY.test(error),
        publishedUnchanged: sha(site.published) === before,
        publishedOpensAndPasses: await opensAndPasses(site.published),
        leftovers: temporaryFiles(dirname(site.published)),
        recovered: null,
        note: '',
      };
      mounts.writable(workDir);
      s.recovered =
        (await attempt(site)) === null && (await latestVintage(site.published)) === releaseVintage(1);
      scenarios.push(s);
      site.cleanup();
    }
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
