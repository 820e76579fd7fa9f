import { DEFAULTS, resolveSettings, validateSetting } from '../../src/settings/config'

const REQUIRED = { accessKeyId: 'LTAI5tExample', accessKeySecret: 'sup3r-s3cret-value', bucket: 'my-images', region: 'oss-cn-hangzhou' }

describe('resolveSettings', () => {
  test('applies the defaults of the settings table', () => {
    const settings = resolveSettings(REQUIRED)
    expect(settings).toEqual({ ...REQUIRED, ...DEFAULTS })
    expect(settings.signatureVersion).toBe('v4')
    expect(settings.path + settings.fileName).toBe('img/{hash}.{ext}')
  })

  test('ignores the keys PicGo adds to every config', () => {
    const settings = resolveSettings({ ...REQUIRED, _id: 'x', _configName: 'Default', _createdAt: 1, _updatedAt: 2 })
    expect(settings).not.toHaveProperty('_id')
    expect(settings).not.toHaveProperty('_configName')
  })

  test('coerces strings typed in the GUI or the CLI', () => {
    const settings = resolveSettings({
      ...REQUIRED,
      quality: '75',
      compress: 'false',
      dedupe: 'TRUE',
      cname: '0',
      maxWidth: ' 1920 ',
      multipartThreshold: '2.5',
      path: ' blog/ ',
      signatureVersion: 'V1',
      region: ' cn-shanghai '
    })
    expect(settings).toMatchObject({
      quality: 75,
      compress: false,
      dedupe: true,
      cname: false,
      maxWidth: 1920,
      multipartThreshold: 2.5,
      path: 'blog/',
      signatureVersion: 'v1',
      region: 'oss-cn-shanghai'
    })
  })

  test.each([
    ['80', 80],
    [' 75 ', 75],
    [60, 60]
  ] as const)('reads quality %p as %p', (quality, expected) => {
    expect(resolveSettings({ ...REQUIRED, quality }).quality).toBe(expected)
  })

  test('keeps false and 0 instead of falling back to defaults', () => {
    const settings = resolveSettings({ ...REQUIRED, compress: false, dedupe: false, retries: 0, maxWidth: 0 })
    expect(settings).toMatchObject({ compress: false, dedupe: false, retries: 0, maxWidth: 0 })
  })

  test.each([
    ['img', 'img/'],
    ['/img/', 'img/'],
    ['', ''],
    ['a\\b', 'a/b/'],
    ['img/{year}/{month}', 'img/{year}/{month}/']
  ])('normalises path %p to %p', (path, expected) => {
    expect(resolveSettings({ ...REQUIRED, path }).path).toBe(expected)
  })

  test('strips trailing slashes from customUrl and endpoint', () => {
    const settings = resolveSettings({ ...REQUIRED, customUrl: 'https://img.example.com/', endpoint: 'https://oss-cn-hangzhou-internal.aliyuncs.com/' })
    expect(settings.customUrl).toBe('https://img.example.com')
    expect(settings.endpoint).toBe('https://oss-cn-hangzhou-internal.aliyuncs.com')
  })

  test.each([
    [{ bucket: '' }, /Missing required setting "bucket"/],
    [{ bucket: '   ' }, /Missing required setting "bucket"/],
    [{ accessKeyId: undefined }, /Missing required setting "accessKeyId"/],
    [{ accessKeySecret: null }, /Missing required setting "accessKeySecret"/],
    [{ region: '' }, /Missing required setting "region"/],
    [{ bucket: 'My_Bucket' }, /Expected a bucket name of 3-63 lower-case letters, digits and "-" for "bucket" but received "My_Bucket"/],
    [{ region: 'hangzhou' }, /Expected a region id like "oss-cn-hangzhou" for "region" but received "hangzhou"/],
    [{ region: 'oss-cn-hangzhou.aliyuncs.com' }, /Expected a region id like "oss-cn-hangzhou" for "region" but received "oss-cn-hangzhou.aliyuncs.com"/],
    [{ endpoint: 'oss-cn-hangzhou.aliyuncs.com' }, /add the scheme: "https:\/\/oss-cn-hangzhou.aliyuncs.com".*"endpoint"/],
    [{ endpoint: 'ftp://example.com' }, /Expected a URL starting with http:\/\/ or https:\/\/ for "endpoint" but received "ftp:\/\/example.com"/],
    [{ customUrl: 'https://img.example.com?x=1' }, /without "\?" or "#".*"customUrl"/],
    [{ cname: true }, /bound domain.*for "endpoint"/],
    [{ quality: 101 }, /Expected an integer between 1 and 100 for "quality" but received 101 of type number/],
    [{ quality: 'high' }, /Expected an integer between 1 and 100 for "quality" but received "high"/],
    [{ quality: 'Auto' }, /Expected an integer between 1 and 100 for "quality" but received "Auto"/],
    [{ quality: ' auto ' }, /Expected an integer between 1 and 100 for "quality" but received " auto "/],
    [{ quality: 'best' }, /Expected an integer between 1 and 100 for "quality" but received "best"/],
    [{ quality: 80.5 }, /Expected an integer between 1 and 100 for "quality"/],
    [{ maxWidth: -1 }, /Expected an integer between 0 and 100000 for "maxWidth"/],
    [{ timeout: 10 }, /Expected an integer between 1000 and 3600000 for "timeout"/],
    [{ compress: 'maybe' }, /Expected true or false for "compress" but received "maybe"/],
    [{ convertTo: 'bmp' }, /Expected one of "keep", "webp", "avif", "jpeg", "png" for "convertTo" but received "bmp"/],
    [{ signatureVersion: 'v2' }, /Expected one of "v4", "v1" for "signatureVersion"/],
    [{ acl: 'public' }, /for "acl" but received "public"/],
    [{ fileName: '{hash}.{extension}' }, /Unknown placeholder "\{extension\}" in "fileName"/],
    [{ fileName: '{hash:4}.{ext}' }, /\{hash:N\} with N from 6 to 64 for "fileName" but received "\{hash:4\}"/],
    [{ fileName: '{rand:40}.{ext}' }, /\{rand:N\} with N from 1 to 32 for "fileName" but received "\{rand:40\}"/],
    [{ path: '{localFolder:0}/' }, /\{localFolder:N\} with N from 1 to 10 for "path" but received "\{localFolder:0\}"/],
    [{ fileName: '{name:3}.{ext}' }, /\{name\} without ":N" .* for "fileName" but received "\{name:3\}"/],
    [{ fileName: '{hash.{ext}' }, /balanced "\{" and "\}"/],
    [{ path: 'img/../secret/' }, /without "." or ".." segments for "path"/],
    [{ path: '{foo}/' }, /Unknown placeholder "\{foo\}" in "path"/]
  ])('rejects %p with a clear message', (override, message) => {
    expect(() => resolveSettings({ ...REQUIRED, ...override })).toThrow(message)
  })

  test('never shows the secret in an error', () => {
    expect(() => resolveSettings({ ...REQUIRED, accessKeySecret: { value: 'sup3r-s3cret-value' } })).toThrow(/"accessKeySecret" but received \(hidden\)/)
    let message = ''
    try {
      resolveSettings({ ...REQUIRED, accessKeySecret: 12345678 })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/"accessKeySecret" but received \(hidden\)/)
    expect(message).not.toContain('12345678')
  })

  test('accepts an empty or missing config object as missing settings, not a crash', () => {
    expect(() => resolveSettings(undefined)).toThrow(/Missing required setting "accessKeyId"/)
    expect(() => resolveSettings('nonsense')).toThrow(/Missing required setting/)
  })
})

describe('validateSetting (CLI prompts)', () => {
  test.each([
    ['region', 'oss-cn-beijing', true],
    ['region', 'beijing', /region id/],
    ['endpoint', 'https://oss-accelerate.aliyuncs.com', true],
    ['endpoint', 'oss-accelerate.aliyuncs.com', /add the scheme/],
    ['quality', '85', true],
    ['quality', '0', /between 1 and 100/],
    ['quality', 'auto', /between 1 and 100 for "quality" but received "auto"/],
    ['bucket', '', /Missing required setting "bucket"/]
  ] as const)('%s = %p', (name, value, expected) => {
    const result = validateSetting(name, value)
    if (expected === true) expect(result).toBe(true)
    else expect(result).toMatch(expected)
  })
})

describe('watermark settings', () => {
  const required = { accessKeyId: 'id', accessKeySecret: 'secret', bucket: 'bucket-name', region: 'oss-cn-hangzhou' }
  test('off by default; GUI strings are coerced', () => {
    expect(resolveSettings(required)).toMatchObject({ watermark: 'off', watermarkPosition: 'bottom-right', watermarkMinSize: 300, watermarkAnimated: false })
    expect(
      resolveSettings({ ...required, watermark: 'text', watermarkText: ' 我的博客 ', watermarkOpacity: '0.4', watermarkPosition: 'TILE', watermarkAngle: '45' })
    ).toMatchObject({ watermark: 'text', watermarkText: '我的博客', watermarkOpacity: 0.4, watermarkPosition: 'tile', watermarkAngle: 45 })
  })
  test.each([
    [{ watermark: 'logo' }, /Expected one of "off", "text", "image" for "watermark" but received "logo"/],
    [{ watermark: 'text' }, /Expected the text to draw when "watermark" is "text" for "watermarkText" but received ""/],
    [{ watermark: 'image' }, /Expected the path of a PNG or SVG file when "watermark" is "image" for "watermarkImage"/],
    [{ watermarkPosition: 'middle' }, /for "watermarkPosition" but received "middle"/],
    [{ watermarkOpacity: '2' }, /Expected a number between 0.01 and 1 for "watermarkOpacity" but received "2"/],
    [{ watermarkScale: '0' }, /Expected a number between 0.005 and 1 for "watermarkScale"/],
    [{ watermarkMargin: '-1' }, /for "watermarkMargin" but received "-1"/],
    [{ watermarkMinSize: '1.5' }, /Expected an integer between 0 and 100000 for "watermarkMinSize"/],
    [{ watermarkAngle: '400' }, /Expected an integer between -180 and 180 for "watermarkAngle"/]
  ])('refuses %j', (bad, message) => {
    expect(() => resolveSettings({ ...required, ...bad })).toThrow(message)
  })
})

describe('issue 23: settings that reach a header, a URL or a printed line', () => {
  const base = { accessKeyId: 'id', accessKeySecret: 'secret', bucket: 'bucket-name', region: 'oss-cn-hangzhou' }
  test.each([
    ['cacheControl', 'public\r\nX-Injected: 1'],
    ['urlSuffix', '?a=1\nhttps://evil.example/x.png'],
    ['customUrl', 'https://img.example\n.com']
  ])('%s with a line break is refused naming the setting', (name, value) => {
    expect(() => resolveSettings({ ...base, [name]: value })).toThrow(
      new RegExp(`Expected one line without control characters .* for "${name}" but received ".*\\\\n`)
    )
  })

  // Both go into request headers (the Authorization header and x-oss-security-token); both are credentials.
  test.each([
    ['accessKeyId', 'LTAI5tExample\r\nX-Injected: 1'],
    ['stsToken', 'CAIS-token-part\nX-Injected: 1']
  ])('%s with a line break is refused naming the setting, without printing the value', (name, value) => {
    let message = ''
    try {
      resolveSettings({ ...base, [name]: value })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(new RegExp(`Expected one line without control characters .* for "${name}" but received \\(hidden\\)`))
    expect(message).not.toMatch(/LTAI5tExample|CAIS-token-part|X-Injected/)
  })

  test('a whitespace-only number is the default, not 0', () => {
    expect(resolveSettings({ ...base, retries: ' ' }).retries).toBe(3)
  })

  test.each(['0x50', '8e1', '0b1010'])('quality %s is refused, not read as a number', (value) => {
    expect(() => resolveSettings({ ...base, quality: value })).toThrow(/for "quality" but received/)
  })
})
