import { INBOX_SECRET_MIN_LENGTH, type InboxSaveInput, type InboxView } from '../../../../shared/contract/inbox.js';
import { AppError } from '../../../../shared/errors.js';
import { text, type LocalizedText } from '../../../../shared/i18n-text.js';
import type { SettingsStore } from '../../settings/settings-store.js';
import { vaultKeys, type SecretStore } from '../../vault/secret-store.js';
import { secretMeta } from '../../vault/tracked-store.js';
import { knownInboxUrl, newInboxToken } from './hook-route.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';

/** `vault` must keep settings.secretsMeta current (AppServices' tracked vault does). */
export interface InboxSettingsDeps {
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
}

const SECRET_KEY = vaultKeys.inboxSigningSecret;

export function inboxView(deps: InboxSettingsDeps): InboxView {
  const { requireSignature } = deps.settings.read().inbox;
  return {
    url: knownInboxUrl(deps.settings),
    requireSignature,
    signingSecret: secretMeta(deps.settings, SECRET_KEY),
    signatureHeader: SIGNATURE_HEADER,
    timestampHeader: TIMESTAMP_HEADER,
  };
}

/** Why a save would be refused; `field` is the input key it concerns (the file path `inbox.<field>`). */
export interface InboxSaveProblem {
  readonly field: 'signingSecret' | 'requireSignature';
  readonly message: LocalizedText;
  readonly fix: LocalizedText;
}

/** The one check of a save (Settings page and config import): the trimmed secret and any problem. */
export function checkInboxSave(input: InboxSaveInput, secretStored: boolean): { secret: string; problem: InboxSaveProblem | null } {
  const secret = input.signingSecret?.trim() ?? '';
  if (secret !== '' && secret.length < INBOX_SECRET_MIN_LENGTH) {
    return {
      secret,
      problem: {
        field: 'signingSecret',
        message: text(`The signing secret must have at least ${INBOX_SECRET_MIN_LENGTH} characters.`, `签名密钥至少需要 ${INBOX_SECRET_MIN_LENGTH} 个字符。`),
        fix: text('Use a long random string, e.g. the output of `openssl rand -hex 32`.', '请使用较长的随机字符串，例如 `openssl rand -hex 32` 的输出。'),
      },
    };
  }
  if (input.requireSignature === true && secret === '' && !secretStored) {
    return {
      secret,
      problem: {
        field: 'requireSignature',
        message: text('Set a signing secret before requiring signatures.', '要求签名之前，请先设置签名密钥。'),
        fix: text('Enter the signing secret that the sender of the webhook uses, then save again.', '请填写 Webhook 发送方使用的签名密钥，然后重新保存。'),
      },
    };
  }
  return { secret, problem: null };
}

/** Checks everything first, so a refused save changes nothing; then the secret, then the policy. */
export async function saveInboxSettings(deps: InboxSettingsDeps, input: InboxSaveInput): Promise<InboxView> {
  const { secret, problem } = checkInboxSave(input, secretMeta(deps.settings, SECRET_KEY).set);
  if (problem) {
    // The form shows either problem under the secret input: entering a (longer) secret fixes both.
    throw new AppError('BAD_INPUT', problem.message, { fix: problem.fix, issues: [{ path: 'signingSecret', message: problem.message }] });
  }
  if (secret !== '') await deps.vault.set(SECRET_KEY, secret);
  const { requireSignature } = input;
  if (requireSignature !== undefined && requireSignature !== deps.settings.read().inbox.requireSignature) {
    deps.settings.update((s) => ({ ...s, inbox: { ...s.inbox, requireSignature } }));
  }
  return inboxView(deps);
}

/** Stops requiring signatures first, so no request is refused for a secret that is gone. */
export async function clearSigningSecret(deps: InboxSettingsDeps): Promise<InboxView> {
  deps.settings.update((s) => ({ ...s, inbox: { ...s.inbox, requireSignature: false } }));
  await deps.vault.delete(SECRET_KEY);
  return inboxView(deps);
}

/** The hook route reads the token per request, so the old URL stops working at once. */
export function rotateInboxToken(deps: InboxSettingsDeps): InboxView {
  const token = newInboxToken();
  deps.settings.update((s) => ({ ...s, inbox: { ...s.inbox, token } }));
  return inboxView(deps);
}

/** The Settings page's inbox section as a service of AppServices (`delivery.inbox`). */
export interface InboxSettingsService {
  view(): InboxView;
  save(input: InboxSaveInput): Promise<InboxView>;
  clearSigningSecret(): Promise<InboxView>;
  rotateToken(): InboxView;
}

export function createInboxSettingsService(deps: InboxSettingsDeps): InboxSettingsService {
  return {
    view: () => inboxView(deps),
    save: (input) => saveInboxSettings(deps, input),
    clearSigningSecret: () => clearSigningSecret(deps),
    rotateToken: () => rotateInboxToken(deps),
  };
}
