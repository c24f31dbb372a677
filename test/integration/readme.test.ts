import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planReadme, readmeBlocks, runReadme, startReadmeWorld, type ReadmeBlock, type ReadmeWorld } from './readme-harness.js';

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
    for (const c of ['bash scripts/run.sh', 'bash scripts/test.sh', 'npx channel-desk serve --port', 'npx channel-desk config import setup.json', 'npx channel-desk notify --file event.json', 'npx channel-desk dms test', 'npx channel-desk watch --once']) {
      expect(commands.some((x) => x.startsWith(c)), c).toBe(true);
    }
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

  it('runs every command in README order; each exits 0 and does what the README says', async () => {
    const done = await runReadme(world, blocks);
    expect(done.length).toBe(planReadme(blocks).flatMap((p) => p.lines ?? []).length);
  }, 120_000);
});
