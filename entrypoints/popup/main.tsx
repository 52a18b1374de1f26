import '../../lib/zod-config';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import Popup from './Popup';
import { benchMark } from '../../lib/page/bench-marks';
import { readFirstPage } from '../../lib/clips/first-page';
import '../../components/clips/clips.css';
import './popup.css';

benchMark('popup:script');
// Asked before the first render, so the stored first page is on its way while Preact draws the rest.
const firstPage = readFirstPage(browser.storage.session);
render(<Popup browser={browser} firstPage={firstPage} />, document.getElementById('app')!);
