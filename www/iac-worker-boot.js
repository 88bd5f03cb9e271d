// The import/export worker's loader (src/bin/iac-worker.rs, started by src/ui/iac_client.rs).
// Its files keep their names from build to build, so the page starts it with its build's id as
// the query (`?v=…`), passed on here to the files it loads: a cache never mixes builds.
// A failure to load its wasm is posted to the page, which would otherwise wait for an answer:
// a rejected promise in a worker reaches no error handler of the page.
const version = self.location.search;
importScripts(`./iac-worker.js${version}`);
wasm_bindgen({ module_or_path: `./iac-worker_bg.wasm${version}` }).catch((e) => postMessage(`failed\n${e}`));
