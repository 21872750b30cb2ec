/**
 * HTTP contracts of the contests routes (docs/adr/0004-typed-contract.md).
 */
export {};
