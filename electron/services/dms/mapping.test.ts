import { describe, expect, it } from 'vitest';
import { classifyEvent } from '../../../shared/catalog/dms-events.js';
import { mapOrderKind } from './mapping.js';

describe('PluginType + StatusCode → catalogue', () => {
  it.each([
    ['DATA_EXPORT', 'toaudit', 'ticket', 'data-export', 'pending-approval'],
    ['DC_CHUNK', 'success', 'ticket', 'data-change', 'succeeded'],
    ['DATA_CORRECT', 'fail', 'ticket', 'data-change', 'failed'],
    ['PERM_APPLY', 'Approved', 'ticket', 'permission-apply', 'approved'],
    ['OWNER_APPLY', 'reject', 'ticket', 'permission-apply', 'rejected'],
    ['NDDL', 'cancel', 'ticket', 'schema-design', 'cancelled'],
    ['TABLE_SYNC', 'closed', 'ticket', 'schema-sync', 'closed'],
    ['DF_PUBLISH', 'processing', 'data-warehouse', 'dw-publish', 'processing'],
  ])('%s/%s → %s > %s > %s, from the codes, and the names classify back the same', (plugin, status, mod, type, st) => {
    const k = mapOrderKind(plugin, status);
    expect(k.known).toBe(true);
    expect([k.kind.module.id, k.kind.businessType.id, k.kind.status.id]).toEqual([mod, type, st]);
    const c = classifyEvent(k.module, k.businessType, k.status);
    expect([c.module.id, c.businessType.id, c.status.id]).toEqual([mod, type, st]);
  });

  it('keeps unknown values as sent instead of dropping them', () => {
    const k = mapOrderKind('SAAS_DB_MOVE', 'new');
    expect(k).toMatchObject({ module: 'Ticket', businessType: 'SAAS_DB_MOVE', status: 'new', statusCode: 'new', known: false });
    expect([k.kind.module.id, k.kind.businessType, k.kind.status.known]).toEqual([
      'ticket',
      { id: 'SAAS_DB_MOVE', known: false, name: { en: 'SAAS_DB_MOVE', zh: 'SAAS_DB_MOVE' }, raw: 'SAAS_DB_MOVE' },
      false,
    ]);
    const c = classifyEvent(k.module, k.businessType, k.status);
    expect([c.module.known, c.businessType.known, c.status.known, c.businessType.id]).toEqual([true, false, false, 'SAAS_DB_MOVE']);
  });
});
