// Fault injection as the client sees it, and the request log.
import OSS from 'ali-oss'
import { startOssServer, type FaultSpec, type OssServer } from '../../tools/oss-server'
import { aliOssClient, failureOf } from '../helpers/ali-oss'

let server: OssServer

const client = (timeout = 5000): OSS => aliOssClient(server, { v4: true, timeout })

beforeAll(async () => {
  server = await startOssServer()
})
afterAll(() => server.close())
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
      [503, 'status 503 ServiceUnavailable'], [503, 'status 503 ServiceUnavailable'], [200, undefined]
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
    expect(server.requests.map(({ method, key, status, code, bytesIn, bytesOut }) => ({ method, key, status, code, bytesIn, bytesOut })))
      .toEqual([
        { method: 'PUT', key: 'log/x.bin', status: 200, code: undefined, bytesIn: 1000, bytesOut: 0 },
        { method: 'HEAD', key: 'log/x.bin', status: 200, code: undefined, bytesIn: 0, bytesOut: 0 },
        { method: 'GET', key: 'log/x.bin', status: 200, code: undefined, bytesIn: 0, bytesOut: 1000 },
        { method: 'GET', key: 'log/missing', status: 404, code: 'NoSuchKey', bytesIn: 0, bytesOut: expect.any(Number) }
      ])
    expect(server.requests.every((request) => /^[0-9A-F]{24}$/.test(request.requestId))).toBe(true)
    expect(server.requests[0]?.headers['content-length']).toBe('1000')
  })
})
