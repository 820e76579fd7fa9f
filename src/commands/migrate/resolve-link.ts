import type { ImageLink } from './image-link'
import type { ObsidianVaults } from './obsidian-vault'
import { resolveTarget, type Target, type TargetRules } from './targets'

/** The rules of a scan: which targets to migrate, and the Obsidian vaults embeds resolve in. */
export interface ScanRules extends TargetRules {
  vaults?: ObsidianVaults
}

/**
 * What a link of `markdownFile` points at, read by the rules of the syntax it was written in. A CommonMark
 * destination whose escapes hid a Windows path (`..\..\a.png`: `\.` reads as `.`) is tried as written too.
 */
export async function resolveLink(link: ImageLink, raw: string, markdownFile: string, rules: ScanRules, rootUrl?: string): Promise<Target> {
  if (link.syntax === 'obsidian') {
    if (rules.vaults === undefined) return { kind: 'missing', reason: 'an Obsidian embed outside a vault' }
    const found = await rules.vaults.resolve(link.target, markdownFile)
    return 'path' in found ? resolveTarget(found.path, markdownFile, rules) : { kind: 'missing', reason: found.reason }
  }
  const target = resolveTarget(link.target, markdownFile, rules, rootUrl)
  if (target.kind !== 'missing' || raw === link.target || link.form.startsWith('html')) return target
  const asWritten = resolveTarget(raw, markdownFile, rules, rootUrl)
  return asWritten.kind === 'local' ? asWritten : target
}
