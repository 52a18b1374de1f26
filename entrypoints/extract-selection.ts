/** Injected on demand when the reader saves a selection; see extract-page.ts. Null when nothing is selected. */
import { extractSelection } from '../lib/clips/extract';

export default defineUnlistedScript(() => extractSelection(document.getSelection(), document));
