/** The YAML front matter at the top of a Markdown file (`---` … `---` or `...`), as Typora and static site tools write it. */
const FRONT_MATTER = /^---[ \t]*(\r\n|\r|\n)([\s\S]*?)(\r\n|\r|\n)(---|\.\.\.)[ \t]*(?=\r\n|\r|\n|$)/

export interface FrontMatter {
  /** Where the front matter ends (0 without one). */
  end: number
  /** Typora's `typora-root-url`: the folder that targets starting with "/" are relative to. */
  rootUrl?: string
}

export function frontMatterOf(text: string): FrontMatter {
  const match = FRONT_MATTER.exec(text)
  if (match === null) return { end: 0 }
  const root = /^typora-root-url:[ \t]*(.*?)[ \t]*$/m.exec(match[2] ?? '')?.[1]
  return { end: match[0].length, rootUrl: root === undefined || root === '' ? undefined : unquote(root) }
}

/**
 * The text with its front matter blanked out (every character but line breaks made a space): the Markdown parser
 * then sees blank lines, not a thematic break and a heading, and offsets and line numbers stay those of the file.
 */
export function withoutFrontMatter(text: string, matter: FrontMatter): string {
  if (matter.end === 0) return text
  return text.slice(0, matter.end).replace(/[^\r\n]/g, ' ') + text.slice(matter.end)
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value)
  return quoted?.[2] ?? value
}
