import type { Config } from '../core/config.ts';
import type { Pipeline } from '../core/pipeline.ts';
import type { DataMode } from '../run/run.ts';
import type { GlobalValues, Io } from './define.ts';
import { UsageError } from './define.ts';

export interface Context {
  config: Config;
  /** Every pipeline: built in and from pipelineDirs. */
  pipelines: Pipeline[];
  data: DataMode;
}

/** The configuration (file, environment, --demo) and the pipelines a command works on; loaded only when it runs. */
export async function loadContext(values: GlobalValues & { live?: boolean }, io: Io): Promise<Context> {
  if (values.live && values.demo) throw new UsageError('--live and --demo exclude each other');
  const [{ loadConfigSync, demoConfig }, { withExtraPipelines, checkConfiguredPipelines }, { pipelines }] =
    await Promise.all([
      import('../core/config.ts'),
      import('../core/registry.ts'),
      import('../../pipelines/index.ts'),
    ]);
  const loaded = loadConfigSync({ file: values.config, cwd: io.cwd, env: io.env ?? process.env }).config;
  const config = values.demo ? demoConfig(loaded) : loaded;
  const all = await withExtraPipelines(pipelines, config.pipelineDirs);
  checkConfiguredPipelines(Object.keys(loaded.pipelines), all);
  return { config, pipelines: all, data: values.demo ? 'demo' : values.live ? 'live' : 'bundled' };
}

/** Only the configuration (commands that need no pipeline). */
export async function loadConfig(values: GlobalValues, io: Io): Promise<Config> {
  const { loadConfigSync, demoConfig } = await import('../core/config.ts');
  const loaded = loadConfigSync({ file: values.config, cwd: io.cwd, env: io.env ?? process.env }).config;
  return values.demo ? demoConfig(loaded) : loaded;
}

export function enabledPipelines(config: Config, pipelines: Pipeline[]): Pipeline[] {
  return pipelines.filter((p) => config.pipelines[p.name]?.enabled ?? true);
}
