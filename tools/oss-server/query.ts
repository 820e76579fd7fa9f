/** One decoded query parameter; `name=` and a bare `name` both have value ''. */
export interface QueryParam {
  name: string
  value: string
}

/** Decoded query parameters in the order they were sent. */
export class Query {
  readonly params: readonly QueryParam[]

  constructor(readonly raw: string) {
    this.params = raw === '' ? [] : raw.split('&').filter(Boolean).map(parseParam)
  }

  has(name: string): boolean {
    return this.params.some((param) => param.name === name)
  }

  get(name: string): string | undefined {
    return this.params.find((param) => param.name === name)?.value
  }
}

function parseParam(pair: string): QueryParam {
  const equals = pair.indexOf('=')
  const name = equals < 0 ? pair : pair.slice(0, equals)
  const value = equals < 0 ? '' : pair.slice(equals + 1)
  return { name: decodeLeniently(name), value: decodeLeniently(value) }
}

// Clients percent-encode everything (a '+' arrives as %2B), so '+' is kept literally.
function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
