import { startOssServer, type OssServer, type OssServerOptions } from '../../tools/oss-server'

/** The key the plugin tests' servers know, and localSettings() sends. */
export const TEST_AK = { accessKeyId: 'test-ak', accessKeySecret: 'test-secret-0123456789' }

/**
 * The local OSS server for every test of the file: started in beforeAll, closed in afterAll. The answer stands in
 * for the server (`server.url`, `server.getObject(...)`) from the first hook on; reading it at the file's top level,
 * before beforeAll has run, throws. Without `credentials` the server knows the plugin tests' key, TEST_AK.
 */
export function useOssServer(options: OssServerOptions = {}): OssServer {
  let server: OssServer | undefined
  beforeAll(async () => {
    server = await startOssServer({ credentials: [TEST_AK], ...options })
  })
  afterAll(() => server?.close())
  return new Proxy({} as OssServer, {
    get(_, property) {
      if (!server) throw new Error(`useOssServer(): read "${String(property)}" after beforeAll has started the server`)
      const value: unknown = Reflect.get(server, property)
      return typeof value === 'function' ? value.bind(server) : value
    }
  })
}
