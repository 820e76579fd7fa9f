// The SVG sanitiser on its own (DOMPurify on jsdom): every hostile payload is gone, and every output is an SVG
// document a strict XML parser accepts, since the bucket serves it as image/svg+xml.
import { sanitizeSvg } from '../../src/image/sanitize-svg'
import { parseStrictXml, type XmlElement } from '../helpers/strict-xml'

const svg = (body: string, rootAttributes = ''): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"${rootAttributes}>${body}</svg>`

/** The output as elements; fails the test when it is not well-formed XML with one <svg> root. */
function sanitizedElements(input: string): { text: string; elements: XmlElement[] } {
  const { text } = sanitizeSvg(input)
  const elements = parseStrictXml(text)
  expect(elements[0]?.name).toBe('svg')
  return { text, elements }
}

const EVIL_URL = 'https://evil.example/x'

describe('hostile payloads are removed, and what is left is well-formed XML', () => {
  test.each([
    ['script', svg('<script>alert(1)</script><rect width="1" height="1"/>'), /<script|alert/i],
    ['onload in odd case with spaces around "="', svg('<rect width="1"/>', ' OnLoAd \n=\t"alert(1)"'), /onload|alert/i],
    ['an event handler written HTML-style', '<svg/onload=alert(1)><rect onclick = alert(2) /></svg>', /onload|onclick|alert/i],
    ['javascript: written with an entity', svg('<a href="&#106;avascript:alert(1)"><text>x</text></a>'), /javascript|alert/i],
    [
      'javascript: with a tab and a newline in the scheme',
      svg('<a href="java&#9;script:alert(1)"><text>x</text></a><a xlink:href="jav&#x0A;ascript:alert(2)"><text>y</text></a>'),
      /script:|alert/i
    ],
    ['javascript: after leading spaces', svg('<a href="  javascript:alert(1)"><text>x</text></a>'), /javascript|alert/i],
    ['an external xlink:href', svg(`<image xlink:href="${EVIL_URL}.png" width="1" height="1"/>`), /evil\.example/],
    ['<use href> to another file', svg(`<use href="${EVIL_URL}.svg#icon"/>`), /evil\.example|<use/],
    [
      '<foreignObject> with HTML',
      svg(`<foreignObject width="1" height="1"><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="${EVIL_URL}"/></body></foreignObject>`),
      /foreignObject|iframe|evil\.example/i
    ],
    [
      '<animate> turning href into javascript:',
      svg('<a href="#a"><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>'),
      /<animate|javascript/i
    ],
    ['<set> turning href into javascript:', svg('<a href="#a"><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>'), /<set|javascript/i],
    ['data:text/html', svg('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>x</text></a>'), /data:text|alert/i],
    ['data:image/svg+xml, which can hold scripts', svg('<image href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>'), /data:image\/svg/i],
    ['CSS @import in <style>', svg(`<style>@import url(${EVIL_URL}.css);</style>`), /@import|evil\.example/],
    ['CSS @import written with an escape', svg(`<style>@\\69mport '${EVIL_URL}.css';</style>`), /mport|evil\.example/],
    ['url() with a backslash before a letter (u\\rl)', svg(`<rect style="fill:u\\rl(${EVIL_URL})"/>`), /evil\.example/],
    ['url() with a hex escape and its space (\\75 rl)', svg(`<rect style="fill:\\75 rl(${EVIL_URL})"/>`), /evil\.example/],
    ['url() with a six-digit escape (\\000075rl)', svg(`<rect style="fill:\\000075rl(${EVIL_URL})"/>`), /evil\.example/],
    ['url() in upper case with an escape (U\\52 L)', svg(`<rect style="fill:U\\52 L(${EVIL_URL})"/>`), /evil\.example/],
    ['url() with its parenthesis escaped (url\\28)', svg(`<rect style="fill:url\\28 ${EVIL_URL})"/>`), /evil\.example/],
    ['url() split by a comment (u/**/rl)', svg(`<rect style="fill:u/**/rl(${EVIL_URL})"/>`), /evil\.example/],
    ['url() between comment-like strings', svg(`<rect style='content:"/*";fill:url(${EVIL_URL});x:"*/"'/>`), /evil\.example/],
    ['url() with an entity in the style attribute', svg(`<rect style="fill:&#117;rl(${EVIL_URL})"/>`), /evil\.example/],
    ['expression()', svg('<rect style="width:expression(alert(1))"/>'), /expression|alert/i],
    ['expression() with an escape', svg('<rect style="width:expr\\65ssion(alert(1))"/>'), /ssion|alert/i],
    ['an escaped url() in <style>', svg(`<style>rect { fill: \\75 rl(${EVIL_URL}) }</style><rect/>`), /evil\.example/],
    ['a u\\rl() in <style>', svg(`<style>rect { fill: u\\rl(${EVIL_URL}) }</style><rect/>`), /evil\.example/],
    ['image-set() with a plain string in <style>', svg(`<style>rect { mask-image: image-set("${EVIL_URL}.png" 1x) }</style><rect/>`), /evil\.example/],
    ['url() in a presentation attribute', svg(`<rect fill="url(${EVIL_URL})" stroke="url('${EVIL_URL}')"/>`), /evil\.example/],
    ['an escaped url() in a presentation attribute', svg(`<rect filter="u\\rl(${EVIL_URL}#f)" mask="\\75 rl(${EVIL_URL}#m)"/>`), /evil\.example/],
    ['an entity-escaped url() in a presentation attribute', svg(`<rect fill="&#x75;rl(${EVIL_URL})"/>`), /evil\.example/]
  ])('%s', (_title, input, hostile) => {
    const { text } = sanitizedElements(input)
    expect(text).not.toMatch(hostile)
  })
})

describe('well-formed input stays well-formed and keeps its meaning', () => {
  const find = (elements: XmlElement[], name: string): XmlElement => {
    const element = elements.find((candidate) => candidate.name === name)
    expect(element).toBeDefined()
    return element!
  }

  test('"&lt;" in an attribute', () => {
    const { elements } = sanitizedElements(svg('<g aria-label="latency &lt; 5 ms"><rect width="1" height="1"/></g>'))
    expect(find(elements, 'g').attributes['aria-label']).toBe('latency < 5 ms')
  })

  test('"&amp;", "&quot;" and "&gt;" in attributes and text', () => {
    const { elements } = sanitizedElements(svg('<text aria-label="a &amp; b &quot;c&quot; &gt; d">x &lt; y &amp; z &gt; w &quot;q&quot;</text>'))
    const text = find(elements, 'text')
    expect(text.attributes['aria-label']).toBe('a & b "c" > d')
    expect(text.text).toBe('x < y & z > w "q"')
  })

  test('a <style> in CDATA keeps its CSS', () => {
    const { elements } = sanitizedElements(svg('<style><![CDATA[ g > rect { fill: red } a[title="&"] { fill: blue } ]]></style><g><rect/></g>'))
    expect(find(elements, 'style').text).toBe(' g > rect { fill: red } a[title="&"] { fill: blue } ')
  })

  test('namespaced attributes keep their prefixes, declared', () => {
    const { elements } = sanitizedElements(svg('<a xlink:href="#target" xlink:title="go"><text xml:space="preserve">  two  spaces </text></a>'))
    expect(find(elements, 'a').attributes).toMatchObject({ 'xlink:href': '#target' })
    expect(find(elements, 'text').attributes['xml:space']).toBe('preserve')
    expect(find(elements, 'text').text).toBe('  two  spaces ')
  })

  test('local references stay: url(#id) with or without quotes, href="#id", an inline PNG', () => {
    const { elements } = sanitizedElements(
      svg(
        `<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="stroke:url( '#g' )"/><a href="#g"><text>x</text></a><image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>`
      )
    )
    expect(find(elements, 'rect').attributes).toEqual({ fill: 'url(#g)', style: "stroke:url( '#g' )" })
    expect(find(elements, 'a').attributes.href).toBe('#g')
    expect(find(elements, 'image').attributes.href).toMatch(/^data:image\/png;/)
  })

  test('a comment holding "--" is removed; a no-break space and non-Latin text stay', () => {
    const { text, elements } = sanitizedElements(svg('<!-- a -- b --><text>hi&#160;there 延迟</text>'))
    expect(text).not.toContain('<!--')
    expect(find(elements, 'text').text).toBe('hi\u00A0there 延迟')
  })

  test('the XML declaration, a doctype with entities and text around the root are left out', () => {
    const input = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg [<!ENTITY x "expanded">]>\n${svg('<text>&x;</text>')}\n`
    const { text } = sanitizedElements(input)
    expect(text).toMatch(/^<svg /)
    expect(text).not.toMatch(/ENTITY|expanded|<\?xml/)
  })
})
