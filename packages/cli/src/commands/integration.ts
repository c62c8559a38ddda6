import { spawn } from "node:child_process";
import { isAbsolute } from "node:path";
import { readInstalledPackage } from "@koan/core";
import type { DiscoveryReport } from "@koan/core";
import { CliError } from "../cli-error.js";
import { discover } from "../context.js";
import { KNOWN_INTEGRATIONS } from "../integrations/known-integrations.js";
import { ui } from "../output/ui.js";
import { detectPackageManager } from "./package-manager.js";

interface IntegrationRow {
  readonly name: string;
  readonly package: string;
  readonly description: string;
  readonly flavors: readonly string[];
  readonly installed: boolean;
  readonly version: string | null;
  readonly builtIn: boolean;
  /** `known` (in koan's table) or `discovered` (an installed third-party package). */
  readonly source: "known" | "discovered";
  readonly problems: readonly string[];
}

export async function integrationList(options: { json?: boolean }): Promise<void> {
  const root = process.cwd();
  const report = await discover();
  const rows = await integrationRows(report, root);
  if (options.json) {
    ui.json(rows);
    return;
  }
  ui.table(
    ["INTEGRATION", "PACKAGE", "INSTALLED", "FLAVORS"],
    rows.map((r) => [r.name, r.package, r.builtIn ? "built in" : r.installed ? (r.version ?? "yes") : ui.out.dim("no"), r.flavors.join(", ") || "-"]),
    "No integrations known.",
  );
  for (const row of rows) for (const problem of row.problems) ui.warn(`${row.package}: ${problem}`);
  if (rows.some((r) => !r.installed)) ui.note("Install one with `koan integration install NAME`.");
}

async function integrationRows(report: DiscoveryReport, root: string): Promise<IntegrationRow[]> {
  const rows: IntegrationRow[] = [];
  for (const known of KNOWN_INTEGRATIONS) {
    const found = report.packages.find((p) => p.packageName === known.packageName);
    const installed = found ?? (await readInstalledPackage(report.root, known.packageName)) ?? (await readInstalledPackage(root, known.packageName));
    rows.push({
      name: known.name,
      package: known.packageName,
      description: known.description,
      flavors: found?.flavors.length ? found.flavors : known.flavors,
      installed: known.builtIn === true || installed !== undefined,
      version: installed?.version ?? null,
      builtIn: known.builtIn === true,
      source: "known",
      problems: found?.problems ?? [],
    });
  }
  for (const pkg of report.packages) {
    if (KNOWN_INTEGRATIONS.some((k) => k.packageName === pkg.packageName)) continue;
    rows.push({
      name: pkg.packageName,
      package: pkg.packageName,
      description: "",
      flavors: pkg.flavors,
      installed: true,
      version: pkg.version,
      builtIn: false,
      source: "discovered",
      problems: pkg.problems,
    });
  }
  for (const module of report.modules) {
    for (const problem of module.problems) rows.push({ name: module.path, package: module.path, description: "", flavors: module.flavors, installed: true, version: null, builtIn: false, source: "discovered", problems: [problem] });
  }
  return rows;
}

export async function integrationInstall(names: readonly string[], options: { dryRun?: boolean }): Promise<void> {
  const packages = names.map(toPackageSpec);
  const manager = detectPackageManager(process.cwd(), packages);
  const line = [manager.command, ...manager.args].join(" ");
  if (options.dryRun) {
    ui.print(line);
    ui.note(`(in ${manager.cwd}; ${manager.name} chosen by ${manager.reason})`);
    return;
  }
  ui.note(`Installing with ${manager.name} (${manager.reason}): ${line}`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(manager.command, manager.args, { cwd: manager.cwd, stdio: "inherit", shell: process.platform === "win32" });
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new CliError("EXTERNAL", `${manager.name} is not installed or not on PATH. Install it, or run the install yourself with your package manager.`)
          : error,
      ),
    );
    child.once("close", (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
  });
  if (code !== 0) {
    throw new CliError("EXTERNAL", `${manager.name} failed (exit code ${code}). Fix what it printed above, then run it again: ${line}`);
  }
  const report = await discover();
  const added = report.packages.filter((p) => packages.some((spec) => spec === p.packageName || spec.startsWith(`${p.packageName}@`)));
  ui.success(`Installed ${names.join(", ")}`);
  for (const pkg of added) ui.print(`  ${pkg.packageName} ${pkg.version}: ${pkg.flavors.join(", ") || "no flavors"}`);
  if (added.length === 0) ui.note("Run `koan integration list` to see the flavors they provide.");
}

/** An integration name from the table, or an npm package name, spec or local path as given. */
function toPackageSpec(name: string): string {
  const known = KNOWN_INTEGRATIONS.find((k) => k.name === name);
  if (known?.builtIn) {
    throw new CliError("UNKNOWN_INTEGRATION", `"${name}" is built into @koan/core; there is nothing to install.`);
  }
  if (known) return known.packageName;
  if (name.startsWith(".") || isAbsolute(name) || name.startsWith("file:") || name.startsWith("@") || name.includes("/") || name.startsWith("koan-")) {
    return name;
  }
  const available = KNOWN_INTEGRATIONS.filter((k) => !k.builtIn).map((k) => k.name);
  throw new CliError(
    "UNKNOWN_INTEGRATION",
    `Unknown integration "${name}". Known: ${available.join(", ") || "none yet"}. ` +
      "For a third-party integration give its npm package name (@scope/name or koan-name) or a local path.",
  );
}
