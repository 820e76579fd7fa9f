import { formatBytes } from '../../src/errors/format-bytes'

test.each([
  [0, '0 B'],
  [850, '850 B'],
  [1023, '1023 B'],
  [1024, '1.0 KB'],
  [3277, '3.2 KB'],
  [421_888, '412 KB'],
  [479_334, '468 KB'],
  [2_202_010, '2.1 MB'],
  [52_428_800, '50.0 MB'],
  [314_572_800, '300 MB'],
  [3 * 1024 ** 4, '3.0 TB'],
  [2000 * 1024 ** 4, '2000 TB']
])('%d bytes read as %s', (bytes, text) => {
  expect(formatBytes(bytes)).toBe(text)
})
