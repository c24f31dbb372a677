import { describe, expect, it } from 'vitest';
import { canonicalQuery, encodeQuery, percentEncode, sign, signedParams, stringToSign } from './signer.js';

// A test vector verified against the Alibaba Cloud OpenAPI SDK's RPC (V1) signer (@alicloud/openapi-util getRPCSignature).
const VECTOR = {
  AccessKeyId: 'testId',
  Action: 'ListOrders',
  Format: 'json',
  OrderResultType: 'AS_ADMIN',
  PageNumber: '1',
  PageSize: '20',
  PluginType: 'DATA_EXPORT',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '5f5b55f59c6340052e9678bef83174e9',
  SignatureVersion: '1.0',
  StartTime: '2024-01-01 00:00:00',
  Tid: '3000',
  Timestamp: '2026-11-27T15:37:42Z',
  Version: '2018-11-01',
};
const VECTOR_STS =
  'POST&%2F&AccessKeyId%3DtestId%26Action%3DListOrders%26Format%3Djson%26OrderResultType%3DAS_ADMIN%26PageNumber%3D1%26PageSize%3D20%26PluginType%3DDATA_EXPORT%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D5f5b55f59c6340052e9678bef83174e9%26SignatureVersion%3D1.0%26StartTime%3D2024-01-01%252000%253A00%253A00%26Tid%3D3000%26Timestamp%3D2026-11-27T15%253A37%253A42Z%26Version%3D2018-11-01';

describe('V1 signer', () => {
  it('builds the reference string to sign for POST', () => {
    expect(stringToSign('POST', VECTOR)).toBe(VECTOR_STS);
  });

  it('signs the reference vector for POST and GET', () => {
    expect(sign('testSecret', stringToSign('POST', VECTOR))).toBe('LBqfh8ouFYi/y/k6PAP3m8p26Ok=');
    expect(sign('testSecret', stringToSign('GET', VECTOR))).toBe('Zw17arH4B/8JRpNEvvV6VTsFxuQ=');
  });

  it('percent-encodes with RFC 3986 rules', () => {
    expect(percentEncode("a b*c~d!e'f(g)h+/=")).toBe('a%20b%2Ac~d%21e%27f%28g%29h%2B%2F%3D');
    expect(percentEncode('中')).toBe('%E4%B8%AD');
    expect(percentEncode('A-Z_a.z~09')).toBe('A-Z_a.z~09');
  });

  it('sorts by byte order (upper case before lower case) and ignores Signature', () => {
    expect(canonicalQuery({ b: '1', B: '2', a: '3', Signature: 'x' })).toBe('B=2&a=3&b=1');
  });

  it('signedParams adds the common params and a signature that verifies', () => {
    const p = signedParams({
      method: 'POST',
      action: 'ListOrders',
      accessKeyId: 'testId',
      accessKeySecret: 'testSecret',
      params: { Tid: 3000, PluginType: undefined },
      now: new Date('2026-11-27T15:37:42.123Z'),
      nonce: 'n1',
    });
    expect(p).toMatchObject({ Action: 'ListOrders', Version: '2018-11-01', Tid: '3000', Timestamp: '2026-11-27T15:37:42Z', SignatureNonce: 'n1' });
    expect('PluginType' in p).toBe(false);
    const { Signature, ...rest } = p;
    expect(Signature).toBe(sign('testSecret', stringToSign('POST', rest)));
    expect(encodeQuery({ Signature: 'a+b/c=' })).toBe('Signature=a%2Bb%2Fc%3D');
  });
});
