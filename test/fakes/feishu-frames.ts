/**
 * The `pbbp2.Frame` protobuf of the Feishu / Lark long connection, as the official SDKs define it
 * (@larksuiteoapi/node-sdk `ws-client/proto-buf`, oapi-sdk-go `ws/pbbp2.pb.go`). Written out here rather than
 * borrowed from the SDK so the fake checks that the client really speaks the wire format.
 *
 *   Frame  { 1 SeqID uint64, 2 LogID uint64, 3 service int32, 4 method int32, 5 headers Header[],
 *            6 payloadEncoding string, 7 payloadType string, 8 payload bytes, 9 LogIDNew string }
 *   Header { 1 key string, 2 value string }
 * Fields 1-4 are `required` (the SDK's decoder throws without them).
 */

export const FRAME_CONTROL = 0;
export const FRAME_DATA = 1;

export interface Frame {
  readonly seqId: number;
  readonly logId: number;
  readonly service: number;
  readonly method: number;
  readonly headers: readonly { readonly key: string; readonly value: string }[];
  readonly payload?: Uint8Array;
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

const tag = (field: number, wire: number): number[] => varint(field * 8 + wire);
const bytesField = (field: number, bytes: Uint8Array): number[] => [...tag(field, 2), ...varint(bytes.length), ...bytes];
const stringField = (field: number, s: string): number[] => bytesField(field, new TextEncoder().encode(s));

export function encodeFrame(f: Frame): Buffer {
  const out: number[] = [
    ...tag(1, 0),
    ...varint(f.seqId),
    ...tag(2, 0),
    ...varint(f.logId),
    ...tag(3, 0),
    ...varint(f.service),
    ...tag(4, 0),
    ...varint(f.method),
  ];
  for (const h of f.headers) out.push(...bytesField(5, Uint8Array.from([...stringField(1, h.key), ...stringField(2, h.value)])));
  if (f.payload) out.push(...bytesField(8, f.payload));
  return Buffer.from(out);
}

class Reader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('pbbp2: truncated varint');
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 0x80;
    }
  }
  bytes(): Uint8Array {
    const len = this.varint();
    const out = this.buf.subarray(this.pos, this.pos + len);
    if (out.length !== len) throw new Error('pbbp2: truncated field');
    this.pos += len;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 2) this.bytes();
    else if (wire === 1) this.pos += 8;
    else if (wire === 5) this.pos += 4;
    else throw new Error(`pbbp2: unknown wire type ${wire}`);
  }
}

export function decodeFrame(buf: Uint8Array): Frame {
  const r = new Reader(buf);
  const seen = new Set<number>();
  let seqId = 0;
  let logId = 0;
  let service = 0;
  let method = 0;
  let payload: Uint8Array | undefined;
  const headers: { key: string; value: string }[] = [];
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  while (!r.done()) {
    const t = r.varint();
    const field = Math.floor(t / 8);
    const wire = t % 8;
    seen.add(field);
    if (field === 1) seqId = r.varint();
    else if (field === 2) logId = r.varint();
    else if (field === 3) service = r.varint();
    else if (field === 4) method = r.varint();
    else if (field === 5) {
      const h = new Reader(r.bytes());
      let key = '';
      let value = '';
      while (!h.done()) {
        const ht = h.varint();
        if (ht === 10) key = text(h.bytes());
        else if (ht === 18) value = text(h.bytes());
        else h.skip(ht % 8);
      }
      headers.push({ key, value });
    } else if (field === 8) payload = Uint8Array.from(r.bytes());
    else r.skip(wire);
  }
  for (const required of [1, 2, 3, 4]) if (!seen.has(required)) throw new Error(`pbbp2: missing required field ${required}`);
  return { seqId, logId, service, method, headers, ...(payload ? { payload } : {}) };
}

export const headerOf = (f: Frame, key: string): string | undefined => f.headers.find((h) => h.key === key)?.value;
