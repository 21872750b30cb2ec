import { Type, type Static } from '@sinclair/typebox';
import { named, Obj } from './http/schema';

/** RFC 9457 problem details as every service answers an error (`application/problem+json`). */
export const ProblemV1 = named(
  'ProblemV1',
  Obj({
    type: Type.String({ description: '`https://hoithi.dev/problems/<code>`' }),
    title: Type.String({ description: 'the English title of the code' }),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String({ description: 'in the request’s language (Vietnamese unless `Accept-Language` asks for English)' }),
    code: Type.String({ description: 'the stable error code, e.g. `round.not-found`', examples: ['user.duplicate'] }),
    errors: Type.Optional(Type.Array(Obj({ field: Type.String(), message: Type.String() }), { description: 'one entry per refused field' })),
    errorId: Type.Optional(Type.String({ description: 'for a 500: the id under which the error was logged' })),
  }),
);
export type ProblemV1 = Static<typeof ProblemV1>;
