import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock } from './clock/clock';
import { loadEnv, loadServiceEnvs, PlatformEnv, serviceEnv } from './config/platform-env';
import { openApiExtrasFor } from './http/openapi-extras';
import { completeDocument } from './http/contract';
import { installContractCheck } from './http/contract-check';
import { DEFAULT_BODY_LIMIT, installRouteBodyLimits } from './http/body-limit';
import { installJsonBodyParser } from './http/json-body';
import { registerErrorCatalogs } from './errors/error-catalog';
import { sendProblem } from './errors/problem.filter';
import { installRequestLogging } from './http/request-logging';
import { installSecurityHeaders } from './http/security-headers';
import { setSpaFallback } from './http/spa-fallback';
import { PlatformModule } from './platform.module';
import { RedisIoAdapter } from './socket/redis-io.adapter';
import { ServiceDefinition } from './service-definition';

/** A problem+json answer to a request Node's HTTP parser refused, then the connection closed. */
function answerClientError(err: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const big = err.code === 'HPE_HEADER_OVERFLOW';
  const status = big ? 431 : 400;
  const body = JSON.stringify({
    type: 'about:blank',
    title: big ? 'Request Header Fields Too Large' : 'Bad Request',
    status,
    code: big ? 'payload.too-large' : 'request.malformed',
    detail: big ? 'Địa chỉ hoặc phần đầu yêu cầu quá dài.' : 'Yêu cầu không đúng định dạng.',
  });
  socket.end(
    `HTTP/1.1 ${status} ${big ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Picks the services named by `SERVICES` (`all` or a comma list) from those this binary carries. */
export function selectServices(all: ServiceDefinition[], selector: string): ServiceDefinition[] {
  if (selector.trim() === 'all') return all;
  const wanted = selector
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((w) => !all.some((s) => s.name === w));
  if (unknown.length || !wanted.length) {
    throw new Error(
      `Configuration error: SERVICES=${selector} names unknown services (${unknown.join(', ')}); known: all, ${all.map((s) => s.name).join(', ')}`,
    );
  }
  return all.filter((s) => wanted.includes(s.name));
}

export interface CreateAppOptions {
  /** Nest logger: pino by default; tests pass false to stay quiet. */
  logger?: boolean;
  /** The clock every service is given: PlatformModule's SystemClock by default; tests pass a FakeClock. */
  clock?: Clock;
}

/** Builds the Nest application hosting `services` (not yet listening). Used by every main.ts and by e2e tests. */
export async function createPlatformApp(services: ServiceDefinition[], env: PlatformEnv, opts: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  registerErrorCatalogs(services.map((s) => s.errors));
  for (const s of services) if (s.env) serviceEnv(s.env, env); // a ConfigError here, before anything is built
  @Module({ imports: [PlatformModule.forRoot(env, { clock: opts.clock }), ...services.map((s) => s.module)] })
  class RootModule {}

  const adapter = new FastifyAdapter({
    trustProxy: env.TRUST_PROXY === 'true' ? true : env.TRUST_PROXY === 'false' ? false : env.TRUST_PROXY,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: DEFAULT_BODY_LIMIT,
    routerOptions: { maxParamLength: 200 },
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Errors of Fastify's router (a path parameter over maxParamLength, a URL that does not decode) are answered
    // before any hook or Nest filter: problem+json like every other refusal.
    frameworkErrors: (error: Error, req: FastifyRequest, reply: FastifyReply) => sendProblem(req, reply, error),
    // Refusals of Node's HTTP parser itself (headers or URL too large, a malformed request line), before Fastify.
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(RootModule, adapter, {
    bufferLogs: opts.logger !== false,
    logger: opts.logger === false ? false : undefined,
    abortOnError: false,
  });
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  // socket.io gateways share rooms across instances through Redis (websocket transport only).
  app.useWebSocketAdapter(new RedisIoAdapter(app, { redisUrl: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX }));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);

  const fastify = app.getHttpAdapter().getInstance();
  installJsonBodyParser(app);
  installRouteBodyLimits(fastify);
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    void reply.header('x-request-id', req.id);
    done();
  });
  if (opts.logger !== false) installRequestLogging(fastify, env.LOG_LEVEL);
  // Errors Fastify raises itself (bad JSON, body too large, wrong content type) reach Nest's exception layer,
  // which Nest installs as Fastify's error handler at init, and so the ProblemFilter: problem+json too.

  installSecurityHeaders(fastify);
  await app.register(multipart as never, { limits: { fileSize: 60 * 1024 * 1024, files: 1, fields: 10, parts: 20 } });

  const web = resolve(env.WEB_DIST);
  if (env.WEB_DIST && existsSync(resolve(web, 'index.html'))) {
    await app.register(fastifyStatic as never, { root: web, prefix: '/', wildcard: false, index: ['index.html'] });
    setSpaFallback(true);
  }

  const contractMode = env.NODE_ENV === 'production' ? 'off' : env.CONTRACT_CHECK;
  let document: OpenAPIObject | undefined;
  installContractCheck(fastify, contractMode, () => document, env.CONTRACT_REPORT);
  if (env.SWAGGER_ENABLED || contractMode !== 'off') document = buildOpenApiDocument(app, services);
  if (env.SWAGGER_ENABLED && document) SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/json' });
  await app.init();
  return app;
}

/** The OpenAPI document of the routes `services` serve, with the contracts of libs/contracts as its components. */
export function buildOpenApiDocument(app: NestFastifyApplication, services: ServiceDefinition[]): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Hội Thi API')
    .setDescription('Registration, question bank, exam session and leaderboard services of Hội Thi.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  Object.assign(document.paths, openApiExtrasFor(services.map((s) => s.name)));
  return completeDocument(document);
}

/** main.ts of every deployable: validated env, the selected services, listen, print the URL. */
export async function startPlatform(all: ServiceDefinition[], defaults: { port?: number; services?: string } = {}): Promise<NestFastifyApplication> {
  if (defaults.port && !process.env.PORT) process.env.PORT = String(defaults.port);
  if (defaults.services && !process.env.SERVICES) process.env.SERVICES = defaults.services;
  const env = loadEnv();
  let services: ServiceDefinition[];
  try {
    services = selectServices(all, env.SERVICES);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(78);
  }
  loadServiceEnvs(
    env,
    services.flatMap((s) => (s.env ? [s.env] : [])),
  );
  const app = await createPlatformApp(services, env);
  await app.listen({ port: env.PORT, host: env.HOST });
  const shown = env.HOST === '0.0.0.0' ? 'localhost' : env.HOST;
  app.get(Logger).log(`Hội Thi (${services.map((s) => s.name).join(', ')}) listening on http://${shown}:${env.PORT}`);
  process.stdout.write(`\n  Hội Thi is running: http://${shown}:${env.PORT}  (API docs: http://${shown}:${env.PORT}/api/docs)\n\n`);
  return app;
}
