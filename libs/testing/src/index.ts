export * from './test-app';
export * from './unique';
export * from './platform-process';
export * from './own-database';
export * from './fake-clock';
