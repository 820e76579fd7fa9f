// The local OSS-compatible server that stands in for Aliyun OSS in tests, `npm start` and benchmarks.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FaultInjector } from './faults'
import { Holds } from './holds'
import { simpleObjectRecord, validateMetadataHeaders } from './object-metadata'
import { validateObjectKey } from './object-rules'
import { RequestLog } from './request-log'
import { profileNamed } from './profiles'
import { createRequestListener } from './server'
import type { ServerState } from './state'
import { Store, toStoredObject } from './store'
import type { BucketSpec, Credential, OssServer, OssServerOptions } from './types'

export type { BucketSpec, Credential, FaultSpec, LoggedRequest, OssServer, OssServerOptions, StoredObject } from './types'
export { PROFILES, type OssProfile } from './profiles'
export { crc64 } from './crc64'

export const DEFAULT_CREDENTIAL: Readonly<Credential> = Object.freeze({ accessKeyId: 'test-ak', accessKeySecret: 'test-secret' })
export const DEFAULT_BUCKET: Readonly<BucketSpec> = Object.freeze({ name: 'test-bucket', region: 'oss-cn-hangzhou' })
const DEFAULT_SEED = 1

export async function startOssServer(options: OssServerOptions = {}): Promise<OssServer> {
  const buckets = options.buckets ?? [DEFAULT_BUCKET]
  const firstBucket = buckets[0]
  if (!firstBucket) throw new Error('[oss-server] Expected at least one bucket in `buckets` but received an empty list.')
  const store = new Store(buckets)
  const cnameBucket = options.cnameBucket ?? firstBucket.name
  if (!store.bucket(cnameBucket)) throw new Error(`[oss-server] Expected \`cnameBucket\` to name a bucket but received ${JSON.stringify(cnameBucket)}.`)

  const profile = typeof options.profile === 'string' ? profileNamed(options.profile) : (options.profile ?? {})
  if (profile.pathStyleRefused && options.pathStyleOnly) {
    throw new Error('[oss-server] Expected at most one of `pathStyleOnly` and a profile with `pathStyleRefused` but received both.')
  }
  const state: ServerState = {
    store,
    log: new RequestLog(),
    faults: new FaultInjector(options.seed ?? DEFAULT_SEED),
    holds: new Holds(),
    credentials: options.credentials ?? [DEFAULT_CREDENTIAL],
    cnameBucket,
    pathStyleOnly: options.pathStyleOnly ?? false,
    clockSkewMs: options.clockSkewMs ?? 0,
    profile
  }
  const server = createServer(createRequestListener(state))
  // Longer than the client agents' idle timeout, so the client, not us, closes idle keep-alive sockets.
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: state.log.entries,
    clearLog: () => state.log.clear(),
    getObject(bucket, key) {
      const record = store.bucket(bucket)?.objects.get(key)
      return record && toStoredObject(record)
    },
    listKeys: (bucket) => store.bucket(bucket)?.sortedKeys() ?? [],
    putObject(bucket, key, body, headers = {}) {
      const target = store.bucket(bucket)
      if (!target) throw new Error(`[oss-server] Expected an existing bucket but received ${JSON.stringify(bucket)}.`)
      validateObjectKey(key)
      const lowerCased = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))
      validateMetadataHeaders(lowerCased)
      const record = simpleObjectRecord(body, lowerCased, new Date(Date.now() + state.clockSkewMs))
      target.objects.set(key, record)
      return toStoredObject(record)
    },
    injectFaults: (...faults) => state.faults.inject(faults),
    clearFaults: () => state.faults.clear(),
    releaseHeld: () => state.holds.releaseAll(),
    pendingMultipartUploads: () => store.pendingUploads(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}
