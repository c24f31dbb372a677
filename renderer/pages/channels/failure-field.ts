import type { CredentialFieldId } from '../../../shared/catalog/channels';

/**
 * The form field a platform failure code points at, so the Test result can mark it. Codes that
 * cannot tell AppKey from AppSecret name both.
 */
const FIELDS_BY_CODE: Readonly<Record<string, readonly CredentialFieldId[]>> = {
  'param.cardTemplateNotExist': ['cardTemplateId'],
  'param.cardTemplateIdEmpty': ['cardTemplateId'],
  'robot.notFound': ['robotCode'],
  '40089': ['appKey', 'appSecret'],
  'invalid.client': ['appKey', 'appSecret'],
  badCredentials: ['appKey', 'appSecret'],
  '10003': ['appId'],
  '11209': ['appId'],
  '10014': ['appSecret'],
  '10015': ['appSecret'],
};

export const fieldsForFailure = (code: string | null): readonly CredentialFieldId[] => (code ? (FIELDS_BY_CODE[code] ?? []) : []);
