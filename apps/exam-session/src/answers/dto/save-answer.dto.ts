import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import type { SaveAnswerRequestV1 } from '@hoi-thi/contracts';

/** PUT /api/attempts/:id/answers/:questionId (SaveAnswerRequestV1) — the chosen options (the attempt's opaque ids) and the client's sequence. */
export class SaveAnswerDto implements SaveAnswerRequestV1 {
  /** Opaque option ids of this attempt; [] clears the answer. */
  @IsArray()
  @ArrayMaxSize(16)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  optionIds!: string[];

  /** Increases with each change of this question on the client; a lower one never overwrites a higher one. */
  @IsInt()
  @Min(0)
  @Max(2147483647)
  seq!: number;
}

/**
 * The compiled check of the hot route: accepts only bodies SaveAnswerDto accepts (property-tested against
 * class-validator); anything it refuses goes to class-validator, which decides and writes the field report.
 */
export function isSaveAnswerBody(b: unknown): b is SaveAnswerDto {
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
  let keys = 0;
  for (const k in b) {
    if (k !== 'optionIds' && k !== 'seq') return false;
    keys += 1;
  }
  if (keys !== 2) return false;
  const { optionIds, seq } = b as { optionIds: unknown; seq: unknown };
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0 || seq > 2147483647) return false;
  if (!Array.isArray(optionIds) || optionIds.length > 16) return false;
  for (let i = 0; i < optionIds.length; i += 1) {
    const o: unknown = optionIds[i];
    if (typeof o !== 'string' || o.length > 64) return false;
    for (let j = 0; j < i; j += 1) if (optionIds[j] === o) return false;
  }
  return true;
}
