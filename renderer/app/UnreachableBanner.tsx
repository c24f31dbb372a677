import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { UNREACHABLE, UNREACHABLE_FIX } from '../api/unreachable-text';
import { useLocalized } from '../i18n/LanguageProvider';

/**
 * The service stopped answering: the page's values are greyed below until it is back by itself. Part
 * of the shell (no lazy chunk, no antd Alert): with the service gone, no further chunk can be loaded.
 */
export function UnreachableBanner() {
  const { t } = useTranslation();
  const l = useLocalized();
  const { token } = theme.useToken();
  return (
    <div
      data-testid="unreachable-banner"
      role="alert"
      style={{
        marginBottom: 16,
        padding: '9px 16px',
        borderRadius: token.borderRadiusLG,
        border: `1px solid ${token.colorErrorBorder}`,
        background: token.colorErrorBg,
        color: token.colorText,
      }}
    >
      <div style={{ fontWeight: token.fontWeightStrong }}>{l(UNREACHABLE)}</div>
      <div>
        {t('common:fix')}: {l(UNREACHABLE_FIX)}
      </div>
    </div>
  );
}
