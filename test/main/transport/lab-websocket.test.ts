import { describe, expect, it } from 'vitest';
import { parseClientMessage, UNKNOWN_ID } from '../../../src-main/transport/lab-websocket.js';

describe('parseClientMessage', () => {
  it.each([
    ['{"id":1,"channel":"app:info","payload":{}}', { ok: true, id: 1, channel: 'app:info', payload: {} }],
    ['{"id":0,"channel":"runs:load"}', { ok: true, id: 0, channel: 'runs:load', payload: undefined }],
    ['{"id":9007199254740991,"channel":5,"payload":null}', { ok: true, id: 9007199254740991, channel: 5, payload: null }],
  ])('%s → request', (text, expected) => {
    expect(parseClientMessage(text)).toEqual(expected);
  });

  it.each<[string, number, RegExp]>([
    ['', UNKNOWN_ID, /not valid JSON/],
    ['{', UNKNOWN_ID, /not valid JSON/],
    ['[]', UNKNOWN_ID, /expected an object/],
    ['true', UNKNOWN_ID, /expected an object/],
    ['{"channel":"app:info"}', UNKNOWN_ID, /^id:/],
    ['{"id":1e300,"channel":"app:info"}', UNKNOWN_ID, /^id:/],
    ['{"id":null}', UNKNOWN_ID, /^id:/],
    ['{"id":2,"channel":"app:info","payload":{},"__proto__":{}}', 2, /unknown key/],
    ['{"id":3,"extra":1}', 3, /unknown key\(s\) extra/],
  ])('%j → error answer for id %i', (text, id, message) => {
    const r = parseClientMessage(text);
    expect(r.ok).toBe(false);
    if (!r.ok && 'id' in r.answer && !r.answer.ok) {
      expect(r.answer.id).toBe(id);
      expect(r.answer.error.message).toMatch(message);
    } else throw new Error('expected an error answer');
  });
});
