/**
 * Deletes every key `keys` yields with `deleteOne`, up to `concurrency` at a
 * time, and counts the deletions that removed something (`deleteOne` answers
 * false for a key that was already gone). For object stores without a batch
 * delete call: their `deletePrefix` lists a prefix and deletes what it lists.
 * Keys are taken from the listing a batch at a time, so a prefix of millions
 * of objects is never held in memory; the first failure stops the deleting.
 */
export async function deleteInBatches(
  keys: AsyncIterable<string>,
  deleteOne: (key: string) => Promise<boolean>,
  concurrency = 16,
): Promise<number> {
  let count = 0;
  let batch: string[] = [];
  const flush = async () => {
    const deleted = await Promise.all(batch.map(deleteOne));
    count += deleted.filter(Boolean).length;
    batch = [];
  };
  for await (const key of keys) {
    batch.push(key);
    if (batch.length >= concurrency) await flush();
  }
  await flush();
  return count;
}
