import type { MethodDef } from '../../shared/contract/define';

type Group = Readonly<Record<string, MethodDef>>;

/**
 * The contract's method groups, each a chunk of its own loaded with the first call of one of its methods. Building
 * every zod schema of the contract took ~60 ms of the start on a 2-core machine while Home calls four methods; this
 * way the start builds only the schemas of the groups it calls.
 */
const GROUPS = {
  app: () => import('../../shared/contract/app').then((m) => m.appMethods),
  approvals: () => import('../../shared/contract/approvals').then((m) => m.approvalsMethods),
  channels: () => import('../../shared/contract/channels').then((m) => m.channelsMethods),
  chats: () => import('../../shared/contract/chats').then((m) => m.chatsMethods),
  config: () => import('../../shared/contract/config').then((m) => m.configMethods),
  credtest: () => import('../../shared/contract/credtest').then((m) => m.credtestMethods),
  dms: () => import('../../shared/contract/dms').then((m) => m.dmsMethods),
  guide: () => import('../../shared/contract/guide').then((m) => m.guideMethods),
  health: () => import('../../shared/contract/health').then((m) => m.healthMethods),
  home: () => import('../../shared/contract/home').then((m) => m.homeMethods),
  inbox: () => import('../../shared/contract/inbox').then((m) => m.inboxMethods),
  messages: () => import('../../shared/contract/messages').then((m) => m.messagesMethods),
  retention: () => import('../../shared/contract/retention').then((m) => m.retentionMethods),
  rules: () => import('../../shared/contract/rules').then((m) => m.rulesMethods),
  sender: () => import('../../shared/contract/sender').then((m) => m.senderMethods),
  templates: () => import('../../shared/contract/templates').then((m) => m.templatesMethods),
  users: () => import('../../shared/contract/users').then((m) => m.usersMethods),
  usersDms: () => import('../../shared/contract/users-dms').then((m) => m.usersDmsMethods),
  vault: () => import('../../shared/contract/vault').then((m) => m.vaultMethods),
} satisfies Record<string, () => Promise<Group>>;

type GroupName = keyof typeof GROUPS;
const LOADERS: Readonly<Record<GroupName, () => Promise<Group>>> = GROUPS;

/** The groups that hold methods named `<prefix>.*`; most prefixes are their group's name. */
const SHARED_PREFIXES: Readonly<Record<string, readonly GroupName[]>> = {
  events: ['messages', 'sender'],
  users: ['users', 'usersDms'],
};

const groupsFor = (method: string): readonly GroupName[] => {
  const prefix = method.split('.')[0] ?? '';
  return SHARED_PREFIXES[prefix] ?? (Object.hasOwn(GROUPS, prefix) ? [prefix as GroupName] : []);
};

/** The contract's definition of `method`, loading its group on first use; undefined for a name it does not have. */
export async function methodDef(method: string): Promise<MethodDef | undefined> {
  for (const group of await Promise.all(groupsFor(method).map((name) => LOADERS[name]()))) {
    if (Object.hasOwn(group, method)) return group[method];
  }
  return undefined;
}
