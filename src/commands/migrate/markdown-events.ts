import type { Event } from 'micromark/dist/shared-types'

/**
 * The CommonMark token stream of a document, with exact source offsets, from micromark 2: the last micromark line
 * that require() loads (micromark 3+ is ESM-only, which Node 16 in the PicGo app cannot require). Loaded on the first
 * migrate, not when PicGo starts. TypeScript compiles the import() below to a require() inside a promise.
 */
export async function markdownEvents(text: string): Promise<Event[]> {
  const [{ default: parse }, { default: preprocess }, { default: postprocess }] = await Promise.all([
    import('micromark/dist/parse'),
    import('micromark/dist/preprocess'),
    import('micromark/dist/postprocess')
  ])
  return postprocess(
    parse()
      .document({ line: 1, column: 1, offset: 0 })
      .write(preprocess()(text, 'utf8', true))
  )
}

/** A reference label as CommonMark matches it: whitespace collapsed, trimmed, case-folded. */
export function normalizeLabel(label: string): string {
  return label
    .replace(/[\t\n\r ]+/g, ' ')
    .trim()
    .toLowerCase()
    .toUpperCase()
}
