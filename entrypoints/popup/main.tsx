import '../../lib/zod-config';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import Popup from './Popup';
import '../../components/clips/clips.css';
import './popup.css';

render(<Popup browser={browser} />, document.getElementById('app')!);
