// ZenML, the reference implementation: installed from PyPI into a virtual
// environment under .bench/ (ignored by git) the first time, reused after.
// Each benchmark run gets its own ZenML project (`zenml init`) and its own
// global config folder, so it never touches the user's ZenML setup.
import { copyFileSync, createWriteStream, existsSync, mkdirSync } from "node:fs";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { run } from "./proc.mjs";

/** The exact ZenML release we measure against (the latest 0.98.x on PyPI). */
export const ZENML_REQUIREMENT = "zenml[local]==0.98.0";
export const ZENML_VERSION = "0.98.0";

/** Returns the venv's python and zenml paths, installing ZenML if it is missing or another version. */
export async function ensureZenml(benchDir, log) {
  const venv = join(benchDir, "zenml-venv");
  const python = join(venv, "bin", "python");
  const zenml = join(venv, "bin", "zenml");
  if ((await installedVersion(python)) === ZENML_VERSION) return { venv, python, zenml };

  const systemPython = await findPython();
  if (!existsSync(python)) {
    log(`creating a Python virtual environment in ${venv} (${systemPython})`);
    await run(systemPython, ["-m", "venv", venv], { timeoutMs: 300_000 });
  }
  const logFile = join(benchDir, "zenml-install.log");
  log(`installing ${ZENML_REQUIREMENT} from PyPI (a few minutes, once; log: ${logFile})`);
  await streamToFile(python, ["-m", "pip", "install", "--disable-pip-version-check", ZENML_REQUIREMENT], logFile);
  const version = await installedVersion(python);
  if (version !== ZENML_VERSION) throw new Error(`ZenML ${ZENML_VERSION} did not install (found ${version ?? "none"}); see ${logFile}`);
  return { venv, python, zenml };
}

/** Environment for every ZenML process: quiet, no analytics, config kept in `configDir`. */
export function zenmlEnv(configDir) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("ZENML_")) delete env[key];
  return {
    ...env,
    ZENML_ANALYTICS_OPT_IN: "false",
    ZENML_LOGGING_VERBOSITY: "ERROR",
    AUTO_OPEN_DASHBOARD: "false",
    ZENML_CONFIG_PATH: configDir,
    // Rich tracebacks and colors only cost time in a pipe.
    ZENML_ENABLE_RICH_TRACEBACK: "false",
    NO_COLOR: "1",
    TERM: "dumb",
  };
}

/**
 * A fresh ZenML project in `dir`: `zenml init` with its own global config
 * (and so its own local SQLite store), and the benchmark pipelines copied in,
 * since ZenML resolves step sources relative to the project root.
 */
export async function createZenmlProject(install, dir, benchRoot) {
  mkdirSync(dir, { recursive: true });
  const env = zenmlEnv(join(dir, ".zenml-config"));
  await run(install.zenml, ["init"], { cwd: dir, env, timeoutMs: 300_000 });
  copyFileSync(join(benchRoot, "zenml", "pipelines.py"), join(dir, "pipelines.py"));
  return { ...install, dir, env, script: join(dir, "pipelines.py") };
}

async function installedVersion(python) {
  if (!existsSync(python)) return undefined;
  try {
    const { stdout } = await run(python, ["-c", "import importlib.metadata as m; print(m.version('zenml'))"], { timeoutMs: 60_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function findPython() {
  for (const candidate of ["python3", "python"]) {
    try {
      const { stdout } = await run(candidate, ["-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"], { timeoutMs: 30_000 });
      const [major, minor] = stdout.trim().split(".").map(Number);
      if (major === 3 && minor >= 10) return candidate;
    } catch {
      // try the next name
    }
  }
  throw new Error("ZenML 0.98 needs Python 3.10 or later with the venv module (python3 -m venv); none was found on PATH. Install it, or pass --koan-only.");
}

function streamToFile(command, args, file) {
  return new Promise((resolve, reject) => {
    const sink = createWriteStream(file, { flags: "a" });
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(sink, { end: false });
    child.stderr.pipe(sink, { end: false });
    child.on("error", reject);
    child.on("close", (code) => {
      sink.end();
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} failed (exit ${code}); see ${file}`));
    });
  });
}
