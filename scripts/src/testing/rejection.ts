/**
 * What `promise` rejects with, after expecting it to be an instance of `errorClass`: the test
 * fails when the promise resolves or rejects with anything else.
 */
export async function rejectionOf<E extends Error>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => E,
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(errorClass);
  return error as E;
}
