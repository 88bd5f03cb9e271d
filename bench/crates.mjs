// Which crate a (demangled) wasm function name belongs to, for twiggy's items and the CPU
// profile's wasm frames. Generic code counts where it is defined (`hashbrown::…<T>` is
// hashbrown's), except Yew's component `view`s, which are our components' html! bodies.
const PRIMITIVES = new Set(["bool", "char", "str", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize"]);
const STD = ["core", "alloc", "std", "compiler_builtins", "dlmalloc", "panic_abort"];

export function crateOf(name) {
  if (/subsection$|^custom section/.test(name)) return null; // the name section: not shipped
  if (/^data segment|^data\[\d+\]$/.test(name)) return "(data segments: strings, tables)";
  if (/^(table|elem|type|import|export|global|memory|func|code)\[|^"|^(export|import|start) /.test(name)) return "(wasm tables, types, imports, exports)";
  if (/^(__wbg_|__wbindgen|__externref)/.test(name)) return "wasm_bindgen";
  if (/CompStateInner<COMP> as yew::html::component::lifecycle::Stateful>::view/.test(name)) return "yew: our components' views (html!, monomorphised)";
  const n = name.replace(/^(<|&|mut |dyn |\(|\[|\*const |\*mut )+/, "");
  let m = n.match(/^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?(::|<| as |>|;|,|\])/);
  if (m && (PRIMITIVES.has(m[1]) || /^[A-Z]$/.test(m[1]))) {
    // `<f64 as core::fmt::Display>::fmt`: the trait's crate; `<str>::to_lowercase`: core
    const as = n.match(/ as ([A-Za-z_][A-Za-z0-9_]*)/);
    m = [null, as ? as[1] : "core"];
  }
  if (!m) return "(other)";
  return STD.includes(m[1]) ? "std (core, alloc, std, dlmalloc)" : m[1];
}

/** A CPU-profile frame's group: the crate for wasm, else what the browser was doing. */
export function groupOf(kind, name) {
  if (kind === "wasm") return crateOf(name) ?? "(wasm)";
  if (name === "(program)") return "browser: style, layout, paint, other native work";
  if (name === "(garbage collector)") return "browser: garbage collector";
  if (name === "(idle)") return null;
  if (kind === "js") return /^(__wbg_|getStringFromWasm0|passStringToWasm0|decodeText|getObject|addHeapObject|takeObject|handleError|\(anonymous apigw-playground)/.test(name) ? "JS glue (wasm-bindgen)" : "JS (bench harness, boot)";
  return "DOM and browser APIs (insertBefore, createTextNode, setItem…)";
}
