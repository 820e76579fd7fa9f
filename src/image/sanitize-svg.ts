/**
 * SVG sanitising with DOMPurify (cure53, the sanitizer browsers' own security teams point to) on jsdom, its
 * documented server-side DOM: scripts, event-handler attributes, javascript: URLs, <foreignObject>, <use> and
 * every external reference (href/xlink:href other than "#id" or an inline raster image, CSS url() or @import,
 * CSS escapes decoded) are removed. Both load on the first SVG only (jsdom takes about half a second).
 */
import type { DOMPurify } from 'dompurify'
import { decodeCssEscapes, withoutCssComments } from './css-escapes'

/** A reference inside the document, or an inline raster image: nothing is fetched from elsewhere. */
const LOCAL_REFERENCE = /^\s*(#|data:image\/(png|jpe?g|gif|webp);)/i
const REFERENCE_ATTRIBUTES = new Set(['href', 'xlink:href'])
/** Any url() but url(#id), and image-set(), which also takes a plain string as its address. */
const EXTERNAL_CSS = /@import|url\((?!\s*['"]?\s*#)|image-set\(|expression\(/i
/** XML declaration and doctype (whose internal subset could define entities): the sanitizer parses the rest. */
const PROLOG = /^\uFEFF?\s*(<\?xml[\s\S]*?\?>)?\s*(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>)?/i

interface Sanitizer {
  purify: DOMPurify
  xml: { serializeToString(node: unknown): string }
}

let sanitizer: Sanitizer | undefined
/** What the hooks below removed during the current (synchronous) sanitize call. */
const removedByHooks: string[] = []

export interface SanitizedSvg {
  /** The outermost <svg> as XML, or "" when none is left. */
  text: string
  /** What was taken out, for the log: "script", "onload", "href" … */
  removed: string[]
}

export function sanitizeSvg(svg: string): SanitizedSvg {
  const { purify, xml } = (sanitizer ??= createSanitizer())
  removedByHooks.length = 0
  const body = purify.sanitize(svg.replace(PROLOG, ''), { USE_PROFILES: { svg: true, svgFilters: true }, RETURN_DOM: true })
  const removed = purify.removed
    .map((entry) => ('element' in entry ? entry.element.nodeName.toLowerCase() : (entry.attribute?.name ?? '')))
    .concat(removedByHooks)
    .filter((name) => name !== '' && name !== 'body')
  // Written by an XML serializer, not read back from the HTML one, which leaves "<" raw in attribute values.
  const root = body.querySelector('svg')
  return { text: root === null ? '' : xml.serializeToString(root), removed: [...new Set(removed)] }
}

/**
 * Escapes decoded, then checked with and without comments: a comment-like run inside a string is no comment, and
 * "u/**\/rl(", no url() in CSS, is refused too.
 */
function loadsExternalCss(css: string): boolean {
  const decoded = decodeCssEscapes(css)
  return EXTERNAL_CSS.test(decoded) || EXTERNAL_CSS.test(withoutCssComments(decoded))
}

function createSanitizer(): Sanitizer {
  const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: { XMLSerializer: new () => Sanitizer['xml'] } } }
  const createDOMPurify = require('dompurify') as (window: unknown) => DOMPurify
  const { window } = new JSDOM('')
  const purify = createDOMPurify(window)
  // Every attribute, not only style: presentation attributes (fill="url(…)") are CSS values too.
  purify.addHook('afterSanitizeAttributes', (node) => {
    for (const { name, value } of Array.from(node.attributes as ArrayLike<{ name: string; value: string }>)) {
      const external = REFERENCE_ATTRIBUTES.has(name) ? !LOCAL_REFERENCE.test(value) : loadsExternalCss(value)
      if (external) {
        node.removeAttribute(name)
        removedByHooks.push(name)
      }
    }
  })
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && loadsExternalCss(node.textContent ?? '')) {
      node.parentNode?.removeChild(node)
      removedByHooks.push('style')
    }
  })
  return { purify, xml: new window.XMLSerializer() }
}
