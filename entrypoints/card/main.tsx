import { browser } from 'wxt/browser';
import { startCardFrame } from './frame';

void startCardFrame(browser);
