// The live console's loader (src/bin/console-module.rs), added to the page by
// src/ui/console_host.rs when the console is first opened: loads the module's JS glue and wasm,
// mounts the console into the page's [data-console-host] element, and tells the page how it went
// with a window event "apigw-console": "ready", or "failed" and why. The module's files keep
// their names from build to build, so the page adds its build's id as the query (`?v=…`),
// passed on here to the files this loads: a cache never mixes builds.
(() => {
  const version = new URL(document.currentScript.src).search;
  const say = (detail) => window.dispatchEvent(new CustomEvent("apigw-console", { detail }));
  const start = () =>
    wasm_bindgen({ module_or_path: `./console-module_bg.wasm${version}` })
      .then(() => {
        wasm_bindgen.mount(document.querySelector("[data-console-host]"));
        say("ready");
      })
      .catch((e) => say(`failed\n${e}`));
  // loaded before (the console was opened, then its place left the page and came back)
  if (typeof wasm_bindgen === "function") {
    start();
    return;
  }
  const glue = document.createElement("script");
  glue.src = `./console-module.js${version}`;
  glue.onload = start;
  glue.onerror = () => {
    glue.remove();
    say("failed\nconsole-module.js did not load");
  };
  document.head.append(glue);
})();
