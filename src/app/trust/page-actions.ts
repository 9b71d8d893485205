/** The page's trust and box actions, made on first use: only the lazy trust panel and boxes import them. */

import { appStore } from '../../state/store';
import { pipeline } from '../page';
import { createTrustActions } from './actions';

export const trustActions = createTrustActions(appStore, pipeline);
