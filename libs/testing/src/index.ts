export * from './test-app';
export * from './unique';
