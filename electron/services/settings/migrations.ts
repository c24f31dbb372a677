import { randomUUID } from 'node:crypto';

type Doc = Record<string, unknown>;

/**
 * MIGRATIONS[n] turns a version-n document into version n+1. They work on plain objects (the
 * schema of the old version no longer exists in code) and must not throw on missing keys: the
 * schema fills defaults afterwards and rejects what is still wrong.
 */
export const MIGRATIONS: readonly ((doc: Doc) => Doc)[] = [
  // 0 → 1: the pre-release shape had `language` at the top and no install id / secret metadata.
  (doc) => {
    const { language, ...rest } = doc;
    const ui = isObject(rest.ui) ? rest.ui : {};
    return {
      ...rest,
      ui: { ...ui, language: language ?? ui.language ?? null },
      installId: typeof rest.installId === 'string' ? rest.installId : randomUUID(),
      secretsMeta: isObject(rest.secretsMeta) ? rest.secretsMeta : {},
    };
  },
];

export const LATEST_VERSION = MIGRATIONS.length;

export class NewerSettingsError extends Error {
  constructor(readonly version: number) {
    super(`settings version ${version} is newer than this app understands (${LATEST_VERSION})`);
  }
}

/** The version a document declares; documents from before versioning are version 0. */
export function versionOf(doc: Doc): number {
  const v = doc.schemaVersion;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

/** Runs every migration from the document's version up to the latest. */
export function migrate(doc: Doc): { doc: Doc; from: number } {
  const from = versionOf(doc);
  if (from > LATEST_VERSION) throw new NewerSettingsError(from);
  let current = doc;
  for (let v = from; v < LATEST_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`missing settings migration ${v} → ${v + 1}`);
    current = { ...step(current), schemaVersion: v + 1 };
  }
  return { doc: current, from };
}

export const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
