import { describe, expect, it } from "vitest";
import {
  ArtifactNotFoundError,
  COMPONENT_TYPES,
  InvalidArgumentError,
  InvalidConfigError,
  KoanError,
  PipelineCompileError,
  PipelineRunFailedError,
  STACK_SLOTS,
  StackValidationError,
  UnknownFlavorError,
} from "../src/index.js";

describe("typed errors", () => {
  it("carry a stable code, their own class name and the facts callers branch on", () => {
    const error = new InvalidConfigError("artifact_store/s3", [
      { path: "bucket", message: "Required" },
      { path: "region", message: "Expected string" },
    ]);
    expect(error).toBeInstanceOf(KoanError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("InvalidConfigError");
    expect(error.code).toBe("INVALID_CONFIG");
    expect(error.message).toBe('Invalid config for flavor "artifact_store/s3" at bucket: Required (and 1 more)');
    expect(error.issues).toHaveLength(2);
  });

  it("say what to do", () => {
    expect(new UnknownFlavorError("alerter", "slak", ["slack", "discord"]).message).toMatch(
      /Unknown alerter flavor "slak"\. Known flavors: slack, discord\. Install the integration/,
    );
    expect(new UnknownFlavorError("alerter", "x", []).message).toMatch(/Known flavors: none/);
    expect(new StackValidationError("prod", ["an orchestrator is required", "an artifact store is required"]).message).toBe(
      'Stack "prod" is not valid: an orchestrator is required; an artifact store is required',
    );
    expect(new PipelineCompileError("p", "its steps form a cycle: a -> b -> a", ["a", "b"]).steps).toEqual(["a", "b"]);
    expect(new ArtifactNotFoundError("local:/tmp/x", "a/b").code).toBe("ARTIFACT_NOT_FOUND");
  });

  it("keep the cause of a failed run", () => {
    const cause = new Error("division by zero");
    const error = new PipelineRunFailedError("training", "run-1", ["train"], { cause });
    expect(error.message).toBe('Pipeline "training" run run-1 failed in step train: division by zero');
    expect(error.cause).toBe(cause);
    expect(new PipelineRunFailedError("t", "r", ["a", "b"]).message).toMatch(/failed in steps a, b$/);
  });
});

describe("InvalidArgumentError", () => {
  it("names the argument, quotes the value and says what is allowed", () => {
    const error = new InvalidArgumentError("alias", "v2", "aliases may not look like versions");
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.argument).toBe("alias");
    expect(error.message).toBe('Invalid alias "v2": aliases may not look like versions');
  });
});

describe("component types", () => {
  it("lists the twelve types of the glossary and the model registry, each with a stack slot", () => {
    expect(COMPONENT_TYPES).toHaveLength(13);
    expect(COMPONENT_TYPES).toContain("model_registry");
    expect(STACK_SLOTS.model_registry).toBe("modelRegistry");
    expect(Object.keys(STACK_SLOTS).sort()).toEqual([...COMPONENT_TYPES].sort());
    expect(new Set(Object.values(STACK_SLOTS)).size).toBe(13);
  });
});
