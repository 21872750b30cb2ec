import { IsOptional, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import type { SubmitAttemptRequestV1 } from '@hoi-thi/contracts';
import { normalizePrediction } from '../attempt-result';

@ValidatorConstraint({ name: 'isPrediction' })
export class IsPredictionConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    try {
      normalizePrediction(value);
      return true;
    } catch {
      return false;
    }
  }
}

/** POST /api/attempts/:id/submit (SubmitAttemptRequestV1) — the prediction (a number or a decimal string, up to 5 decimals). */
export class SubmitAttemptDto implements SubmitAttemptRequestV1 {
  /** Required when the round has a prediction question. */
  @IsOptional()
  @Validate(IsPredictionConstraint, { message: 'exam.prediction-invalid' })
  prediction?: string | number | null;
}

const PREDICTION = /^-?\d{1,15}(\.\d{1,5})?$/;

/** The compiled check of the hot route (same contract as SubmitAttemptDto; class-validator reports what it refuses). */
export function isSubmitBody(b: unknown): b is SubmitAttemptDto {
  if (b === undefined || b === null) return true;
  if (typeof b !== 'object' || Array.isArray(b)) return false;
  for (const k in b) if (k !== 'prediction') return false;
  const p = (b as { prediction?: unknown }).prediction;
  if (p === undefined || p === null) return true;
  if (typeof p === 'number') return PREDICTION.test(String(p));
  return typeof p === 'string' && PREDICTION.test(p);
}
