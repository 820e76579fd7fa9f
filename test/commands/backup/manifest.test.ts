import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type ManifestEntry, openJournal, readManifest, writeManifest } from '../../../src/commands/backup/manifest'
import { tempDir } from '../../helpers/picgo'

const entry = (path: string): ManifestEntry => ({ path, size: 3, etag: 'ETAG', crc64: '123', savedAt: '2026-01-01T00:00:00.000Z' })

describe('the backup manifest and its journal', () => {
  test('a folder without a manifest is an empty backup of the bucket', async () => {
    expect(await readManifest(tempDir(), 'b1')).toEqual({ version: 1, bucket: 'b1', objects: {}, untrusted: [] })
  })

  test('journalled downloads are replayed over the manifest, a torn last line is ignored, and writing folds them in', async () => {
    const folder = tempDir()
    await writeManifest(folder, { version: 1, bucket: 'b1', objects: { 'a.png': entry('a.png') } })
    const journal = await openJournal(folder)
    await journal.record('b.png', entry('b.png'))
    await journal.record('a.png', { ...entry('a.png'), etag: 'NEW' })
    await journal.close()
    appendFileSync(join(folder, '.aliyun-oss-plus-backup', 'journal.jsonl'), '{"key":"c.png","entry":{"pa')

    const manifest = await readManifest(folder, 'b1')
    expect(Object.keys(manifest.objects).sort()).toEqual(['a.png', 'b.png'])
    expect(manifest.objects['a.png']?.etag).toBe('NEW')

    await writeManifest(folder, manifest)
    expect(readdirSync(join(folder, '.aliyun-oss-plus-backup'))).toEqual([])
    expect(Object.keys(JSON.parse(readFileSync(join(folder, '.aliyun-oss-plus-backup.json'), 'utf8')).objects)).toEqual(['a.png', 'b.png'])
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  test('a folder holding the backup of another bucket is refused, naming both', async () => {
    const folder = tempDir()
    await writeManifest(folder, { version: 1, bucket: 'old-bucket', objects: {} })
    await expect(readManifest(folder, 'new-bucket')).rejects.toThrow(/is the backup of bucket "old-bucket", not of "new-bucket": choose another folder/)
    await expect(readManifest(folder, undefined)).resolves.toMatchObject({ bucket: 'old-bucket' })
  })

  test.each([
    ['{not json', /is not valid JSON/],
    ['{"hello": 1}', /is not an aliyun-oss-plus backup manifest/]
  ])('a damaged manifest (%s) is one clear error naming the file', async (text, message) => {
    const folder = tempDir()
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, '.aliyun-oss-plus-backup.json'), text)
    await expect(readManifest(folder, 'b1')).rejects.toThrow(message)
    await expect(readManifest(folder, 'b1')).rejects.toThrow(join(folder, '.aliyun-oss-plus-backup.json'))
  })
})
