/** `a.b.3` → ['a','b',3], as antd Form names fields; `stripPrefix` drops a leading part the form lacks. */
export function issuePathToName(path: string, stripPrefix = ''): (string | number)[] {
  const rest = stripPrefix && path.startsWith(`${stripPrefix}.`) ? path.slice(stripPrefix.length + 1) : path;
  return rest
    .split('.')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
