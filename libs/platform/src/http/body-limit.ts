import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * Fastify's limit for any request body, and so for every route without its own: far above what a form or a save
 * sends, far below what it takes to keep a parser or validator busy. Routes that need more say so with BodyLimit;
 * multipart uploads keep @fastify/multipart's own limits (the file streams, it is not one buffered body).
 */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** A route's own body limit in bytes (Fastify's `bodyLimit` route option, which Nest's router does not expose). */
export const BodyLimit = (bytes: number) => RouteConfig({ bodyLimit: bytes });

/** Moves a Nest route's `config.bodyLimit` (set by BodyLimit) to Fastify's route option; runs as routes are added. */
export function installRouteBodyLimits(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const limit = (route.config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
    if (typeof limit === 'number' && route.bodyLimit === undefined) route.bodyLimit = limit;
  });
}
