// Fault injection as the client sees it, and the request log.
import { createHash } from 'node:crypto'
import OSS from 'ali-oss'
import { DEFAULT_CREDENTIAL, startOssServer, type FaultSpec } from '../../tools/oss-server'
import { aliOssClient, failureOf } from '../helpers/ali-oss'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer({ credentials: [DEFAULT_CREDENTIAL] })

const client = (timeout = 5000): OSS => aliOssClient(server, { v4: true, timeout })

beforeEach(() => {
  server.clearFaults()
  server.clearLog()
})

describe('faults', () => {
  test('count: the next N requests get 503 ServiceUnavailable, then service resumes; state is untouched', async () => {
    server.injectFaults({ kind: 'status', count: 2 })
    expect(await failureOf(client().put('f.txt', Buffer.from('1')))).toMatchObject({ status: 503, code: 'ServiceUnavailable' })
    expect(await failureOf(client().put('f.txt', Buffer.from('2')))).toMatchObject({ status: 503 })
    expect(server.getObject('test-bucket', 'f.txt')).toBeUndefined()
    expect((await client().put('f.txt', Buffer.from('3'))).res.status).toBe(200)
    expect(server.requests.map((request) => [request.status, request.fault])).toEqual([
      [503, 'status 503 ServiceUnavailable'],
      [503, 'status 503 ServiceUnavailable'],
      [200, undefined]
    ])
  })

  test('a given code: 403 AccessDenied only for the listed methods', async () => {
    server.putObject('test-bucket', 'g.txt', Buffer.from('g'))
    server.injectFaults({ kind: 'status', status: 403, code: 'AccessDenied', methods: ['PUT'] })
    expect((await client().head('g.txt')).status).toBe(200)
    expect(await failureOf(client().put('g.txt', Buffer.from('x')))).toMatchObject({ status: 403, code: 'AccessDenied' })
  })

  test('reset: the client sees a connection error and nothing is stored', async () => {
    server.injectFaults({ kind: 'reset', count: 1 })
    const error = await failureOf(client().put('reset.txt', Buffer.from('r')))
    expect(error.status).toBe(-1)
    expect(server.getObject('test-bucket', 'reset.txt')).toBeUndefined()
    expect(server.requests[0]).toMatchObject({ method: 'PUT', status: 0, fault: 'reset', bytesIn: 1 })
    expect((await client().put('reset.txt', Buffer.from('r'))).res.status).toBe(200)
  })

  test('delay: a request slower than the client timeout fails as a timeout', async () => {
    server.putObject('test-bucket', 'slow.txt', Buffer.from('s'))
    server.injectFaults({ kind: 'delay', delayMs: 600, count: 1 })
    const error = await failureOf(client(200).get('slow.txt'))
    expect(error.name).toMatch(/Timeout/)
    expect((await client().get('slow.txt')).res.status).toBe(200)
  })

  test('rate: the same seed gives the same faults', async () => {
    const pattern = async (seed: number): Promise<number[]> => {
      const seeded = await startOssServer({ seed })
      seeded.putObject('test-bucket', 'r.txt', Buffer.from('r'))
      seeded.injectFaults({ kind: 'status', rate: 0.5 })
      const statuses: number[] = []
      for (let i = 0; i < 24; i++) statuses.push((await fetch(`${seeded.url}/test-bucket/r.txt`)).status)
      await seeded.close()
      return statuses
    }
    const first = await pattern(42)
    expect(await pattern(42)).toEqual(first)
    expect(first).toContain(200)
    expect(first).toContain(503)
  })

  test('aimed faults strike only the given key and query parameters', async () => {
    server.injectFaults({ kind: 'status', status: 500, code: 'InternalError', key: 'aimed/b.png', query: { partNumber: '' } })
    await client().put('aimed/b.png', Buffer.from('b'))
    await client().put('aimed/a.png', Buffer.from('a'))
    const upload = await client().initMultipartUpload('aimed/b.png')
    const failure = await failureOf(client().uploadPart('aimed/b.png', upload.uploadId, 1, Buffer.alloc(10), 0, 10))
    expect(failure.status).toBe(500)
    expect(server.requests.map((r) => r.fault ?? '-')).toEqual(['-', '-', '-', 'status 500 InternalError'])
  })

  test('corrupt-request: a byte flipped on the way fails a Content-MD5 check; without one the flipped bytes are stored', async () => {
    const body = Buffer.from('0123456789')
    server.injectFaults({ kind: 'corrupt-request', methods: ['PUT'], atByte: 2, count: 2 })
    const md5 = createHash('md5').update(body).digest('base64')
    expect((await failureOf(client().put('corrupt/checked.png', body, { headers: { 'Content-MD5': md5 } }))).code).toBe('BadDigest')
    const upload = await client().initMultipartUpload('corrupt/part.png')
    const part = await client().uploadPart('corrupt/part.png', upload.uploadId, 1, body, 0, body.length)
    await client().completeMultipartUpload('corrupt/part.png', upload.uploadId, [{ number: 1, etag: part.etag }])
    const flipped = Buffer.from(body)
    flipped[2] = (flipped[2] as number) ^ 0xff
    const parts = server.requests.filter((r) => r.query.includes('partNumber'))
    expect(parts[0]?.fault).toBe('corrupt request byte 2')
    expect(parts[0]?.headers['content-md5']).toBeUndefined()
    expect(parts[0]?.status).toBe(200)
    expect(server.getObject('test-bucket', 'corrupt/part.png')?.body.equals(flipped)).toBe(true)
  })

  test('drop-response: the object is stored but the client hears nothing', async () => {
    server.injectFaults({ kind: 'drop-response', methods: ['PUT'], count: 1 })
    await failureOf(client(2000).put('dropped.png', Buffer.from('stored anyway')))
    expect(server.getObject('test-bucket', 'dropped.png')?.body.toString()).toBe('stored anyway')
    expect(server.requests[0]?.fault).toBe('drop response')
  })

  test('corrupt-stored: the request is accepted, the object is kept with a flipped byte, and its true CRC-64 is answered', async () => {
    server.injectFaults({ kind: 'corrupt-stored', methods: ['PUT'], atByte: 0, count: 1 })
    const result = await client().put('kept.png', Buffer.from('abc'))
    const kept = server.getObject('test-bucket', 'kept.png')
    expect(kept?.body.equals(Buffer.from([0x61 ^ 0xff, 0x62, 0x63]))).toBe(true)
    expect((result.res.headers as Record<string, string>)['x-oss-hash-crc64ecma']).toBe(kept?.crc64)
  })

  test('invalid fault specs are refused with a sentence naming the value', () => {
    expect(() => server.injectFaults({ kind: 'status', rate: 2 })).toThrow('Expected fault rate between 0 and 1 but received 2.')
    expect(() => server.injectFaults({ kind: 'explode' } as unknown as FaultSpec)).toThrow(/fault kind/)
  })
})

describe('request log', () => {
  test('records methods, keys, statuses, bytes and request ids in order', async () => {
    const body = Buffer.alloc(1000, 7)
    await client().put('log/x.bin', body)
    await client().head('log/x.bin')
    await client().get('log/x.bin')
    await failureOf(client().get('log/missing'))
    expect(server.requests.map(({ method, key, status, code, bytesIn, bytesOut }) => ({ method, key, status, code, bytesIn, bytesOut }))).toEqual([
      { method: 'PUT', key: 'log/x.bin', status: 200, code: undefined, bytesIn: 1000, bytesOut: 0 },
      { method: 'HEAD', key: 'log/x.bin', status: 200, code: undefined, bytesIn: 0, bytesOut: 0 },
      { method: 'GET', key: 'log/x.bin', status: 200, code: undefined, bytesIn: 0, bytesOut: 1000 },
      { method: 'GET', key: 'log/missing', status: 404, code: 'NoSuchKey', bytesIn: 0, bytesOut: expect.any(Number) }
    ])
    expect(server.requests.every((request) => /^[0-9A-F]{24}$/.test(request.requestId))).toBe(true)
    expect(server.requests[0]?.headers['content-length']).toBe('1000')
  })
})
