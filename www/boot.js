// Starts the wasm app. Trunk's default loader is an inline <script type="module">, which the
// page's Content-Security-Policy (no 'unsafe-inline') would block; Trunk.toml's pattern_script
// instead writes a tag that loads this file and carries the hashed file names:
//   <script type="module" src="/boot.js" data-js="/app-HASH.js" data-wasm="/app-HASH_bg.wasm">
const tag = document.querySelector("script[data-js][data-wasm]");
const { default: init } = await import(tag.dataset.js);
const wasm = await init({ module_or_path: tag.dataset.wasm });
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
