/** The server's clock as seen from the device: offset = serverNow − local now at receipt. */
export function clockOffset(serverNowIso: string | undefined | null, localNowMs: number): number {
  const server = serverNowIso ? Date.parse(serverNowIso) : NaN;
  return Number.isFinite(server) ? server - localNowMs : 0;
}

/** Milliseconds left before the deadline, on the server's clock. */
export function remainingMs(deadlineIso: string, offsetMs: number, localNowMs: number): number {
  const deadline = Date.parse(deadlineIso);
  if (!Number.isFinite(deadline)) return 0;
  return Math.max(0, deadline - (localNowMs + offsetMs));
}
