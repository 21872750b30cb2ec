import 'reflect-metadata';
import { startPlatform } from '@hoi-thi/platform';
import { ALL_SERVICES } from './services';

// All services (or those SERVICES names) in one process, the API and the web client on one port (3000).
void startPlatform(ALL_SERVICES, { port: 3000, services: 'all' });
