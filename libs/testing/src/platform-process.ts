import type { ChildProcess } from 'node:child_process';

/** Waits until a platform process started by a tool (the bench, the security sweep) answers /api/health/ready. */
export async function waitForPlatform(baseUrl: string, child: ChildProcess, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 2; i++) {
    if (child.exitCode !== null) throw new Error(`platform exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health/ready`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`platform did not become ready in ${seconds} s`);
}
