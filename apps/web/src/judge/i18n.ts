import { catalogueHook } from '../lib/i18n';
import { JUDGE } from './messages';

/** The judge's screens' `t`: lib/messages.ts plus ./messages.ts, whose words stay in this console's chunk. */
export const useJudgeT = catalogueHook(JUDGE);
