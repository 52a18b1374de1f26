import '../../lib/zod-config';
import kb from 'virtual:kb';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import './reader.css';
import Reader from './Reader';
import { Knowledge } from '../../lib/kb/knowledge';
import { adoptSheet, highlightSheet } from '../../lib/page/highlight-style';
import { DOCUMENT_PREFIX } from '../../lib/page/highlights';

// An extension page registers every layer itself, the private ones too: the sheet styles them all.
adoptSheet(document, highlightSheet(window, DOCUMENT_PREFIX, true));

render(<Reader knowledge={new Knowledge(kb)} browser={browser} />, document.getElementById('app')!);
