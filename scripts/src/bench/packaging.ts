/** `sls package` during a run: started once nothing is being timed, awaited before anything is. */
import type { Progress } from './output/progress';

export interface Packaging {
  start(): Promise<unknown> | undefined;
  running?: Promise<unknown>;
}

export async function awaitPackaging(packaging: Packaging, progress: Progress): Promise<void> {
  if (!packaging.running) return;
  progress.step('waiting for sls package');
  await packaging.running;
}
