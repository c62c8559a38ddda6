import { KoanError } from "@koan/contracts";

/** A name, type or target the scaffolder refuses; the message says what to do instead. */
export class ScaffoldError extends KoanError {
  constructor(code: "INVALID_INTEGRATION_NAME" | "UNKNOWN_COMPONENT_TYPE" | "TARGET_EXISTS" | "INVALID_TARGET" | "TEMPLATE_NOT_FOUND", message: string) {
    super(code, message);
  }
}
