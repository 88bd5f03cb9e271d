// The live console's loader (src/bin/console-module.rs), added to the page by
// src/ui/console_host.rs when the console is first opened: loads the module's JS glue and wasm,
// mounts the console into the page's [data-console-host] element, and tells the page how it went
// with a window event "apigw-console": "ready", or "failed" and why.
(() => {
  const say = (detail) => window.dispatchEvent(new CustomEvent("apigw-console", { detail }));
  const start = () =>
    wasm_bindgen({ module_or_path: "./console-module_bg.wasm" })
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
  glue.src = "./console-module.js";
  glue.onload = start;
  glue.onerror = () => {
    glue.remove();
    say("failed\nconsole-module.js did not load");
  };
  document.head.append(glue);
})();
