import { browser } from 'wxt/browser';
import { startCardFrame } from './frame';

startCardFrame(browser);
