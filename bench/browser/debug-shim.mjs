// The `debug` package, switched off (as it is in node unless DEBUG is set).
export default function createDebug() {
  const d = () => {};
  d.enabled = false;
  return d;
}
