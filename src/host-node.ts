/**
 * The Node PicGo runs the plugin on. Typora's own "PicGo-Core (command line)" is picgo 1.4 packed with Node 12,
 * where sharp (N-API 9, `node:` specifiers) and jsdom (the SVG sanitiser's DOM) cannot load; both load from Node 16.
 */
export function isBeforeNode16(version: string = process.versions.node): boolean {
  return Number(version.split('.')[0]) < 16
}

/** What to do about a module that cannot load on this Node, in one clause. */
export function olderNodeFix(version: string = process.versions.node): string {
  return (
    `Node ${version} is older than 16 (Typora's own "PicGo-Core (command line)" runs on Node 12): ` +
    'in Typora choose "Custom Command" with `picgo upload` from picgo installed on a current Node (README: Typora)'
  )
}
