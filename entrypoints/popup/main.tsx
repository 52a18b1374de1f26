import '../../lib/zod-config';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import Popup from './Popup';
import { benchMark } from '../../lib/page/bench-marks';
import { takeFirstPage } from '../../lib/clips/first-page';
import { holdFirstEffectsUntilPainted } from '../../components/hooks/effects-after-paint';
import './popup.css';

benchMark('popup:script');
// The first page the background stored (a few ms: storage.session is the browser's memory; the read
// began in popup-early.js while this module loaded) is in the first render, so the list is painted in
// the popup's first frame, with or without a running worker.
void takeFirstPage(browser.storage.session, window).then((firstPage) => {
  benchMark('popup:first-page-read');
  // With the list in the first render, what the mount effects start (the worker, the rest of the rows)
  // waits until that render is on screen; without it, the list needs the worker at once.
  if (firstPage) holdFirstEffectsUntilPainted();
  render(<Popup browser={browser} firstPage={firstPage} />, document.getElementById('app')!);
});
