// Runs a Lua script once per input in a Lua VM (wasmoon), outside jest's module sandbox (wasmoon loads
// its WebAssembly with a dynamic import jest's CommonJS VM refuses). Reads JSON from stdin:
// { "script": "...", "inputs": [{ "obj": ... }, ...] }; writes the scripts' returned values as JSON.
import { Buffer } from "node:buffer";
import { LuaFactory } from "wasmoon";

/** A JSON value as a Lua table constructor (null as nil; strings with Lua's escapes). */
function luaLiteral(value) {
  if (value === null || value === undefined) return "nil";
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (typeof value === "string") {
    return `"${[...value]
      .map((c) => {
        const code = c.codePointAt(0);
        if (c === '"' || c === "\\") return `\\${c}`;
        if (code < 32 || code > 126) return `\\u{${code.toString(16)}}`;
        return c;
      })
      .join("")}"`;
  }
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(", ")}}`;
  return `{${Object.entries(value)
    .map(([k, v]) => `[${luaLiteral(k)}] = ${luaLiteral(v)}`)
    .join(", ")}}`;
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { script, inputs } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const lua = await new LuaFactory().createEngine();
const results = [];
try {
  for (const input of inputs) {
    // Real Lua tables, as Argo CD's gopher-lua gets them (maps and 1-based arrays), not wasmoon's proxies.
    for (const [name, value] of Object.entries(input)) await lua.doString(`${name} = ${luaLiteral(value)}`);
    results.push(await lua.doString(script));
  }
} finally {
  lua.global.close();
}
process.stdout.write(JSON.stringify(results));
