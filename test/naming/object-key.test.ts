import { keyFaultOf, MAX_KEY_BYTES, sanitiseName, toObjectKey, withSuffix } from '../../src/naming/object-key'

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
    ['img/a\u0000b.png', 'img/ab.png'],
    ['img/a\u0085b\u009f.png', 'img/ab.png']
  ])('%p → %p', (input, expected) => {
    expect(toObjectKey(input)).toBe(expected)
  })

  test.each([
    ['img/../a.png', 'has a "." or ".." segment'],
    ['./a.png', 'has a "." or ".." segment'],
    ['img/.', 'has a "." or ".." segment'],
    ['', 'is empty'],
    ['img/', 'has an empty segment']
  ])('refuses %p: it %s', (input, reason) => {
    expect(() => toObjectKey(input)).toThrow(`is not valid: it ${reason}`)
  })

  test('refuses keys over 1023 bytes and says which setting to shorten', () => {
    expect(() => toObjectKey(`${'a/'.repeat(511)}b.png`)).toThrow(/1027 bytes long; OSS allows 1023\. Shorten "path"/)
    expect(toObjectKey('a'.repeat(MAX_KEY_BYTES))).toHaveLength(MAX_KEY_BYTES)
  })
})

describe('keyFaultOf, the rule the uploader and restore share', () => {
  test.each([
    ['a plain key', 'img/a.png'],
    ['an empty segment (restore keeps what a bucket holds)', 'a//b.png'],
    ['a folder marker', 'img/'],
    ['Chinese and a space', '中文 图片.png'],
    ['1023 ASCII bytes', 'a'.repeat(MAX_KEY_BYTES)],
    ['341 Chinese characters (1023 bytes)', '图'.repeat(341)]
  ])('takes %s as it is', (_, key) => {
    expect(keyFaultOf(key)).toBeUndefined()
  })

  test.each([
    ['', 'is empty'],
    ['/abs.png', 'starts with "/" or "\\"'],
    ['\\abs.png', 'starts with "/" or "\\"'],
    ['a/../b.png', 'has a "." or ".." segment, which ali-oss resolves before sending'],
    ['bell\u0007.png', 'holds the control character U+0007'],
    ['next\u0085line.png', 'holds the control character U+0085'],
    ['del\u007f.png', 'holds the control character U+007F'],
    ['half\ud800.png', 'is not valid UTF-8']
  ])('refuses %p: it %s', (key, reason) => {
    expect(keyFaultOf(key)).toEqual({ kind: 'form', reason: expect.stringContaining(reason) })
  })

  test('counts UTF-8 bytes, not characters: 342 Chinese characters are 1026 bytes', () => {
    expect(keyFaultOf('图'.repeat(342))).toEqual({ kind: 'length', reason: 'is 1026 bytes long; OSS allows 1023' })
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
