import { MAX_KEY_BYTES, sanitiseName, toObjectKey, withSuffix } from '../../src/naming/object-key'

describe('sanitiseName', () => {
  test.each([
    ['中文 名字.jpg', '中文-名字'],
    ['my photo (1).png', 'my-photo-(1)'],
    ['a#b%c?d&e+f=g.png', 'a-b-c-d-e-f-g'],
    ['../../etc/passwd.png', 'passwd'],
    ['C:\\Users\\me\\Desktop\\截图.png', '截图'],
    ['  spaced   out  .jpg', 'spaced-out'],
    ['emoji 😀 smile.png', 'emoji-😀-smile'],
    ['.hidden', 'image'],
    ['tab\tand\nnewline.png', 'tab-and-newline'],
    ['###.png', 'image']
  ])('%p → %p', (input, expected) => {
    expect(sanitiseName(input)).toBe(expected)
  })

  test('keeps long names within 200 bytes without splitting a character', () => {
    const name = sanitiseName(`${'图'.repeat(400)}.png`)
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200)
    expect(name).toBe('图'.repeat(66))
  })

  test('a name never contains a raw space, "#", "?" or "%"', () => {
    expect(sanitiseName('a b#c?d%e f.png')).not.toMatch(/[ #?%]/)
  })
})

describe('toObjectKey', () => {
  test.each([
    ['/img/a.png', 'img/a.png'],
    ['img//a.png', 'img/a.png'],
    ['img\\a.png', 'img/a.png'],
    ['img/a\u0000b.png', 'img/ab.png']
  ])('%p → %p', (input, expected) => {
    expect(toObjectKey(input)).toBe(expected)
  })

  test.each([['img/../a.png'], ['./a.png'], ['img/.'], ['']])('refuses %p', (input) => {
    expect(() => toObjectKey(input)).toThrow(/is not valid: it may not be empty or hold "", "." or ".." segments/)
  })

  test('refuses keys over 1023 bytes and says which setting to shorten', () => {
    expect(() => toObjectKey(`${'a/'.repeat(511)}b.png`)).toThrow(/1027 bytes long; OSS allows 1023\. Shorten "path"/)
    expect(toObjectKey('a'.repeat(MAX_KEY_BYTES))).toHaveLength(MAX_KEY_BYTES)
  })
})

describe('withSuffix', () => {
  test.each([
    ['img/a.png', 1, 'img/a-1.png'],
    ['img/a.b.png', 2, 'img/a.b-2.png'],
    ['img/noext', 3, 'img/noext-3'],
    ['img.d/noext', 1, 'img.d/noext-1']
  ])('%p, %p → %p', (key, n, expected) => {
    expect(withSuffix(key, n)).toBe(expected)
  })
})
