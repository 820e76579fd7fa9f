// The request pipeline: admin routing, logging, faults, addressing, authentication, dispatch, answer.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { checkAnonymousAccess } from './access'
import { ADMIN_PREFIX, handleAdmin } from './admin'
import { authenticate } from './auth'
import { corruptedInTransit, discardBody, receiveBody } from './body'
import { resolvePathStyleOnly, resolveTarget, wrongEndpoint } from './addressing'
import type { Reply, RequestContext } from './context'
import { errorXml, noSuchBucket, notImplemented, OssError } from './errors'
import { describeFault, faultStatus } from './faults'
import { bodyLength, corruptedBody, describeBodyFault, faultOffset, sendCut } from './body-faults'
import { Query } from './query'
import { corruptStoredObject } from './stored-faults'
import { repeatContinuationToken } from './list-faults'
import { newRequestId } from './request-id'
import { checkAddressing, checkRequestedAcl } from './profiles'
import { pickHandler } from './routes'
import { serverNow, type ServerState } from './state'
import type { LoggedRequest } from './types'

export function createRequestListener(state: ServerState): RequestListener {
  return (req, res) => {
    handleRequest(state, req, res).catch((error: unknown) => {
      console.error('[oss-server] unexpected failure while answering a request:', error)
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  }
}

async function handleRequest(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/'
  const queryStart = url.indexOf('?')
  const path = queryStart < 0 ? url : url.slice(0, queryStart)
  const rawQuery = queryStart < 0 ? '' : url.slice(queryStart + 1)
  if (path.startsWith(ADMIN_PREFIX)) return handleAdmin(state, req, res, path)

  const method = (req.method ?? 'GET').toUpperCase()
  const entry = state.log.start({
    method,
    query: rawQuery,
    status: 0,
    requestId: newRequestId(),
    bytesIn: 0,
    bytesOut: 0,
    headers: flattenHeaders(req)
  })
  const countBytesIn = (n: number): void => {
    entry.bytesIn += n
  }
  res.once('close', () => state.log.settle(entry))

  let reply: Reply
  let dropResponse = false
  let holdAnswer = false
  try {
    const fault = state.faults.next({ method, key: targetOf(state, req, path).key, query: new Query(rawQuery) })
    if (fault) {
      entry.fault = describeFault(fault)
      if (fault.kind === 'status') {
        const { status, code } = faultStatus(fault)
        throw new OssError(status, code, `The local OSS server injected this ${status} ${code} fault.`)
      }
      if (fault.kind === 'reset') {
        await discardBody(req, countBytesIn)
        state.log.finish(entry)
        req.socket.destroy()
        return
      }
      if (fault.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0))
      dropResponse = fault.kind === 'drop-response'
      holdAnswer = fault.kind === 'hold'
    }
    const corrupt = fault?.kind === 'corrupt-request' ? { atByte: fault.atByte } : undefined
    reply = await serveOss(state, req, path, rawQuery, entry, countBytesIn, corrupt)
    if (fault?.kind === 'corrupt-stored' && entry.bucket !== undefined && entry.key !== undefined) {
      const bucket = state.store.bucket(entry.bucket)
      if (bucket) reply = corruptStoredObject(bucket, entry.key, reply, fault.atByte)
    }
    if (fault?.kind === 'repeat-token') reply = repeatContinuationToken(reply, new Query(rawQuery))
    await discardBody(req, countBytesIn)
  } catch (error) {
    await discardBody(req, countBytesIn)
    reply = errorReply(asOssError(error), entry, req.headers.host ?? '', method)
  }
  if (holdAnswer && (await state.holds.wait(req)) === 'client gave up') {
    entry.fault = 'hold (the client gave up)'
    state.log.finish(entry)
    return
  }
  if (dropResponse) {
    state.log.finish(entry)
    req.socket.destroy()
    return
  }
  const bodyFault = method === 'GET' && entry.key && reply.status === 200 ? state.faults.nextBodyFault(entry.key) : undefined
  if (bodyFault?.kind === 'cut-body') return sendCut(res, reply, entry, faultOffset(bodyFault, bodyLength(reply)), () => state.log.finish(entry))
  if (bodyFault?.kind === 'corrupt-body') {
    entry.fault = describeBodyFault(bodyFault)
    reply = { ...reply, body: corruptedBody(reply, faultOffset(bodyFault, bodyLength(reply))) }
  }
  send(res, reply, entry, method, serverNow(state))
  state.log.finish(entry)
}

async function serveOss(
  state: ServerState,
  req: IncomingMessage,
  path: string,
  rawQuery: string,
  entry: LoggedRequest,
  countBytesIn: (n: number) => void,
  corrupt?: { atByte?: number }
): Promise<Reply> {
  const target = targetOf(state, req, path)
  entry.bucket = target.bucketName
  entry.key = target.key || undefined
  if (!target.bucketName) throw notImplemented('Service-level requests (ListBuckets)')
  const bucket = state.store.bucket(target.bucketName)
  if (!bucket) throw noSuchBucket(target.bucketName)
  if (target.hostRegion && target.hostRegion !== bucket.region) throw wrongEndpoint(bucket.name, bucket.region)
  checkAddressing(state.profile, target, bucket.region)

  const query = new Query(rawQuery)
  const now = serverNow(state)
  const outcome = authenticate(
    {
      method: entry.method,
      headers: entry.headers,
      query,
      bucket,
      key: target.key,
      now,
      credentials: state.credentials
    },
    state.profile.v1Refused
  )
  if (outcome.kind === 'anonymous') checkAnonymousAccess(entry.method, bucket, target.key, state.profile.blockPublicAccess)
  checkRequestedAcl(state.profile, entry.headers)

  const handler = pickHandler(entry.method, target.key, query)
  const ctx: RequestContext = {
    method: entry.method,
    bucket,
    key: target.key,
    query,
    headers: entry.headers,
    bucketHost: `${bucket.name}.${bucket.region}.aliyuncs.com`,
    now,
    receiveBody: () => receiveBody(req, countBytesIn).then((body) => (corrupt ? corruptedInTransit(body, corrupt.atByte) : body)),
    othersInFlight: () => state.log.inFlight(entry)
  }
  return handler(ctx)
}

function targetOf(state: ServerState, req: IncomingMessage, path: string): ReturnType<typeof resolveTarget> {
  return state.pathStyleOnly
    ? resolvePathStyleOnly(req.headers.host, path, (name) => state.store.bucket(name) !== undefined)
    : resolveTarget(req.headers.host, path, state.cnameBucket)
}

function errorReply(error: OssError, entry: LoggedRequest, host: string, method: string): Reply {
  entry.code = error.code
  const xml = errorXml(error, entry.requestId, host)
  const headers: Record<string, string> = { 'Content-Type': 'application/xml' }
  if (error.ec) headers['x-oss-ec'] = error.ec
  // A HEAD answer has no body, so OSS also sends the error document base64-encoded in x-oss-err (ali-oss reads it).
  if (method === 'HEAD') headers['x-oss-err'] = Buffer.from(xml).toString('base64')
  return { status: error.status, headers, body: xml }
}

function asOssError(error: unknown): OssError {
  if (error instanceof OssError) return error
  console.error('[oss-server] internal error:', error)
  return new OssError(500, 'InternalError', 'We encountered an internal error. Please try again.')
}

function send(res: ServerResponse, reply: Reply, entry: LoggedRequest, method: string, now: Date): void {
  const chunks = typeof reply.body === 'string' ? [Buffer.from(reply.body)] : Buffer.isBuffer(reply.body) ? [reply.body] : (reply.body ?? [])
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0)
  const hasBody = method !== 'HEAD' && reply.status !== 204 && reply.status !== 304

  res.statusCode = reply.status
  res.setHeader('Server', 'AliyunOSS')
  res.setHeader('Date', now.toUTCString())
  res.setHeader('x-oss-request-id', entry.requestId)
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value)
  if (reply.status !== 204 && !res.hasHeader('Content-Length')) res.setHeader('Content-Length', String(length))

  entry.status = reply.status
  entry.bytesOut = hasBody ? length : 0
  if (hasBody) for (const chunk of chunks) res.write(chunk)
  res.end()
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value
  }
  return headers
}
