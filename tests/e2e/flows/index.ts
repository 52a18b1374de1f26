/** Every shared flow, in the order both lanes run them. */
import { attackerFlows } from './attacker';
import { cardFlows } from './card';
import { clipFlows } from './clips';
import type { Flow } from './flow';
import { libraryFlows } from './library';
import { markingFlows } from './marking';
import { privacyFlows } from './privacy';

export const flows: Flow[] = [
  ...markingFlows,
  ...cardFlows,
  ...attackerFlows,
  ...clipFlows,
  ...libraryFlows,
  ...privacyFlows,
];
export { runFlow, type Flow } from './flow';
