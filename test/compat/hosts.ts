/** The PicGo cores users run, each on the Node it runs on (README's compatibility table; DESIGN.md §5). */
export interface Host {
  /** Folder and test name. */
  id: string
  /** The npm package of the core, and its version. */
  core: { name: 'picgo' | 'piclist'; version: string }
  node: string
  /** Who runs this core. */
  usedBy: string
  /** `picgo server` (POST /upload) exists from picgo 2.0. */
  hasServer: boolean
  /** npm overrides for the core's own install: piclist 0.3.2's sharp 0.31 downloads libvips from outside the registry. */
  overrides?: Record<string, string>
  /**
   * What the plugin cannot use there: sharp (its engines start at Node 18.17; the plugin then uploads with the lossless
   * metadata strip) and PicGo's i18n (picgo 1.5 added it; the form is then in English).
   */
  lacks?: ReadonlyArray<'sharp' | 'i18n'>
}

export const HOSTS: readonly Host[] = [
  {
    id: 'picgo-1.4.26-node-12.22.12',
    core: { name: 'picgo', version: '1.4.26' },
    node: '12.22.12',
    usedBy: 'Typora "PicGo-Core (command line)"',
    hasServer: false,
    lacks: ['sharp', 'i18n']
  },
  { id: 'picgo-1.5.11-node-16.9.1', core: { name: 'picgo', version: '1.5.11' }, node: '16.9.1', usedBy: 'PicGo app 2.3.1, 2.4.0', hasServer: false },
  { id: 'picgo-1.6.4-node-22.19.0', core: { name: 'picgo', version: '1.6.4' }, node: '22.19.0', usedBy: 'PicGo app 2.4.1, 2.4.2', hasServer: false },
  { id: 'picgo-1.8.1-node-22.19.0', core: { name: 'picgo', version: '1.8.1' }, node: '22.19.0', usedBy: 'PicGo app 2.4.3', hasServer: false },
  { id: 'picgo-2.0.3-node-22.19.0', core: { name: 'picgo', version: '2.0.3' }, node: '22.19.0', usedBy: 'PicGo app 2.5.x', hasServer: true },
  { id: 'picgo-3.0.2-node-22.19.0', core: { name: 'picgo', version: '3.0.2' }, node: '22.19.0', usedBy: 'PicGo app 3.0.x', hasServer: true },
  { id: 'picgo-3.1.0-node-20.19.0', core: { name: 'picgo', version: '3.1.0' }, node: '20.19.0', usedBy: 'picgo CLI from npm', hasServer: true },
  {
    id: 'piclist-0.3.2-node-20.19.0',
    core: { name: 'piclist', version: '0.3.2' },
    node: '20.19.0',
    usedBy: 'PicList core from npm',
    hasServer: false,
    overrides: { sharp: '0.35.5' }
  }
]
