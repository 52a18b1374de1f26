/**
 * What a card frame accepts from its controller over their private port (lib/page/card-channel.ts). The
 * port is already this frame's own (checked by nonce, extension and tab), so the schema guards against a
 * controller of another version and malformed values, not against page script, which never holds it.
 * Parsed in the frame only (an extension page); the content script sends these but imports no zod.
 */
import '../zod-config';
import { z } from 'zod';
import type { CardFrameRequest } from '../messages';

const Nonce = z.string().min(1).max(64);
const Entity = z.string().min(1).max(200);
const Px = z.number().nonnegative().max(100_000);

const schema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('card:prepare'), to: Nonce, seq: z.number().int(), entity: Entity, viewportHeight: Px }),
  z.object({
    type: z.literal('card:show'),
    to: Nonce,
    seq: z.number().int(),
    entity: Entity,
    focus: z.boolean(),
    viewportHeight: Px,
  }),
  z.object({ type: z.literal('card:place'), to: Nonce, maxHeight: Px.nullable() }),
  z.object({ type: z.literal('card:hide'), to: Nonce }),
]);

// The schema and the message type in lib/messages.ts must describe the same requests.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const schemaMatchesMessages: Same<z.output<typeof schema>, CardFrameRequest> = true;

/** The request addressed to the frame whose nonce is `nonce`, or null for anything else. */
export function parseCardFrameRequest(raw: unknown, nonce: string): CardFrameRequest | null {
  const parsed = schema.safeParse(raw);
  return parsed.success && parsed.data.to === nonce ? parsed.data : null;
}
