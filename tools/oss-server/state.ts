import type { FaultInjector } from './faults'
import type { Holds } from './holds'
import type { RequestLog } from './request-log'
import type { Store } from './store'
import type { OssProfile } from './profiles'
import type { Credential } from './types'

/** Everything a running server holds; shared by the OSS request pipeline and the admin API. */
export interface ServerState {
  store: Store
  log: RequestLog
  faults: FaultInjector
  holds: Holds
  credentials: readonly Credential[]
  cnameBucket: string
  pathStyleOnly: boolean
  clockSkewMs: number
  profile: OssProfile
}

export function serverNow(state: ServerState): Date {
  return new Date(Date.now() + state.clockSkewMs)
}
