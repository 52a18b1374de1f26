import '../../lib/zod-config';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import Root from './Root';
import './entities/entities.css';
import '../../components/clips/clips.css';
import './library.css';

render(<Root browser={browser} />, document.getElementById('app')!);
