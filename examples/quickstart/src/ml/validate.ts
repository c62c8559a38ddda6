/** Shape and label checks shared by the model trainers. */

/** Throws on empty/ragged X, length mismatch or non-0/1 labels; returns the feature count. */
export function checkTrainingData(X: readonly (readonly number[])[], y: readonly number[]): number {
  const first = X[0];
  if (first === undefined) throw new Error("training data is empty");
  if (X.length !== y.length) throw new Error(`X has ${X.length} rows but y has ${y.length} labels`);
  const d = first.length;
  for (const [i, row] of X.entries()) {
    if (row.length !== d) throw new Error(`row ${i} has ${row.length} features, expected ${d}`);
    for (const [j, value] of row.entries()) {
      if (!Number.isFinite(value)) throw new Error(`row ${i}, feature ${j} is not a finite number: ${value}`);
    }
  }
  for (const [i, label] of y.entries()) {
    if (label !== 0 && label !== 1) throw new Error(`label ${i} must be 0 or 1, got ${label}`);
  }
  return d;
}
