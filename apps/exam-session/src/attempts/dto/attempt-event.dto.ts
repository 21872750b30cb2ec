import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { ATTEMPT_EVENT_TYPES, type AttemptEventsRequestV1, type AttemptEventType, MAX_ATTEMPT_EVENTS_PER_REQUEST } from '@hoi-thi/contracts';

/** The largest body the route reads: a full batch with ISO times is about 1.6 KB. */
export const EVENTS_BODY_LIMIT = 4 * 1024;

type AttemptEventV1 = NonNullable<AttemptEventsRequestV1['events']>[number];

/** One signal the client reports (focus lost, tab hidden…), for judges. */
export class AttemptEventDto implements AttemptEventV1 {
  @IsIn(ATTEMPT_EVENT_TYPES)
  type!: AttemptEventType;

  /** The client's time (ISO-8601); the server's time is recorded too. */
  @IsOptional()
  @MaxLength(40)
  @IsISO8601()
  at?: string;
}

/**
 * POST /api/attempts/:id/events (AttemptEventsRequestV1) — one event (`{type, at?}`, what the web client sends as it
 * happens) and/or a batch (`{events: [...]}`, at most MAX_ATTEMPT_EVENTS_PER_REQUEST); `type` is required unless
 * `events` is given.
 */
export class AttemptEventsDto implements AttemptEventsRequestV1 {
  @ValidateIf((o: AttemptEventsDto) => o.events === undefined || o.type !== undefined)
  @IsIn(ATTEMPT_EVENT_TYPES)
  type?: AttemptEventType;

  @IsOptional()
  @MaxLength(40)
  @IsISO8601()
  at?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ATTEMPT_EVENTS_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => AttemptEventDto)
  events?: AttemptEventDto[];
}

/** The events of a body, in order: the single one first, then the batch. */
export function eventsOf(dto: AttemptEventsDto): { type: AttemptEventType; at?: string }[] {
  return [...(dto.type ? [{ type: dto.type, at: dto.at }] : []), ...(dto.events ?? []).map((e) => ({ type: e.type, at: e.at }))];
}
