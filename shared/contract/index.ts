import type { z } from 'zod';
import { appMethods } from './app.js';
import { approvalsMethods } from './approvals.js';
import { channelsMethods } from './channels.js';
import { chatsMethods } from './chats.js';
import { configMethods } from './config.js';
import { credtestMethods } from './credtest.js';
import { dmsMethods } from './dms.js';
import { guideMethods } from './guide.js';
import { homeMethods } from './home.js';
import { healthMethods } from './health.js';
import { inboxMethods } from './inbox.js';
import { messagesMethods } from './messages.js';
import { retentionMethods } from './retention.js';
import { rulesMethods } from './rules.js';
import { senderMethods } from './sender.js';
import { templatesMethods } from './templates.js';
import { usersMethods } from './users.js';
import { usersDmsMethods } from './users-dms.js';
import { vaultMethods } from './vault.js';

/**
 * The one contract between the UI and the services. Method names are `domain.action`;
 * the Electron preload exposes each as a named function, headless mode as `POST /api/<name>`.
 */
export const contract = {
  ...appMethods,
  ...channelsMethods,
  ...guideMethods,
  ...configMethods,
  ...usersMethods,
  ...credtestMethods,
  ...rulesMethods,
  ...senderMethods,
  ...dmsMethods,
  ...inboxMethods,
  ...usersDmsMethods,
  ...homeMethods,
  ...messagesMethods,
  ...healthMethods,
  ...vaultMethods,
  ...chatsMethods,
  ...templatesMethods,
  ...retentionMethods,
  ...approvalsMethods,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract & string;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

/** What the renderer calls: one async function per method, whatever the transport. */
export type Api = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export const isMethodName = (name: string): name is MethodName => Object.hasOwn(contract, name);
