import { readdir, stat } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Sources the MLflow server reads itself; anything else is a local path whose files the registry uploads. */
const REMOTE_SCHEMES = /^(mlflow-artifacts|runs|models|s3|gs|wasbs|abfss|hdfs|dbfs|https?|ftp|sftp|oss|viewfs):/i;

/** The local folder or file a source names, or `undefined` when the server reads the source itself. */
export function localSourcePath(source: string): string | undefined {
  if (REMOTE_SCHEMES.test(source)) return undefined;
  if (source.startsWith("file:")) return fileURLToPath(source);
  return source;
}

/** Every file under a local folder (or the one file), with `/`-separated paths relative to it. */
export async function localModelFiles(path: string): Promise<Array<{ path: string; absolute: string }>> {
  const info = await stat(path);
  if (info.isFile()) return [{ path: basename(path), absolute: path }];
  const files: Array<{ path: string; absolute: string }> = [];
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const absolute = join(folder, entry.name);
      if (entry.isDirectory()) await walk(absolute);
      else if (entry.isFile()) files.push({ path: relative(path, absolute).split(sep).join("/"), absolute });
    }
  };
  await walk(path);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}


/**
 * The MLflow run a remote source lives in (`runs:/<run>/model`, or a run's
 * `mlflow-artifacts:/<experiment>/<run>/artifacts/...`): MLflow 3 refuses to
 * register such a source without its run id.
 */
export function runIdOfSource(source: string): string | undefined {
  return (
    /^runs:\/([^/]+)/.exec(source)?.[1] ?? /^mlflow-artifacts:(?:\/\/[^/]*)?\/*[^/]+\/([0-9a-f]{32})\/artifacts(?:\/|$)/.exec(source)?.[1]
  );
}
