import { PluginError } from '../../src/errors'
import { requestError, toPluginError } from '../../src/oss/oss-error'

const context = { operation: 'PUT', key: 'img/ab12.png', file: 'photo.png', secrets: ['sup3r-s3cret'] }

function sdkError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message ?? 'boom')), fields)
}

describe('toPluginError', () => {
  test.each([
    [
      { code: 'SignatureDoesNotMatch', status: 403, requestId: '5F3A00' },
      /^\[aliyun-oss-plus\] \[PUT\] img\/ab12\.png \(photo\.png\): 403 SignatureDoesNotMatch \(request id 5F3A00\): check "accessKeySecret"/,
      false
    ],
    [{ code: 'InvalidAccessKeyId', status: 403, requestId: 'R1' }, /403 InvalidAccessKeyId \(request id R1\): OSS does not know this "accessKeyId"/, false],
    [{ code: 'NoSuchBucket', status: 404, requestId: 'R2' }, /404 NoSuchBucket \(request id R2\): check "bucket" and "region"/, false],
    [{ code: 'RequestTimeTooSkewed', status: 403, requestId: 'R3' }, /fix the system clock/, false],
    [{ code: 'SecurityTokenExpired', status: 403, requestId: 'R4' }, /STS token has expired/, false],
    [
      { code: 'InternalError', status: 500, requestId: 'R5', message: 'We encountered an internal error' },
      /500 InternalError \(request id R5\): We encountered an internal error/,
      true
    ],
    [{ code: 'ServiceUnavailable', status: 503 }, /503 ServiceUnavailable/, true],
    [
      { name: 'ResponseTimeoutError', message: 'Response timeout for 60000ms, please increase the timeout' },
      /ResponseTimeoutError: OSS did not answer in time: raise "timeout"/,
      true
    ],
    [{ code: 'ECONNRESET', name: 'RequestError', status: -1, message: 'socket hang up' }, /ECONNRESET/, true],
    [{ code: 'ENOTFOUND', status: -1, message: 'getaddrinfo ENOTFOUND' }, /ENOTFOUND: the host name does not resolve: check "region", "endpoint"/, false]
  ])('%p', (fields, message, retryable) => {
    const error = toPluginError(sdkError(fields), context)
    expect(error).toBeInstanceOf(PluginError)
    expect(error.message).toMatch(message)
    expect(error.retryable).toBe(retryable)
    expect(error.file).toBe('photo.png')
  })

  test('scrubs secrets and signatures out of messages it passes on', () => {
    const error = toPluginError(
      sdkError({
        code: 'Weird',
        status: 400,
        message: 'bad request with sup3r-s3cret, Authorization: OSS ak:c2lnbmF0dXJl\nheaders: {...}'
      }),
      context
    )
    expect(error.message).not.toContain('sup3r-s3cret')
    expect(error.message).not.toContain('c2lnbmF0dXJl')
    expect(error.message).not.toContain('headers')
    expect(String((error.cause as Error).message)).not.toContain('sup3r-s3cret')
  })
})

describe('what OSS refuses since 2025: the error names the settings to change, with the EC and the request id', () => {
  test.each([
    [
      {
        code: 'PublicEndpointForbidden',
        status: 400,
        requestId: 'R1',
        ecCode: '0048-00000401',
        message: 'Not allowed using the OSS public endpoint, please use CNAME instead.'
      },
      /400 PublicEndpointForbidden \(request id R1, EC 0048-00000401\): .*bind a custom domain to the bucket.*set "endpoint" to it .* with "cname": true, and "customUrl" to the same domain/
    ],
    [
      { code: 'AccessDenied', status: 403, requestId: 'R2', ecCode: '0002-00000080', message: 'The V1 signature is no longer supported' },
      /403 AccessDenied \(request id R2, EC 0002-00000080\): OSS no longer accepts V1 signatures .*set "signatureVersion" to v4/
    ],
    [
      { code: 'SecondLevelDomainForbidden', status: 403, requestId: 'R3', message: 'Please use virtual hosted style to access.' },
      /403 SecondLevelDomainForbidden \(request id R3\): Aliyun OSS refuses path-style requests .*turn "pathStyle" off/
    ],
    [
      { code: 'ExternalRedirectForbidden', status: 400, requestId: 'R4', ecCode: '0048-00000300', message: 'x' },
      /400 ExternalRedirectForbidden \(request id R4, EC 0048-00000300\): OSS blocks redirects .*"customUrl"/
    ],
    [
      {
        code: 'AccessDenied',
        status: 403,
        requestId: 'R5',
        message: 'Setting the ACL public-read is not allowed because Block Public Access is enabled for this bucket.'
      },
      /403 AccessDenied \(request id R5\): Block Public Access is on for this bucket .*set "acl" to empty or private/
    ]
  ])('%o', (fields, message) => {
    const error = toPluginError(sdkError(fields), context)
    expect(error.message).toMatch(message)
    expect(error.retryable).toBe(false)
  })

  test('a plain AccessDenied keeps its permissions hint', () => {
    expect(
      toPluginError(sdkError({ code: 'AccessDenied', status: 403, requestId: 'R6', message: 'You have no right to access this object.' }), context).message
    ).toMatch(/403 AccessDenied \(request id R6\): the AccessKey may lack oss:PutObject/)
  })
})

describe('requestError', () => {
  test('escapes the key, the file and the sentence once, whatever the sentence quotes from the server', () => {
    const error = requestError({ operation: 'GET', key: 'img/\u202eevil.png', file: 'a\nb.png' }, 'the CRC-64 OSS sent (1\u009b[2J) is not ours', {
      code: 'CrcMismatch'
    })

    expect(error.message).toBe('[aliyun-oss-plus] [GET] img/\\u202eevil.png (a\\nb.png): the CRC-64 OSS sent (1\\x9b[2J) is not ours')
    expect(error.file).toBe('a\nb.png')
  })
})
