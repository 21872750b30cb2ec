import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, MaxLength, ValidateIf, ValidateNested } from 'class-validator';

export const ATTEMPT_EVENT_TYPES = ['blur', 'focus', 'visibility-hidden', 'visibility-visible', 'offline', 'online', 'copy', 'paste'] as const;
export type AttemptEventType = (typeof ATTEMPT_EVENT_TYPES)[number];

/** Events one request may carry (a client back online sends what it queued meanwhile). */
export const MAX_EVENTS_PER_REQUEST = 20;
/** The largest body the route reads: a full batch with ISO times is about 1.6 KB. */
export const EVENTS_BODY_LIMIT = 4 * 1024;

/** One signal the client reports (focus lost, tab hidden…), for judges. */
export class AttemptEventDto {
  @ApiProperty({ enum: ATTEMPT_EVENT_TYPES })
  @IsIn(ATTEMPT_EVENT_TYPES)
  type!: AttemptEventType;

  @ApiPropertyOptional({ description: "The client's time (ISO-8601); the server's time is recorded too", maxLength: 40 })
  @IsOptional()
  @MaxLength(40)
  @IsISO8601()
  at?: string;
}

/**
 * POST /api/attempts/:id/events — one event (`{type, at?}`, what the web client sends as it happens) and/or a batch
 * (`{events: [...]}`, at most MAX_EVENTS_PER_REQUEST); `type` is required unless `events` is given.
 */
export class AttemptEventsDto {
  @ApiPropertyOptional({ enum: ATTEMPT_EVENT_TYPES, description: 'One event (required unless `events` is given)' })
  @ValidateIf((o: AttemptEventsDto) => o.events === undefined || o.type !== undefined)
  @IsIn(ATTEMPT_EVENT_TYPES)
  type?: AttemptEventType;

  @ApiPropertyOptional({ description: "The client's time of `type` (ISO-8601)", maxLength: 40 })
  @IsOptional()
  @MaxLength(40)
  @IsISO8601()
  at?: string;

  @ApiPropertyOptional({ type: [AttemptEventDto], minItems: 1, maxItems: MAX_EVENTS_PER_REQUEST, description: 'Events queued by the client, oldest first' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EVENTS_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => AttemptEventDto)
  events?: AttemptEventDto[];
}

/** The events of a body, in order: the single one first, then the batch. */
export function eventsOf(dto: AttemptEventsDto): { type: AttemptEventType; at?: string }[] {
  return [...(dto.type ? [{ type: dto.type, at: dto.at }] : []), ...(dto.events ?? []).map((e) => ({ type: e.type, at: e.at }))];
}
