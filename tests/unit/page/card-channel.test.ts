import { describe, expect, it } from 'vitest';
import { HELLO, isHello, isOwnController, portName } from '../../../lib/page/card-channel';

const own = { nonce: 'n-1', extensionId: 'ext', tab: 7 };

describe('which port the card frame takes as its controller', () => {
  it.each([
    ['its own content script', { name: portName('n-1'), senderId: 'ext', senderTab: 7 }, true],
    ['a port named for another frame', { name: portName('n-2'), senderId: 'ext', senderTab: 7 }, false],
    ['another extension', { name: portName('n-1'), senderId: 'other', senderTab: 7 }, false],
    ['no extension id', { name: portName('n-1'), senderId: undefined, senderTab: 7 }, false],
    ['a content script of another tab', { name: portName('n-1'), senderId: 'ext', senderTab: 8 }, false],
    ['an extension page outside any tab', { name: portName('n-1'), senderId: 'ext', senderTab: undefined }, true],
  ])('%s', (_what, p, ok) => {
    expect(isOwnController(p, own)).toBe(ok);
  });

  it('without a tab of its own (Firefox frames have no tabs API) the nonce and the extension decide', () => {
    expect(isOwnController({ name: portName('n-1'), senderId: 'ext', senderTab: 8 }, { ...own, tab: undefined })).toBe(
      true,
    );
    expect(isOwnController({ name: portName('n-2'), senderId: 'ext', senderTab: 8 }, { ...own, tab: undefined })).toBe(
      false,
    );
  });

  it('a frame without a nonce takes nothing', () => {
    expect(isOwnController({ name: portName(''), senderId: 'ext', senderTab: 7 }, { ...own, nonce: '' })).toBe(false);
  });
});

describe('the Firefox hand-over', () => {
  const port = new MessageChannel().port1;
  it.each([
    ['the hand-over with the nonce and one port', { type: HELLO, nonce: 'n-1' }, [port], true],
    ['a wrong nonce', { type: HELLO, nonce: 'n-2' }, [port], false],
    ['no port', { type: HELLO, nonce: 'n-1' }, [], false],
    ['another message type', { type: 'card:show', nonce: 'n-1' }, [port], false],
    ['not an object', 'n-1', [port], false],
    ['null', null, [port], false],
  ])('%s', (_what, data, ports, ok) => {
    expect(isHello(data, ports, 'n-1')).toBe(ok);
  });
});
