// API Gateway's template variables for velocityjs: `$input`, `$util`, `$context`, in plain
// JavaScript, shared by the node harness (bench/node-velocity.mjs) and the browser page
// (bench/browser/). Semantics follow the engine's where they are cheap to match, so outputs can
// be compared and the work is the same:
//   $input.body            the raw body ("{}" for an empty one)
//   $input.json(path)      JSONPath (jsonpath-plus) over the body parsed once per render,
//                          JSON.stringify'd (compact, as API Gateway); "" when nothing matches
//   $input.path(path)      the value itself (definite paths) or the list of matches
//   $input.params()/(name) path, querystring, header (case-insensitive)
//   $util.escapeJavaScript Commons Lang 2 (\' \" \\ \/ \n \t \b \f \r, \uXXXX for the rest)
//   $util.parseJson, urlEncode, urlDecode (Java's URLEncoder/URLDecoder), base64Encode/Decode
//
// makeVtl(JSONPath) takes jsonpath-plus's JSONPath function (node and browser load it
// differently) and returns {context(body, params, ctx), handlers} for velocityjs.

// A definite path (no wildcard, deep scan, filter, union or slice) yields one value, as in
// Jayway's JSONPath; the others yield a list.
const INDEFINITE = /\.\.|\*|\[\?|\[\(|,|:/;

export function makeVtl(JSONPath) {
  function read(root, path) {
    if (root === undefined) return undefined;
    const found = JSONPath({ path, json: root, wrap: true });
    if (!INDEFINITE.test(path)) return found.length ? found[0] : undefined;
    return found;
  }

  const ESC = /['"\\/\u0000-\u001f\u007f-\uffff]/g;
  const SHORT = { "'": "\\'", '"': '\\"', "\\": "\\\\", "/": "\\/", "\n": "\\n", "\t": "\\t", "\b": "\\b", "\f": "\\f", "\r": "\\r" };
  const escapeOne = (c) => {
    const s = SHORT[c];
    if (s) return s;
    const u = c.charCodeAt(0);
    if (u === 0x7f) return c; // DEL is ASCII: kept, as Commons Lang 2 does
    return "\\u" + u.toString(16).toUpperCase().padStart(4, "0");
  };
  const str = (v) => (v === undefined || v === null ? "" : typeof v === "string" ? v : String(v));

  const utf8 = new TextEncoder();
  const fromUtf8 = new TextDecoder();
  const util = {
    escapeJavaScript: (v) => str(v).replace(ESC, escapeOne),
    parseJson: (v) => JSON.parse(str(v)),
    urlEncode: (v) =>
      encodeURIComponent(str(v))
        .replace(/[!'()~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
        .replace(/%20/g, "+"),
    urlDecode: (v) => decodeURIComponent(str(v).replace(/\+/g, " ")),
    base64Encode: (v) => {
      const bytes = utf8.encode(str(v));
      let bin = "";
      for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
      return btoa(bin);
    },
    base64Decode: (v) => fromUtf8.decode(Uint8Array.from(atob(str(v)), (c) => c.charCodeAt(0))),
  };

  function context(body, params, ctx) {
    let parsed = false;
    let root;
    const rootOf = () => {
      if (!parsed) {
        parsed = true;
        try {
          root = JSON.parse(body === "" ? "{}" : body);
        } catch {
          root = undefined;
        }
      }
      return root;
    };
    const input = {
      body: body === "" ? "{}" : body,
      json(path) {
        const v = read(rootOf(), path);
        return v === undefined ? '""' : JSON.stringify(v);
      },
      path(path) {
        const v = read(rootOf(), path);
        return v === undefined ? null : v;
      },
      params(name) {
        if (name === undefined) return params;
        if (name in params.path) return params.path[name];
        if (name in params.querystring) return params.querystring[name];
        const lower = String(name).toLowerCase();
        for (const k of Object.keys(params.header)) if (k.toLowerCase() === lower) return params.header[k];
        return null;
      },
    };
    // a fresh $context per render, as the engine builds one per Env
    return { input, util, context: structuredClone(ctx), stageVariables: {} };
  }

  // Java's String methods that JavaScript lacks or spells as a property: velocityjs's custom
  // method handlers (checked before its own).
  const handlers = [
    { match: ({ property, context }) => property === "length" && typeof context === "string", resolve: ({ context }) => context.length },
    { match: ({ property, context }) => property === "contains" && typeof context === "string", resolve: ({ context, params }) => context.includes(params[0]) },
    { match: ({ property, context }) => property === "equals", resolve: ({ context, params }) => context === params[0] },
  ];

  return { context, handlers, util };
}
