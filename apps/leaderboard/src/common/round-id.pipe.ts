import { Injectable, PipeTransform } from '@nestjs/common';
import { leaderboardFieldError, LeaderboardErrorCode } from './leaderboard.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid path parameter, lower-cased; anything else is a 400 naming the field. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  constructor(
    private readonly field = 'roundId',
    private readonly messageKey: LeaderboardErrorCode = 'leaderboard.field.round-id',
  ) {}
  transform(value: string): string {
    if (typeof value !== 'string' || !UUID.test(value)) throw leaderboardFieldError(this.field, this.messageKey);
    return value.toLowerCase();
  }
}

export const RoundIdPipe = new UuidParamPipe();
