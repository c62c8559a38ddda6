import { NotFoundError } from "@koan/contracts";
import type { ArtifactQuery, PageQuery, PipelineRecord, RunQuery, RunRecord } from "@koan/contracts";
import { openRepository } from "../repository/repository.js";
import type { Repository } from "../repository/repository.js";
import { loadStack } from "../repository/load-stack.js";
import { activateStack } from "../stack/resolve-stack.js";
import { ArtifactView } from "./artifact-view.js";
import type { ClientContext } from "./client-context.js";
import { PipelineRun } from "./pipeline-run.js";

/**
 * Reads what runs recorded: pipelines, runs, steps, artifacts, lineage, and
 * loads artifact values. The CLI and any dashboard sit on this.
 */
export class Client {
  private constructor(
    readonly repository: Repository,
    readonly context: ClientContext,
  ) {}

  /** Opens the project's repository (found upward from the current folder unless `root` is given). */
  static async open(options: { root?: string } = {}): Promise<Client> {
    const repository = await openRepository(options.root ? { root: options.root } : {});
    // The active stack's artifact store reads artifacts and logs that live in it.
    let artifactStore;
    try {
      const stack = await loadStack(repository.store, repository.config.activeStack);
      const spec = stack.components.artifact_store;
      if (spec) {
        const active = await activateStack({ name: stack.name, components: { artifact_store: spec } }, repository.root);
        artifactStore = active.components.artifactStore;
      }
    } catch {
      // An unusable active stack must not stop reading records; loading values will say why.
    }
    return new Client(repository, { store: repository.store, repositoryRoot: repository.root, ...(artifactStore ? { artifactStore } : {}) });
  }

  listPipelines(query?: PageQuery): Promise<PipelineRecord[]> {
    return this.context.store.listPipelines(query);
  }

  async getPipeline(idOrName: string): Promise<PipelineRecord> {
    const found = await this.context.store.getPipeline(idOrName);
    if (!found) throw new NotFoundError("pipeline", idOrName, "Run `koan pipeline list` to see the pipelines.");
    return found;
  }

  listRuns(query?: RunQuery): Promise<RunRecord[]> {
    return this.context.store.listRuns(query);
  }

  /** A run with its steps, by id or name. */
  async getRun(idOrName: string): Promise<PipelineRun> {
    const record = await this.context.store.getRun(idOrName);
    if (!record) throw new NotFoundError("run", idOrName, "Run `koan run list` to see the runs.");
    return PipelineRun.load(record, this.context);
  }

  async listArtifacts(query?: ArtifactQuery): Promise<ArtifactView[]> {
    return (await this.context.store.listArtifacts(query)).map((a) => new ArtifactView(a, this.context));
  }

  async getArtifact(id: string): Promise<ArtifactView> {
    const record = await this.context.store.getArtifact(id);
    if (!record) throw new NotFoundError("artifact", id, "Run `koan artifact list` to see the artifacts.");
    return new ArtifactView(record, this.context);
  }
}
