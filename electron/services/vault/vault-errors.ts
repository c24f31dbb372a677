import { AppError } from '../../../shared/errors.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';
import type { VaultProblem, VaultProblemReason } from './secret-store.js';

export const VAULT_ENV = 'CHANNEL_DESK_VAULT';
export const VAULT_PASSPHRASE_ENV = 'CHANNEL_DESK_VAULT_PASSPHRASE';
export const MIN_PASSPHRASE_LENGTH = 12;

const FILE_OPT_IN = text(
  `On a server without a desktop you can instead opt in to the encrypted-file vault: set ${VAULT_ENV}=file and ${VAULT_PASSPHRASE_ENV}=<a long ` +
    `passphrase> and restart.`,
  `在没有桌面的服务器上，也可以改用加密文件保险库：设置 ${VAULT_ENV}=file 和 ${VAULT_PASSPHRASE_ENV}=<足够长的口令> 后重启。`,
);

const join = (a: LocalizedText, b: LocalizedText): LocalizedText => text(`${a.en} ${b.en}`, `${a.zh}${b.zh}`);

const PROBLEMS: Record<VaultProblemReason, { message: LocalizedText; fix: LocalizedText }> = {
  'no-session-bus': {
    message: text(
      'No OS keychain is reachable: there is no desktop session bus (D-Bus), so secrets cannot be stored.',
      '无法访问系统钥匙串：没有桌面会话总线（D-Bus），因此无法保存密钥。',
    ),
    fix: join(
      text(
        'Run Channel Desk inside a desktop session (or a D-Bus session with gnome-keyring or KWallet running and unlocked).',
        '请在桌面会话中运行 Channel Desk（或在运行并已解锁 gnome-keyring 或 KWallet 的 D-Bus 会话中运行）。',
      ),
      FILE_OPT_IN,
    ),
  },
  'keychain-locked': {
    message: text(
      'The OS keychain is locked: secrets cannot be read or stored, and deliveries wait until it is unlocked.',
      '系统钥匙串已锁定：无法读取或保存密钥，待发送的通知会等待解锁后继续。',
    ),
    fix: text(
      'Unlock your login keyring (log in to the desktop again, or unlock it in "Passwords and Keys" / KWallet Manager). Channel Desk notices within about 30 seconds and sends what waited.',
      '请解锁登录密钥环（重新登录桌面，或在“密码和密钥”/ KWallet 管理器中解锁）。Channel Desk 会在约 30 秒内检测到并发送等待中的通知。',
    ),
  },
  'no-login-collection': {
    message: text('The OS keychain has no default "login" keyring, so secrets cannot be stored.', '系统钥匙串没有默认的 “login” 密钥环，无法保存密钥。'),
    fix: text(
      'Create a keyring named "login" and make it the default (in "Passwords and Keys"), or log in to a desktop session once so it is created; then try again.',
      '请在“密码和密钥”中创建名为 “login” 的密钥环并设为默认，或登录一次桌面会话以自动创建，然后重试。',
    ),
  },
  'no-secret-service': {
    message: text(
      'No keychain service (Secret Service: gnome-keyring or KWallet) is installed or running.',
      '未安装或未运行钥匙串服务（Secret Service：gnome-keyring 或 KWallet）。',
    ),
    fix: join(
      text(
        'Install gnome-keyring (Debian/Ubuntu: sudo apt install gnome-keyring libsecret-1-0) or enable KWallet, log out and in again, then restart ' +
          'Channel Desk.',
        '请安装 gnome-keyring（Debian/Ubuntu：sudo apt install gnome-keyring libsecret-1-0）或启用 KWallet，注销并重新登录后重启 Channel Desk。',
      ),
      FILE_OPT_IN,
    ),
  },
  'keychain-timeout': {
    message: text('The OS keychain did not answer in time.', '系统钥匙串未及时响应。'),
    fix: text(
      'The keyring daemon or the D-Bus session may be stuck: unlock or restart the keyring (log out and in again), then try again.',
      '密钥环守护进程或 D-Bus 会话可能已卡住：请解锁或重启密钥环（注销并重新登录），然后重试。',
    ),
  },
  'keychain-module-missing': {
    message: text('The keychain module (keytar) could not be loaded.', '无法加载钥匙串模块（keytar）。'),
    fix: text(
      'Reinstall Channel Desk; on Linux also install libsecret (sudo apt install libsecret-1-0).',
      '请重新安装 Channel Desk；在 Linux 上还需安装 libsecret（sudo apt install libsecret-1-0）。',
    ),
  },
  'keychain-error': {
    message: text('The OS keychain refused the request.', '系统钥匙串拒绝了请求。'),
    fix: text(
      'Check that your keychain is unlocked and working (try another app that stores passwords), then try again.',
      '请确认钥匙串已解锁且工作正常（可用其他保存密码的应用验证），然后重试。',
    ),
  },
  'no-passphrase': {
    message: text(
      `The encrypted-file vault was selected (${VAULT_ENV}=file) but ${VAULT_PASSPHRASE_ENV} is not set, so it was not opened.`,
      `已选择加密文件保险库（${VAULT_ENV}=file），但未设置 ${VAULT_PASSPHRASE_ENV}，因此未打开。`,
    ),
    fix: text(
      `Set ${VAULT_PASSPHRASE_ENV} to a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters (or ${VAULT_PASSPHRASE_ENV}_FILE to a 0600 file holding it, or start the command in a terminal to be asked) and restart, or unset ${VAULT_ENV} to use the OS keychain.`,
      `请将 ${VAULT_PASSPHRASE_ENV} 设置为至少 ${MIN_PASSPHRASE_LENGTH} 个字符的口令（或将 ${VAULT_PASSPHRASE_ENV}_FILE 设为保存口令的 0600 文件，或在终端中运行命令以输入口令）后重启，或取消 ${VAULT_ENV} 以使用系统钥匙串。`,
    ),
  },
  'weak-passphrase': {
    message: text(
      `${VAULT_PASSPHRASE_ENV} is shorter than ${MIN_PASSPHRASE_LENGTH} characters, so the encrypted-file vault was not opened.`,
      `${VAULT_PASSPHRASE_ENV} 少于 ${MIN_PASSPHRASE_LENGTH} 个字符，因此未打开加密文件保险库。`,
    ),
    fix: text(`Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters and restart.`, `请使用至少 ${MIN_PASSPHRASE_LENGTH} 个字符的口令后重启。`),
  },
  'wrong-passphrase': {
    message: text(
      `The encrypted-file vault could not be opened: ${VAULT_PASSPHRASE_ENV} is not the passphrase it was created with.`,
      `无法打开加密文件保险库：${VAULT_PASSPHRASE_ENV} 与创建时使用的口令不一致。`,
    ),
    fix: text(
      `Set ${VAULT_PASSPHRASE_ENV} to the original passphrase and restart. If it is lost, move the vault file away and enter the secrets again.`,
      `请将 ${VAULT_PASSPHRASE_ENV} 设置为原口令后重启。若口令已丢失，请移走保险库文件并重新输入密钥。`,
    ),
  },
  'file-damaged': {
    message: text(
      'The encrypted-file vault is damaged or was modified: its contents failed the integrity check, so nothing was read from it.',
      '加密文件保险库已损坏或被修改：内容未通过完整性校验，因此未读取任何内容。',
    ),
    fix: text('Restore the vault file from a backup, or move it away and enter the secrets again.', '请从备份恢复保险库文件，或将其移走后重新输入密钥。'),
  },
  'file-unwritable': {
    message: text('The encrypted-file vault could not be written; nothing was changed.', '无法写入加密文件保险库，未做任何更改。'),
    fix: text('Check free disk space and the permissions of the data folder.', '请检查磁盘剩余空间和数据文件夹的权限。'),
  },
};

export const vaultProblem = (reason: VaultProblemReason): VaultProblem => ({ reason, ...PROBLEMS[reason] });

/** VAULT_UNAVAILABLE that remembers its problem, so status() can report what a call ran into. */
export class VaultUnavailableError extends AppError {
  constructor(readonly problem: VaultProblem) {
    super('VAULT_UNAVAILABLE', problem.message, { fix: problem.fix, details: { reason: problem.reason } });
  }
}

export const vaultUnavailable = (problem: VaultProblem): VaultUnavailableError => new VaultUnavailableError(problem);

/** libsecret's text for a D-Bus object that is gone: a collection, or (group 1) an item inside one. */
const MISSING_OBJECT = /Object does not exist at path\W*\/org\/freedesktop\/secrets\/collection\/[^/\s"”]+(\/[^\s"”]+)?/i;

/** Maps libsecret/keytar failure texts to one reason; they carry no secret. */
export function classifyKeychainError(err: unknown): VaultProblemReason {
  const msg = err instanceof Error ? err.message : String(err);
  if (/autolaunch D-Bus|Could not connect|DBUS_SESSION_BUS_ADDRESS|Failed to connect to socket|dbus-launch/i.test(msg)) {
    return 'no-session-bus';
  }
  if (/locked collection|is locked|Cannot unlock/i.test(msg)) return 'keychain-locked';
  const missing = MISSING_OBJECT.exec(msg);
  if (missing && missing[1] === undefined) return 'no-login-collection';
  if (/org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service files/i.test(msg)) return 'no-secret-service';
  return 'keychain-error';
}
