// Runs a Lua script once per input in a Lua VM (wasmoon), outside jest's module sandbox (wasmoon loads
// its WebAssembly with a dynamic import jest's CommonJS VM refuses). Reads JSON from stdin:
// { "script": "...", "inputs": [{ "obj": ... }, ...] }; writes the scripts' returned values as JSON.
import { Buffer } from "node:buffer";
import { LuaFactory } from "wasmoon";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { script, inputs } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const lua = await new LuaFactory().createEngine();
const results = [];
try {
  for (const input of inputs) {
    for (const [name, value] of Object.entries(input)) lua.global.set(name, value);
    results.push(await lua.doString(script));
  }
} finally {
  lua.global.close();
}
process.stdout.write(JSON.stringify(results));
