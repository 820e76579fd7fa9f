import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A script for `node --require` that makes every require('sharp') fail, as a prebuilt binary for another platform
 * does; loaded before PicGo. Returns its path in `dir`.
 */
export function writeSharpBlocker(dir: string): string {
  const blocker = join(dir, 'no-sharp.js')
  writeFileSync(
    blocker,
    `const Module = require('module'); const resolve = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  if (request === 'sharp') throw new Error("Cannot find module 'sharp' (blocked by the test)")
  return resolve.call(this, request, ...rest)
}`
  )
  return blocker
}
