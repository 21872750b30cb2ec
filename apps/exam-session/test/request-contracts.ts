import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/**
 * For the unit specs that hold a request contract (libs/contracts) and its DTO together: `implements` keeps their
 * types in step, these keep their bounds in step (a body the contract admits is one the DTO accepts).
 */

/** A request contract as a validator (what a client reading the OpenAPI document would check). */
export function contractAccepts(schema: object): (body: unknown) => boolean {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (body) => validate(body);
}

/** Whether the DTO accepts `body` as the global ValidationPipe would. */
export const dtoAccepts = (cls: new () => object, body: unknown): boolean =>
  typeof body === 'object' &&
  body !== null &&
  !Array.isArray(body) &&
  validateSync(plainToInstance(cls, body), { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }).length === 0;

/** The body as it travels (JSON), or undefined when fast-check made something JSON cannot carry. */
export function asJson(body: unknown): unknown {
  try {
    const text = JSON.stringify(body);
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
