import type { LinkForm } from './image-link'

export interface Replacement {
  start: number
  end: number
  form: LinkForm
  url: string
  around?: readonly [string, string]
}

/** The text with each replacement's characters swapped for its URL; every other character stays as it was. */
export function rewriteText(text: string, replacements: readonly Replacement[]): string {
  const ordered = [...replacements].sort((a, b) => a.start - b.start)
  let out = ''
  let at = 0
  for (const { start, end, form, url, around = ['', ''] } of ordered) {
    out += text.slice(at, start) + around[0] + writtenTarget(url, form) + around[1]
    at = end
  }
  return out + text.slice(at)
}

/**
 * A URL written so that it reads back as itself where the old target stood. Markdown: "<", ">" and "\" are
 * %-encoded (escapes would change the URL), and a bare destination with spaces or parentheses, which would end it,
 * gets them encoded too. HTML: "&" and the quote are written as character references, and an unquoted value that
 * would end early is quoted.
 */
export function writtenTarget(url: string, form: LinkForm): string {
  switch (form) {
    case 'angle':
      return percent(url, /[<>\\\n\r]/g)
    case 'bare':
      return percent(url, /[<>\\\s()]/g)
    case 'html-double':
      return url.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
    case 'html-single':
      return url.replace(/&/g, '&amp;').replace(/'/g, '&#39;')
    case 'html-unquoted':
      // A value an unquoted attribute cannot hold gets double quotes: the one change beyond the target itself.
      return /[\s"'=<>`]/.test(url) ? `"${writtenTarget(url, 'html-double')}"` : url.replace(/&/g, '&amp;')
  }
}

function percent(url: string, unsafe: RegExp): string {
  return url.replace(unsafe, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}
