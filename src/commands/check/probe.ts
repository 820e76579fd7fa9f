import { createHash, randomBytes } from 'crypto'
import { randomUuid } from '../../naming/random-uuid'
import { type Settings, withProxy } from '../../settings/config'
import { settingsWarnings, uploadSettings } from '../../settings/advice'
import { messageOf, printable } from '../../errors'
import { PLUGIN_ID } from '../../plugin-id'
import { redact } from '../../errors/redact'
import { renderKeyTemplate } from '../../naming/key-template'
import { toObjectKey } from '../../naming/object-key'
import { errorCode, PLAIN_HTTP_ANSWER, toPluginError } from '../../oss/oss-error'
import { isProxyFailure } from '../../proxy/failure'
import { bufferBody } from '../../oss/body'
import { contentOf } from '../../oss/evidence'
import { getObject, type ReadContext } from '../../oss/get'
import { deleteObject, openBucket, putObject, type StoreContext } from '../../oss/store'
import { objectUrl } from '../../uploader/url'
import { contentDigest } from '../../transformers/hash-name'
import { getUrl, type HttpResponse } from '../shared/http-get'

export type CheckStepName = 'settings' | 'signature' | 'write' | 'read' | 'url' | 'delete'

export interface CheckStep {
  step: CheckStepName
  ok: boolean
  /** What was verified, or what failed and what to fix. Never holds a secret. */
  detail: string
}

export interface CheckOptions {
  /** Called as each step finishes, so a caller can show progress. */
  onStep?: (result: CheckStep) => void
  /** PicGo's proxy setting ("picBed.proxy"), as PicGo holds it. */
  proxy?: unknown
}

// A 1×1 PNG: an image, so an image style in "urlSuffix" (?x-oss-process=style/…) applies to it as to uploads.
const PROBE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

/**
 * Checks that uploads can work with these settings, as the uploader would do them: a signed request is accepted
 * (credentials, bucket, region, endpoint), a probe object is written under "path", read back byte for byte, served
 * at the URL an upload would return, and deleted again.
 */
export async function checkConnection(settings: Settings, options: CheckOptions = {}): Promise<CheckStep[]> {
  const steps: CheckStep[] = []
  const record = (step: CheckStepName, ok: boolean, detail: string): boolean => {
    const result = { step, ok, detail }
    steps.push(result)
    options.onStep?.(result)
    return ok
  }
  const probe = new Probe(settings, probeKey(settings))
  if (!record('signature', ...(await probe.signature()))) return steps
  if (!record('write', ...(await probe.write()))) return steps
  record('read', ...(await probe.read()))
  record('url', ...(await probe.url()))
  record('delete', ...(await probe.remove()))
  return steps
}

/** Resolves PicGo's stored settings first: bad settings are the first failed step, not an exception. */
export async function checkConfigured(raw: unknown, options: CheckOptions = {}): Promise<CheckStep[]> {
  let settings: Settings
  try {
    settings = withProxy(uploadSettings(raw), options.proxy)
  } catch (error) {
    const result: CheckStep = { step: 'settings', ok: false, detail: messageOf(error) }
    options.onStep?.(result)
    return [result]
  }
  const warnings = settingsWarnings(settings)
  if (warnings.length === 0) return checkConnection(settings, options)
  const advice: CheckStep = { step: 'settings', ok: true, detail: `usable, but ${warnings.join('; ')}` }
  options.onStep?.(advice)
  return [advice, ...(await checkConnection(settings, options))]
}

export const allPassed = (steps: readonly CheckStep[]): boolean => steps.length > 0 && steps.every((s) => s.ok)

/** "<path>.aliyun-oss-plus-check-<random>.png", placeholders in "path" filled as for an upload now. */
function probeKey(settings: Settings): string {
  const random = randomBytes(6).toString('hex')
  const path = renderKeyTemplate(settings.path, {
    sha256Hex: createHash('sha256').update(PROBE).digest('hex'),
    md5Hex: createHash('md5').update(PROBE).digest('hex'),
    name: 'probe',
    ext: 'png',
    date: new Date(),
    uuid: randomUuid()
  })
  return toObjectKey(`${path}.${PLUGIN_ID}-check-${random}.png`)
}

type Outcome = [ok: boolean, detail: string]

class Probe {
  /** The probe's key as messages show it. */
  private readonly shownKey: string
  private readonly store: StoreContext
  /** Reads are asked once: the first answer is the one to report, so a wrong endpoint or secret shows at once. */
  private readonly reads: ReadContext

  constructor(
    private readonly settings: Settings,
    private readonly key: string
  ) {
    this.shownKey = printable(key)
    this.store = openBucket(settings, 'connection check')
    this.reads = { ...this.store, retry: { ...this.store.retry, retries: 0 } }
  }

  /** GET of a key that does not exist: OSS answers NoSuchKey only after accepting the signature and finding the bucket. */
  async signature(): Promise<Outcome> {
    const { settings } = this
    try {
      await getObject(this.reads, this.key)
      return [false, `${this.shownKey} unexpectedly exists; run the check again`]
    } catch (error) {
      if (errorCode(error) !== 'NoSuchKey') return this.failure('GET', error)
    }
    const endpoint = settings.endpoint || `https://${settings.region}.aliyuncs.com`
    return [
      true,
      `OSS at ${endpoint} accepted the ${settings.signatureVersion.toUpperCase()} signature of ` +
        `AccessKey ${settings.accessKeyId}; bucket "${settings.bucket}" answers in ${settings.region}`
    ]
  }

  /** Written as an upload is, through the uploader's own store: Content-MD5, x-oss-forbid-overwrite, its headers, the CRC-64 check. */
  async write(): Promise<Outcome> {
    try {
      const content = contentOf(PROBE, contentDigest(PROBE))
      const outcome = await putObject(this.store, { key: this.key, body: bufferBody(PROBE), content, contentType: 'image/png' })
      if (outcome === 'occupied') return [false, `${this.shownKey} unexpectedly exists; run the check again`]
      return [true, `stored ${this.shownKey} (${PROBE.length} bytes)`]
    } catch (error) {
      return this.failure('PUT', error)
    }
  }

  async read(): Promise<Outcome> {
    let body: Buffer
    try {
      body = await getObject(this.reads, this.key)
    } catch (error) {
      return this.failure('GET', error)
    }
    return body.equals(PROBE)
      ? [true, `read ${this.shownKey} back: the same ${PROBE.length} bytes`]
      : [
          false,
          `read ${this.shownKey} back as ${body.length} bytes that differ from the ${PROBE.length} written: a proxy or the endpoint alters objects; check "endpoint"`
        ]
  }

  /** The URL an upload would return must be absolute, space-free (Typora) and serve the object. */
  async url(): Promise<Outcome> {
    let url: string
    try {
      url = await objectUrl(this.settings, this.key)
    } catch (error) {
      return [false, messageOf(error)]
    }
    // The URL uploads will return, shown so it can be compared; only the signature parts are hidden.
    const shown = printable(redact(url, this.store.secrets))
    if (!/^https?:\/\/\S+$/.test(url)) return [false, `${shown} is not an absolute http(s) URL without spaces: check "customUrl"`]
    let response: HttpResponse
    try {
      response = await getUrl(url, this.settings.timeout, { proxy: this.settings.proxy })
    } catch (error) {
      if (isProxyFailure(error)) return [false, `GET ${shown}: ${redact((error as Error).message, this.store.secrets)}`]
      const code = (error as { code?: string }).code ?? (error as Error).name
      if (PLAIN_HTTP_ANSWER.test(messageOf(error))) {
        return [
          false,
          `GET ${shown}: the server speaks plain HTTP, not HTTPS: write "http://" instead of "https://" in "customUrl" (or enable TLS on that server)`
        ]
      }
      return [false, `GET ${shown}: ${code}: the URL does not answer; check "customUrl" (its DNS/CDN must point at bucket "${this.settings.bucket}")`]
    }
    const { body, status } = response
    if (status < 200 || status > 299) {
      const answer = ossAnswer(body)
      return [false, `GET ${shown}: ${status}${answer.shown}: ${this.urlHint(status, answer.code)}`]
    }
    const processed = /[?&]x-oss-process=/.test(url) && response.contentType.startsWith('image/')
    if (!body.equals(PROBE) && !processed) {
      return [false, `GET ${shown} answered ${body.length} bytes that are not the probe: check that "customUrl" points at bucket "${this.settings.bucket}"`]
    }
    return [true, `${shown} serves the probe${this.settings.signedUrlExpires > 0 ? ` (signed, valid ${this.settings.signedUrlExpires} s)` : ''}`]
  }

  async remove(): Promise<Outcome> {
    try {
      await deleteObject(this.store, this.key)
      return [true, `deleted ${this.shownKey}`]
    } catch (error) {
      const [, detail] = this.failure('DELETE', error)
      return [false, `${detail}. The probe ${this.shownKey} is left in the bucket: delete it in the OSS console`]
    }
  }

  private urlHint(status: number, code: string | undefined): string {
    if (code === 'PublicEndpointForbidden') {
      return 'this account\'s mainland bucket refuses reads on its default domain: set "customUrl" to the custom domain bound to the bucket'
    }
    if (status === 403 && this.settings.signedUrlExpires === 0) {
      // Since 2025-10-13 new buckets have Block Public Access on: anonymous reads fail even with a public-read ACL.
      return (
        'the bucket does not allow public reads: set "signedUrlExpires" above 0 for signed URLs, or make the bucket public-read ' +
        'and, if Block Public Access is on (the default for new buckets since 2025-10-13), turn it off in the OSS console (Bucket > Permission Control)'
      )
    }
    if (status === 403) return 'OSS refused the signed URL: check "customUrl" is a domain bound to the bucket, and the system clock'
    if (status === 404) return `the URL does not reach the object: check that "customUrl" points at bucket "${this.settings.bucket}"`
    return 'check "customUrl" and "urlSuffix"'
  }

  private failure(operation: string, error: unknown): Outcome {
    return [false, messageOf(toPluginError(error, { operation, key: this.key, secrets: this.store.secrets }))]
  }
}

/** The code of an OSS error document, and " NoSuchKey (request id …, EC …)" to show, or "". */
function ossAnswer(body: Buffer): { code?: string; shown: string } {
  const text = body.subarray(0, 4096).toString('utf8')
  const [code, requestId, ec] = ['Code', 'RequestId', 'EC'].map((tag) => new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(text)?.[1])
  const details = [requestId && `request id ${requestId}`, ec && `EC ${ec}`].filter(Boolean).join(', ')
  return { code, shown: code ? ` ${printable(code)}${details ? ` (${printable(details)})` : ''}` : '' }
}
