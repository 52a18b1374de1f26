/**
 * Imported before any schema is parsed, in every context (content script, background, extension pages).
 * zod compiles a fast path for object schemas with `new Function`, after probing whether eval is allowed;
 * under the extension's CSP the probe fails (and is reported as a CSP violation), and in a page a
 * content script should not be the one calling the Function constructor at all. jitless skips both the
 * probe and the compiled path: parsing is the same, slightly slower on large objects.
 */
import { z } from 'zod/mini';

z.config({ jitless: true });
