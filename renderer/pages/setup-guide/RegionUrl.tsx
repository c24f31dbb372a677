import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** A URL to paste into a platform console: monospace, selectable, with a copy button. */
export function RegionUrl({ label, help, url, testId }: { label: string; help: string; url: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <div style={{ marginBottom: 8 }}>
      <Typography.Text strong>{label}</Typography.Text>
      <br />
      <Typography.Text code copyable={{ text: url, tooltips: [t('common:copy'), t('common:copied')] }} data-testid={testId} data-url={url}>
        {url}
      </Typography.Text>
      <br />
      <Typography.Text type="secondary">{help}</Typography.Text>
    </div>
  );
}
