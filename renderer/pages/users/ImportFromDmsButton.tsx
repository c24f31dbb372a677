import { CloudDownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Flex, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelDef } from '../../../shared/catalog/channels';
import { DMS_USER_ROLES, type DmsImportReport } from '../../../shared/contract/users-dms';
import { api, useAction } from '../../api';
import { useLocalized } from '../../i18n/LanguageProvider';
import { useShowError } from '../../ui/errors';

type Role = (typeof DMS_USER_ROLES)[number];

function Report({ report }: { report: DmsImportReport }) {
  const { t } = useTranslation('users-dms');
  const localize = useLocalized();
  const names = (list: readonly { uid: string; name: string }[]) => list.map((u) => (u.name ? `${u.name} (${u.uid})` : u.uid)).join(', ');
  return (
    <Flex vertical gap={8} data-testid="users-dms-report">
      <Alert type="success" showIcon title={t('result', { ...report })} />
      {report.lookups.length === 0 && <Alert type="info" showIcon title={t('noChannels')} />}
      {report.lookups.map((l) => (
        <Typography.Text key={l.channel} data-testid={`users-dms-lookup-${l.channel}`}>
          {t('lookup', { ...l, channel: localize(channelDef(l.channel).name) })}
        </Typography.Text>
      ))}
      {report.channelErrors.map((e) => (
        <Alert
          key={e.channel}
          type="error"
          showIcon
          title={`${localize(channelDef(e.channel).name)}: ${localize(e.message)}${e.fix ? ` ${localize(e.fix)}` : ''}`}
        />
      ))}
      {report.gone.length > 0 && <Alert type="warning" showIcon title={t('gone', { list: names(report.gone) })} />}
      {report.skippedNoContact.length > 0 && <Alert type="warning" showIcon title={t('noContact', { list: names(report.skippedNoContact) })} />}
      {report.skippedInvalid.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="users-dms-invalid"
          title={t('invalid', { count: report.skippedInvalid.length })}
          description={report.skippedInvalid.map((u, i) => (
            <div key={i}>{`${names([u])}: ${u.problems.map((p) => localize(p)).join('; ')}`}</div>
          ))}
        />
      )}
    </Flex>
  );
}

/** "Import from DMS" on the Users page: DMS ListUsers → users directory → lookups on every enabled channel. */
export function ImportFromDmsButton({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation('users-dms');
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const [roles, setRoles] = useState<Role[]>([]);
  const [overwrite, setOverwrite] = useState(false);
  const [report, setReport] = useState<DmsImportReport | null>(null);
  const run = useAction(() => api['users.importFromDms']({ ...(roles.length > 0 ? { roles } : {}), overwrite }));
  const close = () => {
    setOpen(false);
    setReport(null);
  };
  return (
    <>
      <Button icon={<CloudDownloadOutlined />} onClick={() => setOpen(true)} data-testid="users-import-dms">
        {t('button')}
      </Button>
      {open && (
        <Modal open title={t('title')} footer={null} onCancel={close} destroyOnHidden width={640}>
          <Flex vertical gap={12}>
            <Typography.Text type="secondary">{t('help')}</Typography.Text>
            <Select<Role[]>
              mode="multiple"
              allowClear
              placeholder={t('roles')}
              aria-label={t('roles')}
              value={roles}
              onChange={setRoles}
              options={DMS_USER_ROLES.map((r) => ({ value: r, label: r }))}
              data-testid="users-dms-roles"
            />
            <Checkbox checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} data-testid="users-dms-overwrite">
              {t('overwrite')}
            </Checkbox>
            <Button
              type="primary"
              loading={run.pending}
              data-testid="users-dms-run"
              onClick={async () => {
                try {
                  setReport(await run.run());
                  onImported();
                } catch (err) {
                  showError(err);
                }
              }}
            >
              {t('run')}
            </Button>
            {report && <Report report={report} />}
          </Flex>
        </Modal>
      )}
    </>
  );
}
