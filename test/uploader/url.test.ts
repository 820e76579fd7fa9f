import { resolveSettings } from '../../src/settings/config'
import { encodeKey, publicUrl } from '../../src/uploader/url'

const base = { accessKeyId: 'id', accessKeySecret: 'secret', bucket: 'my-images', region: 'oss-cn-hangzhou' }

describe('publicUrl', () => {
  test.each([
    [{}, 'img/a.png', 'https://my-images.oss-cn-hangzhou.aliyuncs.com/img/a.png'],
    [{ region: 'cn-beijing' }, 'a.png', 'https://my-images.oss-cn-beijing.aliyuncs.com/a.png'],
    [{ customUrl: 'https://img.example.com/' }, 'img/a.png', 'https://img.example.com/img/a.png'],
    [{ customUrl: 'https://cdn.example.com/blog' }, 'a.png', 'https://cdn.example.com/blog/a.png'],
    [{ endpoint: 'https://img.example.com', cname: true }, 'a.png', 'https://img.example.com/a.png'],
    [{ endpoint: 'https://oss-cn-hangzhou-internal.aliyuncs.com' }, 'a.png', 'https://my-images.oss-cn-hangzhou.aliyuncs.com/a.png'],
    [{ urlSuffix: '?x-oss-process=style/w800' }, 'a.png', 'https://my-images.oss-cn-hangzhou.aliyuncs.com/a.png?x-oss-process=style/w800'],
    [{}, 'img/中文 名字.jpg', 'https://my-images.oss-cn-hangzhou.aliyuncs.com/img/%E4%B8%AD%E6%96%87%20%E5%90%8D%E5%AD%97.jpg'],
    [{}, 'a#b%c+d?.png', 'https://my-images.oss-cn-hangzhou.aliyuncs.com/a%23b%25c%2Bd%3F.png'],
    [{}, 'my (1).png', 'https://my-images.oss-cn-hangzhou.aliyuncs.com/my%20%281%29.png']
  ])('%p with key %p gives %p', (override, key, expected) => {
    expect(publicUrl(resolveSettings({ ...base, ...override }), key)).toBe(expected)
  })

  test('the URL decodes back to the key and has no raw spaces', () => {
    const key = 'img/中文 名字 #1 100%+.jpg'
    const url = new URL(publicUrl(resolveSettings(base), key))
    expect(url.href).not.toMatch(/\s/)
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(key)
  })
})

describe('encodeKey', () => {
  test('keeps "/" between segments', () => {
    expect(encodeKey('a/b c/d')).toBe('a/b%20c/d')
  })
})
