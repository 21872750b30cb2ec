/**
 * Fixed ids of the demo contest "Tìm hiểu Nghị quyết 15-NQ/TW", so other services, the web client and tests can
 * refer to them. Question, version and option ids are name-based (uuidV5 of the question key under DEMO_NAMESPACE).
 */
export const DEMO_NAMESPACE = '3b1f6c2e-9a47-4d0b-8e55-7f2a91c0d415';
export const DEMO_BANK_ID = 'd3e0b000-0000-4000-8000-000000000001';
export const DEMO_CONTEST_ID = 'd3e0c000-0000-4000-8000-000000000015';
/** Opens a day before the first seed, closes 7 days after (extended again by a later seed when it nears its end). */
export const DEMO_ROUND_OPEN_ID = 'd3e0a000-0000-4000-8000-000000000001';
/** Opens 8 days after the first seed. */
export const DEMO_ROUND_UPCOMING_ID = 'd3e0a000-0000-4000-8000-000000000002';
