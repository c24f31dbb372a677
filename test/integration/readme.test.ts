import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { createAppServices } from '../../electron/services/app.js';
import type { Simulation } from '../../shared/contract/rules.js';
import { unwrapDmsBody } from '../../shared/events/dms-body.js';
import { TEST_VAULT_ENV } from './test-stores.js';
import fs from 'node:fs';
import path from 'node:path';
import {
  DELEGATED_SECTIONS,
  README,
  REPO_ROOT,
  planReadme,
  readmeBlocks,
  runReadme,
  startReadmeWorld,
  type ReadmeBlock,
  type ReadmeWorld,
} from './readme-harness.js';

/** Every ```sh command and ```json block of README.md, executed as written against the fakes. */
describe('README.md examples', () => {
  const blocks = readmeBlocks();
  let world: ReadmeWorld;

  beforeAll(async () => {
    world = await startReadmeWorld(blocks);
  });
  afterAll(async () => {
    await world.close();
  });

  it('every sh and json block has an executor', () => {
    const plan = planReadme(blocks);
    expect(plan.filter((p) => p.json || p.lines).length).toBeGreaterThanOrEqual(6);
    // The commands the README promises are all there (a README that loses one fails here).
    const commands = plan.flatMap((p) => p.lines ?? []).map((l) => l.words.join(' '));
    for (const c of [
      'bash scripts/run.sh',
      'bash scripts/test.sh',
      'npx channel-desk serve --port',
      'npx channel-desk config import setup.json',
      'npx channel-desk notify --file event.json',
      'npx channel-desk dms test',
      'npx channel-desk watch --once',
    ]) {
      expect(
        commands.some((x) => x.startsWith(c)),
        c,
      ).toBe(true);
    }
  });

  it('each section handed to a dedicated test is run by that test, which reads that very section', () => {
    const delegated = planReadme(blocks).filter((p) => p.delegatedTo);
    expect(delegated.length).toBeGreaterThan(0);
    for (const p of delegated) {
      const test = fs.readFileSync(path.join(REPO_ROOT, p.delegatedTo!), 'utf8');
      // The test slices README.md at the section's heading (its first words), so it runs what is there now.
      expect(test, `${p.delegatedTo} must read "${p.block.heading}"`).toContain(p.block.heading.split(':')[0]!);
    }
    expect(Object.keys(DELEGATED_SECTIONS).every((h) => blocks.some((b) => b.heading === h))).toBe(true);
  });

  it('a block nothing can run fails, naming it', () => {
    const odd = (lang: string, text: string): ReadmeBlock[] => [{ lang, line: 7, heading: 'X', text }];
    expect(() => planReadme(odd('sh', 'npx channel-desk serve\nrm -rf build'))).toThrow('README.md:9 "rm -rf build" has no executor');
    expect(() => planReadme(odd('json', '{"hello": 1}'))).toThrow('README.md:7 (json block under "X") has no executor');
    expect(() => planReadme(odd('bash', 'npx channel-desk help'))).not.toThrow();
    expect(() => planReadme(odd('yaml', 'a: 1'))).toThrow('tag it');
    expect(() => planReadme(odd('', 'curl http://x'))).toThrow('tag it');
    expect(() => planReadme(odd('json', '{"version": 1,'))).toThrow('is not valid JSON');
  });

  it('a README that disagrees with the code fails at the command that shows it', async () => {
    const typo = readmeBlocks(fs.readFileSync(README, 'utf8').replace('"businessType": "Data Exporting"', '"businessType": "Data Exportin"'));
    const other = await startReadmeWorld(typo);
    try {
      await expect(runReadme(other, typo, (b) => b.heading === 'Getting started')).rejects.toThrow(
        /README\.md:\d+ "npx channel-desk config import setup\.json" failed[\s\S]*rules\.0\.businessType: "Data Exportin" is not a DMS business type — did you mean "Data Exporting"\?/,
      );
    } finally {
      await other.close();
    }
  });

  it('runs every command in README order; each exits 0 and does what the README says', async () => {
    const done = await runReadme(world, blocks);
    expect(done.length).toBe(planReadme(blocks).flatMap((p) => p.lines ?? []).length);
  }, 120_000);

  it('then the simulator, fed the documented DMS body as pasted, shows the example rule deciding', async () => {
    const body = JSON.parse(blocks.find((b) => b.lang === 'json' && b.text.includes('messageEvent'))!.text) as unknown;
    const services = await createAppServices({ dataDir: world.dataDir, mode: 'cli', env: TEST_VAULT_ENV });
    try {
      const sim = (await dispatch(createHandlers(services), 'rules.simulate', { event: unwrapDmsBody(body) }, { transport: 'http' })) as Simulation;
      expect([sim.kind.module.id, sim.kind.businessType.id, sim.kind.status.id]).toEqual(['ticket', 'data-export', 'pending-approval']);
      expect(sim.rule).toMatchObject({
        module: 'ticket',
        businessType: 'data-export',
        status: 'pending-approval',
        additionalUsers: ['1002'],
        channels: ['feishu'],
      });
      expect(sim.channels.find((c) => c.channel === 'feishu')).toMatchObject({ enabled: true, used: true });
    } finally {
      await services.close();
    }
  });
});
