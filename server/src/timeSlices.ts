/**
 * Work written as a generator that yields between steps (parsing a document statement by
 * statement, checking it), run either at once or in slices of the event loop, so a huge
 * document never blocks the server and a newer version can cancel the run.
 */

/** Runs every step now and returns the result. */
export function runAllSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) {
      return r.value;
    }
  }
}

/** Runs the steps, yielding to the event loop every ~`sliceMs`; null if `stale()` turns true. */
export async function runStepsInSlices<T>(steps: Generator<void, T>, stale: () => boolean, sliceMs: number): Promise<T | null> {
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) {
      return r.value;
    }
    if (performance.now() - sliceStart > sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      if (stale()) {
        return null;
      }
      sliceStart = performance.now();
    }
  }
}
