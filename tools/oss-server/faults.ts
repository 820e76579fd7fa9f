// Fault injection: each request consults the active FaultSpecs in order; the first that matches and
// fires decides the fault. Rates draw from a seeded generator so a run can be replayed exactly.
import type { Query } from './query'
import type { FaultSpec } from './types'
import { seededRandom } from '../seeded-random'
import { describeBodyFault, isBodyFault, validateBodyFault } from './body-faults'

interface ActiveFault {
  spec: FaultSpec
  remaining: number
}

export class FaultInjector {
  private active: ActiveFault[] = []
  private readonly random: () => number

  constructor(seed: number) {
    this.random = seededRandom(seed)
  }

  inject(specs: readonly FaultSpec[]): void {
    for (const spec of specs) {
      validateFault(spec)
      if (isBodyFault(spec)) this.body.push({ spec, remaining: spec.count ?? Infinity })
      else this.active.push({ spec, remaining: spec.count ?? Infinity })
    }
  }

  clear(): void {
    this.active = []
    this.body = []
  }

  /** The fault to apply to this request, if any. */
  next(request: FaultTarget): FaultSpec | undefined {
    for (const fault of this.active) {
      const { spec } = fault
      if (fault.remaining <= 0 || !matches(spec, request)) continue
      if (spec.rate !== undefined && this.random() >= spec.rate) continue
      fault.remaining--
      if (fault.remaining <= 0) this.active = this.active.filter((candidate) => candidate !== fault)
      return spec
    }
    return undefined
  }

  // --- Body faults (issue 17, backups): drawn only for object GETs answered 200, see body-faults.ts. ---
  private body: ActiveFault[] = []

  /** The body fault to apply to this object GET's answer, if any. */
  nextBodyFault(key: string): FaultSpec | undefined {
    for (const fault of this.body) {
      if (fault.remaining <= 0 || (fault.spec.key !== undefined && fault.spec.key !== key)) continue
      if (fault.spec.rate !== undefined && this.random() >= fault.spec.rate) continue
      fault.remaining--
      if (fault.remaining <= 0) this.body = this.body.filter((candidate) => candidate !== fault)
      return fault.spec
    }
    return undefined
  }
}

/** What a request fault can be aimed at. */
export interface FaultTarget {
  method: string
  key: string
  query: Query
}

function matches(spec: FaultSpec, request: FaultTarget): boolean {
  if (spec.methods && !spec.methods.some((allowed) => allowed.toUpperCase() === request.method)) return false
  if (spec.key !== undefined && spec.key !== request.key) return false
  return Object.entries(spec.query ?? {}).every(([name, value]) => request.query.has(name) && (value === '' || request.query.get(name) === value))
}

export function describeFault(spec: FaultSpec): string {
  switch (spec.kind) {
    case 'status': {
      const { status, code } = faultStatus(spec)
      return `status ${status} ${code}`
    }
    case 'reset':
      return 'reset'
    case 'delay':
      return `delay ${spec.delayMs ?? 0}ms`
    case 'corrupt-request':
      return `corrupt request byte ${spec.atByte ?? 'middle'}`
    case 'drop-response':
      return 'drop response'
    case 'hold':
      return 'hold'
    case 'corrupt-stored':
      return `corrupt stored byte ${spec.atByte ?? 'middle'}`
    case 'corrupt-body':
    case 'cut-body':
      return describeBodyFault(spec)
    case 'repeat-token':
      return 'repeat continuation token'
  }
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'InvalidArgument',
  403: 'AccessDenied',
  404: 'NoSuchKey',
  409: 'FileAlreadyExists',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout'
}

export function faultStatus(spec: FaultSpec): { status: number; code: string } {
  const status = spec.status ?? 503
  return { status, code: spec.code ?? CODE_BY_STATUS[status] ?? 'InjectedFault' }
}

function validateFault(spec: FaultSpec): void {
  const fail = (what: string, value: unknown): never => {
    throw new Error(`[oss-server] Expected ${what} but received ${JSON.stringify(value)}.`)
  }
  const kinds = ['status', 'reset', 'delay', 'corrupt-request', 'drop-response', 'corrupt-stored', 'corrupt-body', 'cut-body', 'hold', 'repeat-token']
  if (!kinds.includes(spec.kind)) fail(`fault kind ${kinds.map((kind) => `'${kind}'`).join(', ')}`, spec.kind)
  validateBodyFault(spec, fail)
  if (spec.rate !== undefined && !(spec.rate >= 0 && spec.rate <= 1)) fail('fault rate between 0 and 1', spec.rate)
  if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count >= 0)) fail('fault count as a non-negative integer', spec.count)
  if (spec.status !== undefined && !(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599))
    fail('fault status between 400 and 599', spec.status)
  if (spec.query !== undefined && (typeof spec.query !== 'object' || Object.values(spec.query).some((v) => typeof v !== 'string')))
    fail('fault query as an object of strings', spec.query)
  if (spec.delayMs !== undefined && !(spec.delayMs >= 0)) fail('fault delayMs >= 0', spec.delayMs)
}
