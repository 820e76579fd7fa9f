// ListObjectsV2 paging and the object-GET body faults, through the real ali-oss client.
import type OSS from 'ali-oss'
import { DEFAULT_CREDENTIAL } from '../../tools/oss-server'
import { aliOssClient } from '../helpers/ali-oss'
import { useOssServer } from '../helpers/oss-server'

const server = useOssServer({ credentials: [DEFAULT_CREDENTIAL] })

const client = (): OSS => aliOssClient(server, { v4: true, timeout: 5000 })

beforeEach(() => {
  server.clearFaults()
  server.clearLog()
})

test('ListObjectsV2 pages 1,000 keys at a time with url-encoded keys and continuation tokens, under a prefix', async () => {
  const keys = Array.from({ length: 2100 }, (_, i) => `page/${String(i).padStart(4, '0')} 图+%.png`)
  for (const key of keys) server.putObject('test-bucket', key, Buffer.from(key))
  server.putObject('test-bucket', 'other/x.png', Buffer.from('x'))

  const listed: string[] = []
  const pageSizes: number[] = []
  let token: string | undefined
  do {
    const page = await client().listV2({ prefix: 'page/', 'max-keys': '1000', 'encoding-type': 'url', ...(token ? { 'continuation-token': token } : {}) }, {})
    pageSizes.push(page.objects.length)
    listed.push(...page.objects.map((object) => decodeURIComponent(object.name)))
    token = page.isTruncated ? decodeURIComponent(page.nextContinuationToken ?? '') : undefined
  } while (token)

  expect(pageSizes).toEqual([1000, 1000, 100])
  expect(listed).toEqual(keys)
  expect(server.requests.every((r) => r.query.includes('list-type=2'))).toBe(true)
})

test('ListObjectsV2 refuses max-keys above 1,000 and pages 100 keys when none is given, as OSS does', async () => {
  await expect(client().listV2({ 'max-keys': '1001' }, {})).rejects.toMatchObject({ status: 400, code: 'InvalidArgument' })
  const page = await client().listV2({ prefix: 'page/' }, {})
  expect(page.objects).toHaveLength(100)
})

test('a corrupt-body fault flips one byte of the next GET of that key only; the stored object stays intact', async () => {
  const body = Buffer.alloc(1000, 7)
  server.putObject('test-bucket', 'faulty.bin', body)
  server.injectFaults({ kind: 'corrupt-body', key: 'faulty.bin', atByte: 10, count: 1 })

  const listed = await client().listV2({ prefix: 'faulty' }, {})
  const first = (await client().get('faulty.bin')).content as Buffer
  const second = (await client().get('faulty.bin')).content as Buffer

  expect(listed.objects).toHaveLength(1)
  expect(first.equals(body)).toBe(false)
  expect(first[10]).toBe(7 ^ 0xff)
  expect(second.equals(body)).toBe(true)
  expect(server.requests.map((r) => r.fault)).toEqual([undefined, 'corrupt byte 10', undefined])
})

test('a cut-body fault sends the headers and the first bytes of a GET, then drops the connection', async () => {
  server.putObject('test-bucket', 'cut.bin', Buffer.alloc(100_000, 1))
  server.injectFaults({ kind: 'cut-body', atByte: 5000, count: 1 })

  const { stream } = await client().getStream('cut.bin')
  let received = 0
  const outcome = await new Promise<string>((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length
    })
    stream.on('end', () => resolve('end'))
    stream.on('error', (error: Error) => resolve(`error ${error.message}`))
    stream.on('close', () => resolve('closed'))
  })

  expect(outcome).not.toBe('end')
  expect(received).toBe(5000)
  expect(server.requests[0]?.fault).toBe('cut after 5000 bytes')
})
