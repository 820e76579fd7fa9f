/**
 * PicGo's own files: its config, its log, its gallery and data files, this plugin's known-images file. They hold
 * local paths, upload history and settings that nobody means to publish, so none goes up, even with
 * "nonImages": "upload" and even when it holds no secret. A file is matched by what it is (device and inode, through
 * any link or other spelling of its path), not by how its path is written.
 */
import { realpathSync, statSync } from 'fs'
import { basename, dirname } from 'path'

/** Where PicGo keeps its files: its folder (baseDir), its config file and, when the user moved it, its log. */
export interface PicGoHome {
  baseDir?: string
  configPath?: string
  logPath?: string
}

/** Names only PicGo and this plugin write, for an input whose path PicGo did not pass on. */
const PICGO_FILE_NAMES = /^(picgo\.(log|db)|config\.snapshot\.json|aliyun-oss-plus-known-images\.json|picgo-cloud-[^/\\]*)$/i

/** Why `fileName` (read from `sourcePath`, when known) is one of PicGo's own files, or undefined when it is not. */
export function picgoFileReason(fileName: string, sourcePath: string | undefined, home: PicGoHome): string | undefined {
  if (PICGO_FILE_NAMES.test(basename(sourcePath ?? fileName))) return "its name is one of PicGo's own files"
  if (sourcePath === undefined) return undefined
  const source = identityOf(sourcePath)
  if (source === undefined) return undefined
  if (sameFile(source, identityOf(home.configPath))) return "it is PicGo's config file"
  if (sameFile(source, identityOf(home.logPath))) return "it is PicGo's log"
  const folder = identityOf(dirname(realPath(sourcePath)))
  if (sameFile(folder, identityOf(home.baseDir))) return "it lies in PicGo's own folder, beside its config, log and data"
  return undefined
}

interface FileIdentity {
  dev: number
  ino: number
  real: string
}

function identityOf(path: string | undefined): FileIdentity | undefined {
  if (path === undefined || path === '') return undefined
  try {
    const { dev, ino } = statSync(path)
    return { dev, ino, real: realPath(path) }
  } catch {
    return undefined
  }
}

/** Same device and inode; where the file system reports no inode (0, as FAT does on Windows), the same real path. */
function sameFile(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  if (a === undefined || b === undefined) return false
  return a.ino !== 0 ? a.dev === b.dev && a.ino === b.ino : a.real === b.real
}

function realPath(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}
