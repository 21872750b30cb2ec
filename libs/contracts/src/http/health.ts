import { Type, type Static } from '@sinclair/typebox';
import { named, Obj, OneOf } from './schema';

/** GET /api/health/live: the process is up (for a liveness probe: no dependency is asked). */
export const HealthLiveV1 = named(
  'HealthLiveV1',
  Obj(
    {
      status: OneOf(['ok'] as const),
      uptimeSeconds: Type.Integer({ minimum: 0, examples: [3600] }),
    },
    { description: 'the process answers; restart it when it does not' },
  ),
);
export type HealthLiveV1 = Static<typeof HealthLiveV1>;

/** One dependency's state in a readiness answer: `up`, or `down` with the reason. */
export const HealthIndicatorV1 = named(
  'HealthIndicatorV1',
  Obj({
    status: OneOf(['up', 'down'] as const),
    message: Type.Optional(Type.String({ description: 'why it is down (e.g. `timeout after 2000 ms`)' })),
  }),
);
export type HealthIndicatorV1 = Static<typeof HealthIndicatorV1>;

const indicators = Type.Record(Type.String(), HealthIndicatorV1, { description: 'by dependency: `redis`, and each hosted service’s PostgreSQL pool' });

/**
 * GET /api/health/ready: every dependency answers (200, `ok`) or one does not (503, `error`: take the instance out
 * of the load balancer). The one answer of the API that is not problem+json on an error status: load balancers and
 * Kubernetes read it as it is.
 */
export const HealthReadyV1 = named(
  'HealthReadyV1',
  Obj({
    status: OneOf(['ok', 'error'] as const),
    info: Type.Optional(indicators),
    error: Type.Optional(indicators),
    details: indicators,
  }),
);
export type HealthReadyV1 = Static<typeof HealthReadyV1>;
