import { Injectable } from '@nestjs/common';

/** Each hosted service adds what it needs to be ready (its DataSource, Redis); /api/health/ready runs them all. */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, () => Promise<unknown>>();
  add(name: string, check: () => Promise<unknown>): void {
    this.checks.set(name, check);
  }
  entries(): [string, () => Promise<unknown>][] {
    return [...this.checks.entries()];
  }
}
