// Known answers published in Alibaba's Go SDK v2 signer tests (oss/signer/signer_test.go) and the CRC-64/XZ check value.
import { crc64 } from '../../tools/oss-server/crc64'
import { Query } from '../../tools/oss-server/query'
import { canonicalizedResource, v1Signature, v1StringToSign } from '../../tools/oss-server/signature-v1'
import { v4Signature, type V4SigningInput } from '../../tools/oss-server/signature-v4'

describe('V1 signature', () => {
  test('TestV1AuthHeader: builds the documented string to sign and signs it', () => {
    const stringToSign = v1StringToSign({
      method: 'PUT',
      headers: {
        'Content-MD5': 'eB5eJF1ptWaXm4bijSPyxw==',
        'Content-Type': 'text/html',
        'x-oss-meta-author': 'alice',
        'x-oss-meta-magic': 'abracadabra',
        'x-oss-date': 'Wed, 28 Dec 2022 10:27:41 GMT'
      },
      date: 'Wed, 28 Dec 2022 10:27:41 GMT',
      bucket: 'examplebucket',
      key: 'nelson',
      query: []
    })
    expect(stringToSign).toBe(
      'PUT\neB5eJF1ptWaXm4bijSPyxw==\ntext/html\nWed, 28 Dec 2022 10:27:41 GMT\n' +
        'x-oss-date:Wed, 28 Dec 2022 10:27:41 GMT\nx-oss-meta-author:alice\nx-oss-meta-magic:abracadabra\n/examplebucket/nelson'
    )
    expect(v1Signature('sk', stringToSign)).toBe('kSHKmLxlyEAKtZPkJhG9bZb5k7M=')
  })

  test('signs only sub-resources, sorted by name', () => {
    expect(canonicalizedResource('examplebucket', '', new Query('resourceGroup&non-resousce=null').params)).toBe('/examplebucket/?resourceGroup')
    expect(canonicalizedResource('examplebucket', '', new Query('resourceGroup&acl').params)).toBe('/examplebucket/?acl&resourceGroup')
    expect(canonicalizedResource('b', 'k', new Query('uploadId=AB&partNumber=3&prefix=x').params)).toBe('/b/k?partNumber=3&uploadId=AB')
  })
})

describe('V4 signature', () => {
  const request = (timestamp: string, extraHeaders: Record<string, string> = {}): V4SigningInput => ({
    method: 'PUT',
    bucket: 'bucket',
    key: '1234+-/123/1.txt',
    query: [
      { name: 'param1', value: 'value1' },
      { name: '+param1', value: 'value3' },
      { name: '|param1', value: 'value4' },
      { name: '+param2', value: '' },
      { name: '|param2', value: '' },
      { name: 'param2', value: '' }
    ],
    headers: {
      'x-oss-head1': 'value',
      abc: 'value',
      ZAbc: 'value',
      XYZ: 'value',
      'content-type': 'text/plain',
      'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
      'x-oss-date': timestamp,
      ...extraHeaders
    },
    additionalHeaders: [],
    secret: 'sk',
    region: 'cn-hangzhou',
    timestamp
  })

  test('TestV4AuthHeader', () => {
    expect(new Date(1702743657 * 1000).toISOString()).toBe('2023-12-16T16:20:57.000Z')
    expect(v4Signature(request('20231216T162057Z')).signature).toBe('e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe')
  })

  test('TestV4AuthHeaderToken', () => {
    expect(new Date(1702784856 * 1000).toISOString()).toBe('2023-12-17T03:47:36.000Z')
    const result = v4Signature(request('20231217T034736Z', { 'x-oss-security-token': 'token' }))
    expect(result.signature).toBe('b94a3f999cf85bcdc00d332fbd3734ba03e48382c36fa4d5af5df817395bd9ea')
  })

  test('canonical request: encoded key, query sorted by encoded name, only default-signed headers', () => {
    const { canonicalRequest } = v4Signature(request('20231216T162057Z'))
    expect(canonicalRequest).toBe(
      [
        'PUT',
        '/bucket/1234%2B-/123/1.txt',
        '%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&param1=value1&param2',
        'content-type:text/plain\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20231216T162057Z\nx-oss-head1:value\n',
        '',
        'UNSIGNED-PAYLOAD'
      ].join('\n')
    )
  })
})

describe('CRC-64/XZ', () => {
  test('check value of "123456789"', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(0x995dc9bbdf1939fan)
  })

  test('continues from a previous value', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog')
    expect(crc64(data.subarray(10), crc64(data.subarray(0, 10)))).toBe(crc64(data))
    expect(crc64(Buffer.alloc(0))).toBe(0n)
  })
})
