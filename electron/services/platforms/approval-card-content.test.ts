import { describe, expect, it } from 'vitest';
import { approvalCardBody, dingtalkApprovalParams, feishuApprovalCard } from './approval-card-content.js';

const body = approvalCardBody(
  'feishu',
  {
    title: '[DMS] Data export · Pending Approval',
    markdown: '### \\[DMS\\] Data export · Pending Approval\n- **Ticket**: #1001 export users',
    link: 'https://applink.feishu.cn/client/web_url/open?url=x',
    openUrls: { pc: 'https://pc.example/x', mobile: 'https://m.example/x' },
    linkLabel: 'Open DMS',
  },
  'en-US',
);

/** Every object in the card with a `tag`, depth first. */
function tags(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) for (const n of node) tags(n, out);
  else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.tag === 'string') out.push(o);
    for (const v of Object.values(o)) tags(v, out);
  }
  return out;
}

describe('approval card content', () => {
  it('Feishu/Lark pending card: JSON 2.0, shared updates, a form with the comment input and two callback buttons carrying only action and nonce', () => {
    const card = feishuApprovalCard({ body, nonce: 'N0nce-abcdefgh', state: 'pending', statusText: '' });
    expect(card).toMatchObject({ schema: '2.0', config: { update_multi: true }, header: { title: { content: '[DMS] Data export · Pending Approval' } } });
    const all = tags(card);
    const form = all.find((t) => t.tag === 'form');
    expect(form).toBeDefined();
    expect(tags(form).find((t) => t.tag === 'input')).toMatchObject({ name: 'comment' });
    const callbacks = all.filter((t) => t.tag === 'button' && JSON.stringify(t.behaviors).includes('callback'));
    expect(callbacks.map((b) => (b.behaviors as { value: unknown }[])[0]!.value)).toEqual([
      { action: 'approve', nonce: 'N0nce-abcdefgh' },
      { action: 'reject', nonce: 'N0nce-abcdefgh' },
    ]);
    // The buttons submit the form (so the comment comes with the press).
    for (const b of callbacks) expect(b.form_action_type).toBe('submit');
    // "Open DMS" stays, per client.
    const open = all.find((t) => t.tag === 'button' && JSON.stringify(t.behaviors).includes('open_url'));
    expect(open?.behaviors).toEqual([
      { type: 'open_url', default_url: body.link, pc_url: 'https://pc.example/x', ios_url: 'https://m.example/x', android_url: 'https://m.example/x' },
    ]);
    // The heading is the card's header, not repeated in the body.
    expect(all.find((t) => t.tag === 'markdown')?.content).toBe('- **Ticket**: #1001 export users');
  });

  it('a decided card shows the outcome line and has no buttons or form left (only Open DMS)', () => {
    const card = feishuApprovalCard({ body, nonce: 'N0nce-abcdefgh', state: 'approved', statusText: 'Approved by Ann · 2026-12-07 21:03' });
    const all = tags(card);
    expect(all.some((t) => t.tag === 'form' || t.tag === 'input')).toBe(false);
    expect(JSON.stringify(card)).not.toContain('N0nce-abcdefgh');
    expect(all.filter((t) => t.tag === 'button')).toHaveLength(1);
    expect(JSON.stringify(card)).toContain('Approved by Ann · 2026-12-07 21:03');
  });

  it('DingTalk: exactly the fixed template variables, all strings', () => {
    expect(dingtalkApprovalParams({ body, nonce: 'N0nce-abcdefgh', state: 'pending', statusText: '' })).toEqual({
      title: '[DMS] Data export · Pending Approval',
      content: '- **Ticket**: #1001 export users',
      link: body.link,
      nonce: 'N0nce-abcdefgh',
      status: 'pending',
      statusText: '',
    });
  });
});
