import { SaxesParser } from 'saxes'

export interface XmlElement {
  /** The qualified name, "svg", "text" … */
  name: string
  /** By qualified name: "xlink:href", "xml:space" … */
  attributes: Record<string, string>
  /** The element's own text and CDATA, its children's left out. */
  text: string
}

/**
 * Parses with saxes, jsdom's own XML parser, in namespace mode: it throws at the first well-formedness or
 * namespace error (an undeclared prefix, a raw "<" in an attribute, a second root). The elements in document order.
 */
export function parseStrictXml(xml: string): XmlElement[] {
  const parser = new SaxesParser({ xmlns: true })
  const elements: XmlElement[] = []
  const open: XmlElement[] = []
  const appendText = (text: string): void => {
    const current = open[open.length - 1]
    if (current !== undefined) current.text += text
  }
  parser.on('opentag', (tag) => {
    const attributes = Object.fromEntries(Object.values(tag.attributes).map((attribute) => [attribute.name, attribute.value]))
    const element = { name: tag.name, attributes, text: '' }
    elements.push(element)
    if (!tag.isSelfClosing) open.push(element)
  })
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) open.pop()
  })
  parser.on('text', appendText)
  parser.on('cdata', appendText)
  parser.write(xml).close()
  return elements
}
