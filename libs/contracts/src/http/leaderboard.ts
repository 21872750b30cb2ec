/**
 * HTTP contracts of the leaderboard routes (docs/adr/0004-typed-contract.md).
 */
export {};
