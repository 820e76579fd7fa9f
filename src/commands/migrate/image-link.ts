/** How a target is written, which decides how a new one must be written in its place. */
export type LinkForm = 'bare' | 'angle' | 'html-double' | 'html-single' | 'html-unquoted'

/** One image target in a Markdown text: where its characters are, and what it means. */
export interface ImageLink {
  /** Offsets in the text of the target's characters only (inside <…> or quotes). */
  start: number
  end: number
  /** The target decoded: Markdown escapes and character references resolved. */
  target: string
  form: LinkForm
  line: number
  /** Written by an editor's own rules rather than CommonMark's: resolved and reported as that editor reads it. */
  syntax?: 'typora' | 'obsidian'
  /** Text written around the new URL, when the characters replaced are more than the target (an Obsidian embed). */
  around?: readonly [string, string]
}
