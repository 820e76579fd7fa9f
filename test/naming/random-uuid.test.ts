import { randomUuid } from '../../src/naming/random-uuid'

test('randomUuid() is a version 4, variant 1 UUID, as crypto.randomUUID makes them, and a new one each call', () => {
  const uuids = Array.from({ length: 200 }, () => randomUuid())
  for (const uuid of uuids) expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  expect(new Set(uuids).size).toBe(uuids.length)
})
