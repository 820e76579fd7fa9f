import OSS from 'ali-oss'
import type { OssServer } from '../../tools/oss-server'

export interface AliOssOptions {
  v4?: boolean
  accessKeyId?: string
  secret?: string
  stsToken?: string
  region?: string
  /** 'ip' (default): the server's 127.0.0.1 URL, bucket in the Host header; 'cname': localhost as the bucket's own domain. */
  addressing?: 'ip' | 'cname'
  timeout?: number
}

/** A real ali-oss client for the local OSS server's test-bucket with the test credentials. */
export function aliOssClient(server: OssServer, options: AliOssOptions = {}): OSS {
  const cname = options.addressing === 'cname'
  return new OSS({
    accessKeyId: options.accessKeyId ?? 'test-ak',
    accessKeySecret: options.secret ?? 'test-secret',
    stsToken: options.stsToken,
    bucket: 'test-bucket',
    region: options.region ?? 'oss-cn-hangzhou',
    endpoint: cname ? `http://localhost:${server.port}` : server.url,
    cname,
    authorizationV4: options.v4 ?? false,
    timeout: options.timeout ?? 5000
  })
}

export interface RequestFailure {
  code?: string
  status?: number
  requestId?: string
  name?: string
  message: string
}

/** The error a request fails with; the test fails when it does not. */
export async function failureOf(promise: Promise<unknown>): Promise<RequestFailure> {
  try {
    await promise
  } catch (error) {
    return error as RequestFailure
  }
  throw new Error('expected the request to fail')
}
