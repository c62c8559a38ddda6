import { KoanError } from "@koan/contracts";
import type { StepRunRecord } from "@koan/contracts";
import { TRACKER_URL_KEY } from "../engine/experiment-tracking.js";
import { ArtifactView } from "./artifact-view.js";
import type { ClientContext } from "./client-context.js";

/** One step of a run, with its input and output artifacts. */
export class StepRunView {
  constructor(
    readonly record: StepRunRecord,
    readonly inputs: Readonly<Record<string, ArtifactView>>,
    readonly outputs: Readonly<Record<string, ArtifactView>>,
    readonly context: ClientContext,
  ) {}

  get id(): string {
    return this.record.stepId;
  }

  get status(): StepRunRecord["status"] {
    return this.record.status;
  }

  /** Wall time in milliseconds, or null while running. */
  get durationMs(): number | null {
    return this.record.endedAt ? Date.parse(this.record.endedAt) - Date.parse(this.record.startedAt) : null;
  }

  /**
   * Where the step's run in the experiment tracker can be seen, for steps
   * declared with `experimentTracker: true`; null for others, and when the
   * tracker has no UI.
   */
  get experimentTrackerUrl(): string | null {
    const url = this.record.metadata[TRACKER_URL_KEY];
    return typeof url === "string" ? url : null;
  }

  /** An output by name; the only one when the step has a single output. */
  output(name?: string): ArtifactView {
    const names = Object.keys(this.outputs);
    const chosen = name ?? (names.length === 1 ? names[0] : undefined);
    const view = chosen === undefined ? undefined : this.outputs[chosen];
    if (!view) {
      throw new KoanError(
        "UNKNOWN_OUTPUT",
        name === undefined
          ? `Step "${this.id}" has ${names.length === 0 ? "no outputs (status " + this.status + ")" : `outputs ${names.join(", ")}; name one: output("${names[0]}")`}`
          : `Step "${this.id}" has no output "${name}"; it has ${names.join(", ") || "none"}`,
      );
    }
    return view;
  }

  /** The captured log text ("" when the step logged nothing). */
  async logs(): Promise<string> {
    if (!this.record.logsKey) return "";
    const store = this.context.artifactStore;
    if (!store) throw new KoanError("STORE_UNAVAILABLE", "No artifact store is open to read logs from");
    return Buffer.from(await store.get(this.record.logsKey)).toString("utf8");
  }
}
