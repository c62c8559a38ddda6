import { describe, expect, it } from "vitest";
import { AlreadyExistsError, NotFoundError } from "@koan/core";
import type { JsonValue, ModelDeployer, ModelRef } from "@koan/core/contracts";
import { caught, expectKoanError } from "./expect-error.js";
import { DEFAULT_TIMEOUT_MS, itWith, sharedComponent, uniqueToken } from "./suite.js";
import type { SuiteOptions } from "./suite.js";

/** A model the deployer can serve, with one prediction request for it. */
export interface ServableModel {
  readonly ref: ModelRef;
  /** A request in the served model's own JSON format. */
  readonly input: JsonValue;
  /** Checks the reply to `input` (with `expect`); the suite checks only that it is JSON when left out. */
  check?(output: JsonValue): void;
}

export interface ModelDeployerSuiteOptions extends SuiteOptions<ModelDeployer> {
  readonly capabilities: {
    /** `predict` works against a running service. */
    readonly predict: boolean;
  };
  /** A model to deploy. Called once per test; may return the same model each time. */
  model(): Promise<ServableModel>;
  /** A model that cannot be served (a missing file), to check `status: "error"`. */
  brokenModel?(): Promise<ModelRef>;
}

/**
 * The model deployer contract: deploy waits until running, names default to
 * the model's, find/list/get with refreshed status, newest first, replace
 * or `AlreadyExistsError`, stop and start (idempotent), predict, delete,
 * `NotFoundError` for unknown ids, and failed deployments reported as
 * `status: "error"`.
 */
export function modelDeployerSuite(options: ModelDeployerSuiteOptions): void {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { capabilities } = options;

  describe(`${options.name}: model deployer conformance`, () => {
    const deployer = sharedComponent(options.create, async (component) => {
      try {
        for (const service of await component.list()) if (service.name.startsWith(base)) await component.delete(service.id);
      } finally {
        await options.cleanup?.(component);
      }
    });
    const base = `kc-${uniqueToken()}`;
    let counter = 0;
    const serviceName = (label: string) => `${base}-${label}-${counter++}`;
    const source = { pipeline: "conformance", runId: `run-${uniqueToken()}`, stepId: "deploy" };

    it("identifies itself as a model deployer", () => {
      const d = deployer();
      expect(d.type).toBe("model_deployer");
      expect(d.specVersion).toBe(1);
      expect(typeof d.flavor).toBe("string");
    });

    it("deploy waits until the service runs and describes it", async () => {
      const model = await options.model();
      const name = serviceName("deploy");
      const info = await deployer().deploy({ model: model.ref, serviceName: name, source, config: {} });
      expect(info.status, info.error).toBe("running");
      expect(info.name).toBe(name);
      expect(typeof info.id).toBe("string");
      expect(info.model).toMatchObject({ name: model.ref.name, uri: model.ref.uri });
      expect(info.createdAt).toBeInstanceOf(Date);
      expect(typeof info.config).toBe("object");
      expect(info.source).toEqual(source);
      expect(info.predictionUrl === null || typeof info.predictionUrl === "string").toBe(true);
      const fetched = await deployer().get(info.id);
      expect(fetched).toMatchObject({ id: info.id, name, status: "running" });
    }, timeout);

    it("a service is named after its model when no name is given", async () => {
      const model = await options.model();
      const modelName = serviceName("unnamed");
      const info = await deployer().deploy({ model: { ...model.ref, name: modelName } });
      expect(info.name).toBe(modelName);
      await deployer().delete(info.id);
    }, timeout);

    it("an existing name is refused with AlreadyExistsError, or replaced in place with replace: true", async () => {
      const model = await options.model();
      const name = serviceName("replace");
      const first = await deployer().deploy({ model: { ...model.ref, version: "1" }, serviceName: name });
      await expectKoanError(deployer().deploy({ model: { ...model.ref, version: "2" }, serviceName: name }), AlreadyExistsError, "ALREADY_EXISTS");
      const second = await deployer().deploy({ model: { ...model.ref, version: "2" }, serviceName: name, replace: true });
      expect(second.status, second.error).toBe("running");
      expect(second.model.version).toBe("2");
      const named = await deployer().find({ name });
      expect(named.length).toBe(1);
      expect(named[0]?.model.version).toBe("2");
      expect((await deployer().get(named[0]?.id ?? first.id)).model.version).toBe("2");
    }, timeout);

    it("find matches every given field; list and find are newest first", async () => {
      const model = await options.model();
      const older = await deployer().deploy({ model: { ...model.ref, version: "7" }, serviceName: serviceName("older"), source });
      const newer = await deployer().deploy({ model: { ...model.ref, version: "8" }, serviceName: serviceName("newer"), source });
      const byRun = await deployer().find({ runId: source.runId, modelName: model.ref.name });
      const ids = byRun.map((s) => s.id);
      expect(ids).toContain(older.id);
      expect(ids).toContain(newer.id);
      expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
      expect((await deployer().find({ name: older.name })).map((s) => s.id)).toEqual([older.id]);
      expect((await deployer().find({ modelName: model.ref.name, modelVersion: "8", runId: source.runId })).map((s) => s.id)).toEqual([newer.id]);
      expect(await deployer().find({ name: older.name, status: "stopped" })).toEqual([]);
      expect(await deployer().find({ name: `${base}-nobody` })).toEqual([]);
      const listed = (await deployer().list()).map((s) => s.id);
      expect(listed.indexOf(newer.id)).toBeGreaterThanOrEqual(0);
      expect(listed.indexOf(newer.id)).toBeLessThan(listed.indexOf(older.id));
    }, timeout);

    it("stop and start change the status, and repeating either changes nothing", async () => {
      const model = await options.model();
      const info = await deployer().deploy({ model: model.ref, serviceName: serviceName("lifecycle") });
      expect((await deployer().stop(info.id)).status).toBe("stopped");
      expect((await deployer().stop(info.id)).status).toBe("stopped");
      expect((await deployer().get(info.id)).status).toBe("stopped");
      expect((await deployer().find({ name: info.name, status: "stopped" })).map((s) => s.id)).toEqual([info.id]);
      expect((await deployer().start(info.id)).status).toBe("running");
      expect((await deployer().start(info.id)).status).toBe("running");
      expect((await deployer().get(info.id)).status).toBe("running");
    }, timeout);

    itWith(
      capabilities.predict,
      "predict answers from a running service and is refused by a stopped one",
      "this deployer cannot predict",
      async () => {
        const model = await options.model();
        const info = await deployer().deploy({ model: model.ref, serviceName: serviceName("predict") });
        const output = await deployer().predict(info.id, model.input);
        expect(JSON.parse(JSON.stringify(output))).toEqual(output);
        model.check?.(output);
        await deployer().stop(info.id);
        expect(await caught(deployer().predict(info.id, model.input))).toBeInstanceOf(Error);
        await deployer().start(info.id);
        const again = await deployer().predict(info.id, model.input);
        expect(again).toEqual(output);
      },
      timeout,
    );

    it("delete removes a service; unknown ids raise NotFoundError", async () => {
      const model = await options.model();
      const info = await deployer().deploy({ model: model.ref, serviceName: serviceName("delete") });
      await deployer().delete(info.id);
      await expectKoanError(deployer().get(info.id), NotFoundError, "NOT_FOUND");
      expect((await deployer().list()).map((s) => s.id)).not.toContain(info.id);
      const unknown = `missing-${uniqueToken()}`;
      for (const action of [
        () => deployer().get(unknown),
        () => deployer().start(unknown),
        () => deployer().stop(unknown),
        () => deployer().delete(unknown),
        () => deployer().predict(unknown, null),
      ]) {
        await expectKoanError(action, NotFoundError, "NOT_FOUND");
      }
    }, timeout);

    itWith(
      options.brokenModel !== undefined,
      "a model that cannot be served ends in status error with a reason",
      "no brokenModel given",
      async () => {
        const ref = await (options.brokenModel as NonNullable<typeof options.brokenModel>)();
        const info = await deployer().deploy({ model: ref, serviceName: serviceName("broken") });
        expect(info.status).toBe("error");
        expect(typeof info.error).toBe("string");
        expect(info.predictionUrl).toBeNull();
        expect((await deployer().get(info.id)).status).toBe("error");
      },
      timeout,
    );
  });
}
