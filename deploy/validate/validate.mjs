// Validates Kubernetes manifests against the API schemas that the
// kubernetes-models packages carry (offline: no cluster, no download).
//   node deploy/validate/validate.mjs FILE.yaml...
// Checks field types, required fields and enums of every object; it does not
// reject unknown field names. Exit 0 when all are valid, 1 otherwise.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));

// Module of the model class for apiVersion/kind, or null if none is installed.
function modelPath(apiVersion, kind) {
  const candidates = [
    ["kubernetes-models", apiVersion],
    ["@kubernetes-models/prometheus-operator", apiVersion],
  ];
  for (const [pkg, version] of candidates) {
    const file = join(here, "node_modules", pkg, version, `${kind}.js`);
    if (existsSync(file)) return file;
  }
  return null;
}

let failures = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      console.log(`${file}: YAML error: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const object = doc.toJS();
    if (object === null) continue;
    const what = `${file}: ${object.kind}/${object.metadata?.name}`;
    const path = modelPath(object.apiVersion, object.kind);
    if (path === null) {
      console.log(`${what}: no schema for ${object.apiVersion} ${object.kind}`);
      failures++;
      continue;
    }
    const module = await import(path);
    try {
      new module[object.kind](object).validate();
      console.log(`${what}: valid`);
      checked++;
    } catch (e) {
      console.log(`${what}: INVALID: ${e.message}`);
      failures++;
    }
  }
}
console.log(`${checked} valid, ${failures} invalid`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
