import '../../lib/zod-config';
import kb from 'virtual:kb';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../content/highlights.css';
import './reader.css';
import Reader from './Reader';
import { Knowledge } from '../../lib/kb/knowledge';

render(<Reader knowledge={new Knowledge(kb)} browser={browser} />, document.getElementById('app')!);
