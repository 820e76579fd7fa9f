import { resolve } from 'node:path'
import { outputModeOf, parseConcurrency, parseExcludes } from '../../../src/commands/migrate/options'
import { formatProgress } from '../../../src/commands/migrate/summary'

test.each(['0', '33', '2.5', 'many'])('--concurrency %s is refused with the value', (value) => {
  expect(() => parseConcurrency(value)).toThrow(`Expected an integer between 1 and 32 for "--concurrency" but received "${value}"`)
})

test('output modes: beside by default, --out, --in-place with or without a backup, never --out with --in-place', () => {
  expect(outputModeOf({})).toEqual({ kind: 'beside' })
  expect(outputModeOf({ out: 'x' })).toEqual({ kind: 'folder', folder: resolve('x') })
  expect(outputModeOf({ inPlace: true, backup: true })).toEqual({ kind: 'in-place', backup: true })
  expect(outputModeOf({ inPlace: true, backup: false })).toEqual({ kind: 'in-place', backup: false })
  expect(() => outputModeOf({ inPlace: true, out: 'x' })).toThrow('Expected no folder together with --in-place for "--out" but received "x"')
})

test('--exclude takes http(s) URL prefixes only', () => {
  expect(parseExcludes(['https://a.example.com/', 'http://b/'])).toEqual(['https://a.example.com/', 'http://b/'])
  expect(() => parseExcludes(['a.example.com'])).toThrow('Expected a URL prefix starting with http:// or https:// for "--exclude" but received "a.example.com"')
})

test('progress shows the share done and an ETA from the rate so far', () => {
  expect(formatProgress({ images: 1500, settled: 0, startedAt: 0 }, 1000)).toBe('0 of 1500 images (0 %)')
  expect(formatProgress({ images: 1500, settled: 100, startedAt: 0 }, 20_000)).toBe('100 of 1500 images (6 %), about 4 min 40 s left')
  expect(formatProgress({ images: 10, settled: 9, startedAt: 0 }, 9000)).toBe('9 of 10 images (90 %), about 1 s left')
  expect(formatProgress({ images: 10, settled: 10, startedAt: 0 }, 9000)).toBe('10 of 10 images (100 %)')
})
