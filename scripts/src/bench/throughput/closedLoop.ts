/**
 * Runs tasks with a fixed number in flight ("concurrency"): a slot takes the next item as soon
 * as its previous one has finished. Both the pipeline and the ceiling are driven by it, so they
 * are compared at the same concurrency.
 */
export async function closedLoop<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
  onDone: (finished: number) => void = () => undefined,
): Promise<void> {
  let next = 0;
  let finished = 0;
  const slot = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
      onDone(++finished);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, slot));
}
