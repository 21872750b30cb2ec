import { Injectable } from '@nestjs/common';

type Listener = (roundId: string) => void;

/** Lets the results side tell the socket gateway that a round was finalized (no import cycle between them). */
@Injectable()
export class LiveNotifier {
  private readonly listeners: Listener[] = [];
  onFinalized(listener: Listener): void {
    this.listeners.push(listener);
  }
  finalized(roundId: string): void {
    for (const l of this.listeners) l(roundId);
  }
}
