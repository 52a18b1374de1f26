import { browser } from 'wxt/browser';
import { startBackground } from './handlers';

export default defineBackground({
  type: 'module',
  main() {
    startBackground(browser);
  },
});
