/**
 * HTTP contracts of the banks routes (docs/adr/0004-typed-contract.md).
 */
export {};
