import { Alert, App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../shared/errors';
import { withoutPlace } from '../../shared/validation-text';
import { toApiError, type ApiError } from '../api';
import { useLocalized } from '../i18n/LanguageProvider';
import { issuePathToName } from './issue-path';

/**
 * Puts each field issue of an error under its antd Form field. `stripPrefix` drops a leading path
 * part the form does not have (e.g. the contract's `channels.feishu`). Returns the issues that did
 * not match a field of the form, so the caller can show them elsewhere.
 */
export function applyFieldIssues(
  form: FormInstance,
  issues: readonly FieldIssue[] | undefined,
  localize: (t: FieldIssue['message']) => string,
  stripPrefix = '',
): FieldIssue[] {
  if (!issues?.length) return [];
  const known = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  const unmatched: FieldIssue[] = [];
  const fields = [];
  for (const issue of issues) {
    const name = issuePathToName(issue.path, stripPrefix);
    // Under its own field the sentence need not name the field again.
    if (known.has(name.join('.'))) fields.push({ name, errors: [localize(withoutPlace(issue))] });
    else unmatched.push(issue);
  }
  form.setFields(fields);
  return unmatched;
}

/** Shows an error as a notification: the localized message and, when there is one, the fix. */
export function useShowError(): (err: unknown) => ApiError {
  const { notification } = App.useApp();
  const localize = useLocalized();
  const { t } = useTranslation();
  return useCallback(
    (err: unknown) => {
      const e = toApiError(err);
      // Field issues: their own sentences, not the summary (which lists raw field paths).
      const issues = e.code === 'BAD_INPUT' && e.issues?.length ? e.issues : undefined;
      notification.error({
        key: `api-error-${e.method}`,
        title: issues ? t('shell:badInput') : localize(e.text),
        description: issues ? issues.map((i) => localize(i.message)).join(' ') : e.fix ? `${t('common:fix')}: ${localize(e.fix)}` : undefined,
        placement: 'topRight',
      });
      return e;
    },
    [notification, localize, t],
  );
}

/** Inline form of an error, for a page that could not load. */
export function ErrorAlert({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const localize = useLocalized();
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="error-alert"
      title={localize(error.text)}
      description={error.fix ? localize(error.fix) : undefined}
      action={onRetry ? <a onClick={onRetry}>{t('common:retry')}</a> : undefined}
    />
  );
}
