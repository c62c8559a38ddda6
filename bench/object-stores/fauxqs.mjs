// The S3 artifact store (@koan/s3) on fauxqs, the Node.js S3 emulator that
// scripts/peers/fauxqs.sh starts (KOAN_FAUXQS_ENDPOINT; any credentials). For run.mjs.
import { createS3Store, required } from "./s3.mjs";

export async function createStore(env) {
  return createS3Store({
    endpoint: required(env, "KOAN_FAUXQS_ENDPOINT", "scripts/peers/up.sh fauxqs"),
    accessKeyId: "koan-bench",
    secretAccessKey: "koan-bench-secret",
    label: "fauxqs",
  });
}
