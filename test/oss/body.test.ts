import { randomBytes } from 'node:crypto'
import { contentDigest } from '../../src/transformers/hash-name'
import { type Body, bufferBody, contentOfBody, readRange } from '../../src/oss/body'
import { contentOf } from '../../src/oss/evidence'

/** A body that says it has `size` bytes but holds only `held` of them: a file that shrank after it was measured. */
const shrunk = (bytes: Buffer, size: number): Body => ({ size, read: async (start, end) => bytes.subarray(start, end) })

describe('a body read by range', () => {
  test('contentOfBody reads it in chunks and finds what contentOf finds for the same bytes (across several chunks)', async () => {
    const bytes = randomBytes(9 * 1024 * 1024 + 3)
    expect(await contentOfBody(bufferBody(bytes))).toEqual(contentOf(bytes, contentDigest(bytes)))
  })

  test('an empty body has the content of no bytes', async () => {
    expect(await contentOfBody(bufferBody(Buffer.alloc(0)))).toEqual(contentOf(Buffer.alloc(0), contentDigest(Buffer.alloc(0))))
  })

  test('a body that shrank: contentOfBody gives the size it read, readRange names the file and the missing bytes', async () => {
    const body = shrunk(Buffer.from('0123456789'), 20)
    expect((await contentOfBody(body)).size).toBe(10)
    await expect(readRange(body, 5, 15, 'a\nb.bin')).rejects.toThrow('a\\nb.bin changed while it was uploaded (bytes 5 to 15 are no longer there): not stored')
    expect((await readRange(body, 2, 6, 'a.bin')).toString()).toBe('2345')
  })
})
