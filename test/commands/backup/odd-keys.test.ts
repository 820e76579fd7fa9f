import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runBackup } from '../../../src/commands/backup/run'
import { resolveSettings } from '../../../src/settings/config'
import { localSettings, tempDir } from '../../helpers/picgo'
import { useOssServer } from '../../helpers/oss-server'

const server = useOssServer()

test.each(['v4', 'v1'])(
  'keys with URL-hostile characters, spaces, "+" and control characters are listed, fetched and stored (%s)',
  async (signatureVersion) => {
    const keys = ['odd/a?b#c%d+e&f=g.png', 'odd/ü 空格 space.png', 'odd/plus+plus.png', 'odd/ctl\u0001\u001b.png', 'odd/~tilde*(x)!.png']
    for (const key of keys) server.putObject('test-bucket', key, Buffer.from(key))
    const folder = tempDir()

    const summary = await runBackup(resolveSettings(localSettings(server, { retries: 0, signatureVersion })), {
      folder,
      prefix: 'odd/',
      concurrency: 2,
      dryRun: false
    })

    expect(summary.failed).toEqual([])
    expect(summary.downloaded).toBe(keys.length)
    expect(readFileSync(join(folder, 'odd/a%3Fb#c%25d+e&f=g.png'), 'utf8')).toBe(keys[0])
    expect(readFileSync(join(folder, 'odd/ü 空格 space.png'), 'utf8')).toBe(keys[1])
    expect(readFileSync(join(folder, 'odd/ctl%01%1B.png'), 'utf8')).toBe(keys[3])
  }
)
