/**
 * Injected on demand (scripting.executeScript) when the reader saves a page: the extraction code
 * (Readability, DOMPurify, Turndown) is too heavy to ship in the content script that runs on every page.
 * Its completion value is the clip input, returned to the background.
 */
import { extractPage } from '../lib/clips/extract';

export default defineUnlistedScript(() => extractPage(document));
