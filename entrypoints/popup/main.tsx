import { render } from 'preact';
import { browser } from 'wxt/browser';
import Popup from './Popup';
import './popup.css';

render(<Popup browser={browser} />, document.getElementById('app')!);
