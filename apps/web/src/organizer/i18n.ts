import { catalogueHook } from '../lib/i18n';
import { ORGANIZER } from './messages';

/** The organizer's screens' `t`: lib/messages.ts plus ./messages.ts, whose words stay in this console's chunk. */
export const useOrganizerT = catalogueHook(ORGANIZER);
