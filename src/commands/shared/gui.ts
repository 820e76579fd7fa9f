import type { IPicGo } from 'picgo'

/**
 * The part of PicGo GUI's guiApi the plugin's menus use (PicGo GUI src/main/apis/gui/index.ts). Each part may be
 * missing: PicList and older apps pass less, and the command line passes none.
 */
export interface GuiApi {
  /** Electron's open dialog: a path, a list of paths, or nothing when cancelled (the return type changed across PicGo versions). */
  showFileExplorer?: (options: { title?: string; properties: string[] }) => Promise<string | string[] | undefined>
  showNotification?: (options: { title: string; body: string }) => void
  showMessageBox?: (options: { title: string; message: string; type: string; buttons: string[] }) => Promise<unknown>
}

export interface Messenger {
  /** A notification: the GUI's own, or PicGo's notification event where there is none. */
  note(title: string, body: string): void
  /** A message box; the index of the button chosen, or undefined where no box can be shown (then it is a notification). */
  box(title: string, message: string, type: 'info' | 'error' | 'question', buttons?: readonly string[]): Promise<number | undefined>
  /** A folder picked in the open dialog; undefined when cancelled or where there is no dialog. */
  pickFolder(title: string, properties: string[]): Promise<string | undefined>
}

export function messengerFor(ctx: Pick<IPicGo, 'emit'>, guiApi: GuiApi | undefined): Messenger {
  const note = (title: string, body: string): void => {
    if (typeof guiApi?.showNotification === 'function') guiApi.showNotification({ title, body })
    else ctx.emit('notification', { title, body })
  }
  return {
    note,
    box: async (title, message, type, buttons = ['OK']) => {
      if (typeof guiApi?.showMessageBox !== 'function') {
        note(title, message)
        return undefined
      }
      const answer = await guiApi.showMessageBox({ title, message, type, buttons: [...buttons] })
      return typeof answer === 'object' && answer !== null ? (answer as { result?: number }).result : undefined
    },
    pickFolder: async (title, properties) => {
      const chosen = await guiApi?.showFileExplorer?.({ title, properties })
      const folder = Array.isArray(chosen) ? chosen[0] : chosen
      return typeof folder === 'string' && folder !== '' ? folder : undefined
    }
  }
}
