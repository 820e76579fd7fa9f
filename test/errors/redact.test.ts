import { redact, redactUrl } from '../../src/errors/redact'

describe('redact', () => {
  test.each([
    ['Authorization: OSS LTAI5tAbc:kSHKmLxlyEAKtZPkJhG9bZb5k7M=', 'kSHKmLxlyEAKtZPkJhG9bZb5k7M='],
    ['OSS4-HMAC-SHA256 Credential=LTAI5tAbc/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature=e21d18daa8216772', 'e21d18daa8216772'],
    ['https://b.oss-cn-hangzhou.aliyuncs.com/a.png?OSSAccessKeyId=ak&Expires=1&Signature=abc%2Bdef', 'abc%2Bdef'],
    ['?x-oss-signature=deadbeef&x-oss-date=1', 'deadbeef'],
    ['headers: {"x-oss-security-token": "CAIS-token-value"}', 'CAIS-token-value'],
    ['security-token=CAIS-token-value&x=1', 'CAIS-token-value']
  ])('removes the secret part of %p', (text, secret) => {
    const out = redact(text)
    expect(out).not.toContain(secret)
    expect(out).toContain('***')
  })

  test('removes given secrets wherever they appear', () => {
    expect(redact('key sup3r-s3cret in text sup3r-s3cret', ['sup3r-s3cret'])).toBe('key *** in text ***')
  })

  test('leaves ordinary text alone', () => {
    expect(redact('[PUT] img/a.png: 404 NoSuchBucket')).toBe('[PUT] img/a.png: 404 NoSuchBucket')
  })
})

describe('redactUrl', () => {
  test.each([
    ['https://me:hunter2@img.example.com/a.png', 'https://***@img.example.com/a.png'],
    ['admin:hunter2@img.example.com', '***@img.example.com'],
    ['img.example.com/a.png?token=abc123&w=100', 'img.example.com/a.png?token=***&w=***'],
    ['https://cdn.example/a.png?abc123', 'https://cdn.example/a.png?***'],
    ['https://cdn.example/cb#access_token=abc123', 'https://cdn.example/cb#access_token=***'],
    ['https://cdn.example/path@2x.png', 'https://cdn.example/path@2x.png'],
    ['https://cdn.example/a.png', 'https://cdn.example/a.png']
  ])('%p is printed as %p', (url, shown) => {
    expect(redactUrl(url)).toBe(shown)
  })

  test("redact() hides a URL's user and password inside any message", () => {
    expect(redact('GET http://u:p4ss@127.0.0.1:81/a.png: ECONNREFUSED')).toBe('GET http://***@127.0.0.1:81/a.png: ECONNREFUSED')
  })
})
