// The import/export worker's loader (src/bin/iac-worker.rs, started by src/ui/iac_client.rs).
// A failure to load its wasm is posted to the page, which would otherwise wait for an answer:
// a rejected promise in a worker reaches no error handler of the page.
importScripts("./iac-worker.js");
wasm_bindgen({ module_or_path: "./iac-worker_bg.wasm" }).catch((e) => postMessage(`failed\n${e}`));
