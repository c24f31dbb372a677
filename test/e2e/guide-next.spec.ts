import { expect, selectOption, test } from './fixtures.js';

test('the guide marks the real next step and, at 100 %, leads to the channel form with the chosen region', async ({ page, server }) => {
  await server.open(page, '/setup-guide?platform=feishu');
  await selectOption(page, 'guide-region', 'ap-southeast-1');
  const guide = await server.api('guide.get', { channel: 'feishu' });
  const [first, second] = guide.steps;
  await expect(page.getByTestId(`next-step-${first!.id}`)).toBeVisible();
  await expect(page.locator('[data-testid^="next-step-"]')).toHaveCount(1);

  // Ticking a later step first does not move "next" past the first unticked one.
  await page.getByTestId(`check-${second!.id}`).click();
  await expect(page.getByTestId(`next-step-${first!.id}`)).toBeVisible();
  await page.getByTestId(`check-${first!.id}`).click();
  await expect(page.getByTestId(`next-step-${guide.steps[2]!.id}`)).toBeVisible();
  await expect(page.getByTestId('guide-next-credentials')).toHaveCount(0);

  // Everything else ticked through the service, the last one by hand.
  const rest = [...guide.steps.slice(2).map((s) => s.id), ...guide.permissions.map((p) => p.id)];
  for (const id of rest.slice(0, -1)) await server.api('guide.setChecked', { channel: 'feishu', id, checked: true });
  await page.reload();
  await page.getByTestId(`check-${rest.at(-1)!}`).click();
  await expect(page.getByTestId('guide-progress')).toHaveAttribute('data-done', String(rest.length + 2));
  await expect(page.locator('[data-testid^="next-step-"]')).toHaveCount(0);

  await page.getByTestId('guide-next-credentials').click();
  await expect(page.getByTestId('channel-drawer')).toBeVisible();
  await expect(page.getByTestId('channel-drawer')).toContainText('Feishu');
  await expect(page.getByTestId('channel-drawer').getByTestId('form-region')).toContainText('ap-southeast-1');
  // The Feishu form speaks of Feishu, and its AppId hint states the whole rule.
  await page.getByTestId('advanced-toggle').click();
  await expect(page.getByTestId('advanced-help')).toContainText('Feishu');
  await expect(page.getByTestId('advanced-help')).not.toContainText('DingTalk');
  await expect(page.getByTestId('channel-drawer')).toContainText('"cli_" followed by 8 to 64 letters or digits');
});

test('the DingTalk card-template step explains DingTalkTemplate.json and the card variables', async ({ page, server }) => {
  await server.open(page, '/setup-guide?platform=dingtalk');
  const note = page.getByTestId('card-template-note');
  await expect(note).toContainText('DingTalkTemplate.json');
  for (const v of ['title', 'taskId', 'eventTime', 'url']) await expect(note).toContainText(`${v}:`);
});

test('the guide\'s "Next" opens the form with the region chosen in the guide over a stored one, unsaved until Save', async ({ page, server }) => {
  await server.api('channels.save', { channel: 'feishu', region: 'cn-hangzhou', values: {} });
  await server.api('guide.setRegion', { channel: 'feishu', region: 'ap-southeast-1' });
  const guide = await server.api('guide.get', { channel: 'feishu' });
  for (const id of [...guide.steps.map((s) => s.id), ...guide.permissions.map((p) => p.id)]) {
    await server.api('guide.setChecked', { channel: 'feishu', id, checked: true });
  }
  await server.open(page, '/setup-guide?platform=feishu');
  await page.getByTestId('guide-next-credentials').click();

  const form = page.getByTestId('channel-form-feishu');
  await expect(form.getByTestId('form-region')).toContainText('ap-southeast-1');
  await expect(form.getByTestId('region-from-guide')).toContainText('not saved until you click Save');
  expect((await server.api('channels.get', { channel: 'feishu' })).region).toBe('cn-hangzhou');

  await form.getByTestId('channel-save').click();
  await expect.poll(async () => (await server.api('channels.get', { channel: 'feishu' })).region).toBe('ap-southeast-1');
  await expect(form.getByTestId('region-from-guide')).toHaveCount(0);
});
