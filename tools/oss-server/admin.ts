// Admin HTTP API under /__admin/, for a server running in another process (benchmarks, npm start).
// Bucket names cannot contain '_', so these paths never clash with path-style bucket requests.
// Admin requests need no signature and are not logged.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ServerState } from './state'
import type { FaultSpec, LoggedRequest } from './types'

export const ADMIN_PREFIX = '/__admin/'

export async function handleAdmin(state: ServerState, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const route = `${req.method} ${path.slice(ADMIN_PREFIX.length)}`
  try {
    switch (route) {
      case 'GET stats':
        return sendJson(res, 200, { ...state.log.stats(), objects: state.store.objectCount(), storedBytes: state.store.storedBytes() })
      case 'GET log':
        return sendJson(res, 200, state.log.entries.map(withoutSecrets))
      case 'POST reset-log':
        state.log.clear()
        return sendJson(res, 200, { ok: true })
      case 'POST faults': {
        const faults = await readJson(req)
        if (!Array.isArray(faults)) return sendJson(res, 400, { error: 'Expected a JSON array of FaultSpec.' })
        state.faults.clear()
        state.faults.inject(faults as FaultSpec[])
        return sendJson(res, 200, { ok: true, faults: faults.length })
      }
      case 'DELETE faults':
        state.faults.clear()
        return sendJson(res, 200, { ok: true })
      case 'POST clear':
        state.store.clear()
        return sendJson(res, 200, { ok: true })
      default:
        return sendJson(res, 404, {
          error: `Unknown admin route ${route}. Routes: GET stats, GET log, POST reset-log, POST faults, DELETE faults, POST clear.`
        })
    }
  } catch (error) {
    return sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) })
  }
}

/** The log without the signature in Authorization (its scheme stays) and without STS tokens. */
function withoutSecrets(entry: LoggedRequest): LoggedRequest {
  const headers = { ...entry.headers }
  if (headers['authorization']) headers['authorization'] = headers['authorization'].split(' ')[0] ?? ''
  if (headers['x-oss-security-token']) headers['x-oss-security-token'] = '[redacted]'
  return { ...entry, headers }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? JSON.parse(text) : undefined
}
