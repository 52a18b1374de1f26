import '../../lib/zod-config';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import Library from './Library';
import '../../components/clips/clips.css';
import './library.css';

render(<Library browser={browser} />, document.getElementById('app')!);
