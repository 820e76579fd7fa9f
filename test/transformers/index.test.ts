import { resolveSettings } from '../../src/settings/config'
import { reportWarnings, runStages, stagesFor } from '../../src/transformers'
import type { StageImage } from '../../src/transformers/types'
import { screenshotPng } from '../fixtures/images'

async function damagedPng(): Promise<StageImage> {
  const png = await screenshotPng({ width: 20, height: 20 })
  const buffer = Buffer.concat([png.subarray(0, 8), Buffer.from('not a chunk at all, sorry')])
  return { buffer, fileName: 'broken.png', extname: '.png', contentType: 'image/png' }
}

function recorder(): { lines: string[]; reporter: Parameters<typeof reportWarnings>[0] } {
  const lines: string[] = []
  const reporter = {
    log: { warn: (line: string) => lines.push(`WARN ${line}`) },
    emit: (event: string, payload: { title: string; body: string }) => lines.push(`${event} ${payload.title}: ${payload.body}`)
  } as unknown as Parameters<typeof reportWarnings>[0]
  return { lines, reporter }
}

test("the stages return a damaged image's warning in their result, and the runner hands it to report before the naming", async () => {
  const { stages, name } = stagesFor(
    resolveSettings({ accessKeyId: 'ak', accessKeySecret: 'secret', bucket: 'b-1', region: 'oss-cn-hangzhou', keepMetadata: true })
  )
  const heard: string[][] = []
  const named = await runStages({ stages, name }, await damagedPng(), (staged) => heard.push(staged.warnings ?? []))
  expect(heard).toEqual([[expect.stringMatching(/^the image is damaged \(Input buffer has corrupt header/)]])
  expect(named.key).toMatch(/\.png$/)

  const failing = {
    stages,
    name: async (): Promise<never> => {
      throw new Error('no key')
    }
  }
  heard.length = 0
  await expect(runStages(failing, await damagedPng(), (staged) => heard.push(staged.warnings ?? []))).rejects.toThrow('no key')
  expect(heard).toHaveLength(1)
})

test('reportWarnings says each warning as a WARN line naming the file, and as a notification', () => {
  const { lines, reporter } = recorder()
  reportWarnings(reporter, { buffer: Buffer.alloc(0), fileName: 'a.png', extname: '.png', contentType: 'image/png', warnings: ['one', 'two'] })
  expect(lines).toEqual([
    'WARN [aliyun-oss-plus] a.png: one',
    'notification aliyun-oss-plus: a.png: one',
    'WARN [aliyun-oss-plus] a.png: two',
    'notification aliyun-oss-plus: a.png: two'
  ])
  reportWarnings(reporter, { buffer: Buffer.alloc(0), fileName: 'b.png', extname: '.png', contentType: 'image/png' })
  expect(lines).toHaveLength(4)
})
