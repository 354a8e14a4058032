/** The three notebooks in notebooks/ render without a failing block on the warehouse `npm start` builds. */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/core/paths.ts';
import { renderNotebook } from '../../src/notebook/render.ts';
import { buildDemoWarehouse, type DemoWarehouse } from '../browser/demoWarehouse.ts';

const folder = join(projectRoot, 'notebooks');
let demo: DemoWarehouse;

beforeAll(async () => {
  demo = await buildDemoWarehouse();
}, 180_000);
afterAll(() => demo?.temp.cleanup());

describe('the shipped notebooks', () => {
  it('are the three the panel asked for', () => {
    expect(
      readdirSync(folder)
        .filter((f) => f.endsWith('.md') && f !== 'README.md')
        .sort(),
    ).toEqual(['fentanyl-border-states.md', 'provisional-revisions.md', 'seizures-deaths-lag.md']);
  });

  it.each(['fentanyl-border-states', 'seizures-deaths-lag', 'provisional-revisions'])(
    '%s renders on the demo warehouse and says it is demo data',
    async (name) => {
      const r = await renderNotebook(join(folder, `${name}.md`), {
        warehouse: demo.warehouse,
        outDir: join(demo.temp.dir, 'notebooks'),
        cwd: projectRoot,
      });
      expect(r.errors).toEqual([]);
      expect(r.demo).toBe(true);
      expect(r.charts).toBeGreaterThanOrEqual(2);
      const html = readFileSync(r.out, 'utf8');
      expect(html).toContain('DEMO DATA — synthetic numbers, not real figures');
      expect(html).toContain('DATOS DE DEMOSTRACIÓN');
      expect(html).not.toContain('class="block-error"');
    },
  );
});
