// Just enough XML for OSS: escaping for the documents we write, and tag extraction for the
// two small documents clients send (Delete, CompleteMultipartUpload).

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch)
}

export function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g, (_match, entity: string) => {
    switch (entity) {
      case 'amp':
        return '&'
      case 'lt':
        return '<'
      case 'gt':
        return '>'
      case 'quot':
        return '"'
      case 'apos':
        return "'"
      default:
        return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10))
    }
  })
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

/** `<name>escaped text</name>` for each entry; values are escaped, nested elements are passed as XmlElements. */
export type XmlValue = string | number | boolean | XmlElement[]
export interface XmlElement {
  name: string
  value: XmlValue
}

export function element(name: string, value: XmlValue): XmlElement {
  return { name, value }
}

export function renderXml(elements: XmlElement[]): string {
  return elements.map(({ name, value }) => `<${name}>${Array.isArray(value) ? renderXml(value) : escapeXml(String(value))}</${name}>`).join('')
}

export function xmlDocument(root: XmlElement): string {
  return XML_DECLARATION + renderXml([root])
}

/** Raw inner text of every `<tag>...</tag>` (not nested in itself), in document order. */
export function tagContents(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g')
  return Array.from(xml.matchAll(pattern), (match) => match[1] ?? '')
}

export function firstTagText(xml: string, tag: string): string | undefined {
  const inner = tagContents(xml, tag)[0]
  return inner === undefined ? undefined : unescapeXml(inner.trim())
}
