import { describe, expect, it } from 'vitest';
import { parseCardFrameRequest } from '../../../lib/protocol/card-frame';

const N = 'nonce-1';

describe('card frame requests', () => {
  it.each([
    ['prepare', { type: 'card:prepare', to: N, seq: 1, entity: 'csto', viewportHeight: 800 }],
    ['show', { type: 'card:show', to: N, seq: 2, entity: 'csto', focus: true, viewportHeight: 800 }],
    ['place, no cap', { type: 'card:place', to: N, maxHeight: null }],
    ['hide', { type: 'card:hide', to: N }],
  ])('accepts %s addressed to this frame', (_name, msg) => {
    expect(parseCardFrameRequest(msg, N)).toEqual(msg);
  });

  it.each([
    ['another frame', { type: 'card:hide', to: 'other' }],
    ['an unknown type', { type: 'card:open-tab', to: N, url: 'https://evil.example/' }],
    ['a malformed show', { type: 'card:show', to: N, seq: 'x', entity: 'csto', focus: true, viewportHeight: 800 }],
    ['an empty entity', { type: 'card:prepare', to: N, seq: 1, entity: '', viewportHeight: 800 }],
    ['not an object', 'card:hide'],
    ['nothing', null],
  ])('refuses %s', (_name, msg) => {
    expect(parseCardFrameRequest(msg, N)).toBeNull();
  });

  it('drops keys a request does not have', () => {
    expect(parseCardFrameRequest({ type: 'card:hide', to: N, url: 'https://evil.example/' }, N)).toEqual({
      type: 'card:hide',
      to: N,
    });
  });
});
