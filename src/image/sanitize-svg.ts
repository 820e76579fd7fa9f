/**
 * SVG sanitising with DOMPurify (cure53, the sanitizer browsers' own security teams point to) on jsdom, its
 * documented server-side DOM: scripts, event-handler attributes, javascript: URLs, <foreignObject>, <use> and
 * every external reference (href/xlink:href other than "#id" or an inline raster image, CSS url() or @import)
 * are removed. Both load on the first SVG only (jsdom takes about half a second).
 */
import type { DOMPurify } from 'dompurify'

/** A reference inside the document, or an inline raster image: nothing is fetched from elsewhere. */
const LOCAL_REFERENCE = /^\s*(#|data:image\/(png|jpe?g|gif|webp);)/i
const EXTERNAL_CSS = /@import|url\(\s*['"]?\s*(?!#)|expression\(/i
/** XML declaration and doctype (whose internal subset could define entities): the sanitizer parses the rest. */
const PROLOG = /^\uFEFF?\s*(<\?xml[\s\S]*?\?>)?\s*(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>)?/i

let purifier: DOMPurify | undefined
/** What the hooks below removed during the current (synchronous) sanitize call. */
const removedByHooks: string[] = []

export interface SanitizedSvg {
  text: string
  /** What was taken out, for the log: "script", "onload", "href" … */
  removed: string[]
}

export function sanitizeSvg(svg: string): SanitizedSvg {
  const purify = purifier ??= createPurifier()
  removedByHooks.length = 0
  const clean = purify.sanitize(svg.replace(PROLOG, ''), { USE_PROFILES: { svg: true, svgFilters: true } })
  const removed = purify.removed
    .map((entry) => ('element' in entry ? entry.element.nodeName.toLowerCase() : entry.attribute?.name ?? ''))
    .concat(removedByHooks)
    .filter((name) => name !== '' && name !== 'body')
  // The HTML serializer writes &nbsp;, which XML does not know.
  return { text: clean.trim().replace(/&nbsp;/g, '&#160;'), removed: [...new Set(removed)] }
}

function createPurifier(): DOMPurify {
  const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: unknown } }
  const createDOMPurify = require('dompurify') as (window: unknown) => DOMPurify
  const purify = createDOMPurify(new JSDOM('').window)
  purify.addHook('afterSanitizeAttributes', (node) => {
    for (const name of ['href', 'xlink:href']) {
      const value = node.getAttribute(name)
      if (value !== null && !LOCAL_REFERENCE.test(value)) {
        node.removeAttribute(name)
        removedByHooks.push(name)
      }
    }
    const style = node.getAttribute('style')
    if (style !== null && EXTERNAL_CSS.test(style)) {
      node.removeAttribute('style')
      removedByHooks.push('style')
    }
  })
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && EXTERNAL_CSS.test(node.textContent ?? '')) {
      node.parentNode?.removeChild(node)
      removedByHooks.push('style')
    }
  })
  return purify
}
