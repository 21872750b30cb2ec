/**
 * HTTP contracts of the exam routes (docs/adr/0004-typed-contract.md).
 */
export {};
