import '../../lib/zod-config';
import kb from 'virtual:kb';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import './reader.css';
import Reader from './Reader';
import { Knowledge } from '../../lib/kb/knowledge';
import { adoptSheet, highlightSheet } from '../../lib/page/highlight-style';

adoptSheet(document, highlightSheet());

render(<Reader knowledge={new Knowledge(kb)} browser={browser} />, document.getElementById('app')!);
