import { spawn } from 'node:child_process'
import { PassThrough, Writable } from 'node:stream'

/** inquirer 6 ships no types; this is the part used here. */
interface Inquirer {
  createPromptModule(options: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): (questions: object[]) => Promise<Record<string, unknown>>
}
const inquirer = require('inquirer') as Inquirer

/** A question as it appears, and what the user types at it (a trailing newline is added). */
export type Reply = [questionStart: string, typed: string]

/**
 * Puts questions to PicGo's own inquirer (6.5, what `picgo set uploader` uses) on a fake terminal, and answers each
 * when it appears on screen, as a user at the keyboard would. Fails when a question comes that has no reply.
 */
export async function answer(questions: object[], replies: readonly Reply[]): Promise<{ answers: Record<string, unknown>; screen: string }> {
  const input = new PassThrough()
  let screen = ''
  let next = 0
  let seenUpTo = 0
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      screen += chunk.toString()
      const reply = replies[next]
      const shown = screen.indexOf(`? ${reply?.[0] ?? '\u0000'}`, seenUpTo)
      if (reply && shown >= 0) {
        next++
        seenUpTo = shown + 1
        setImmediate(() => input.write(`${reply[1]}\n`))
      }
      done()
    }
  })
  const prompt = inquirer.createPromptModule({ input, output })
  const answers = await prompt(questions)
  input.end()
  if (next !== replies.length) throw new Error(`only ${next} of ${replies.length} replies were asked for:\n${screen}`)
  return { answers, screen: screen.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '') }
}

const QUIET_MS = 15_000

/**
 * Runs a real CLI (node <script> args) with its stdin a pipe, and types each reply once its question is on screen.
 * Resolves with what it printed (escape sequences removed) and its exit code; fails when a reply is never asked for.
 */
export function answerCli(script: string, args: string[], cwd: string, replies: readonly Reply[]): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['pipe', 'pipe', 'pipe'] })
    let screen = ''
    let next = 0
    let seenUpTo = 0
    // A question nobody answers would wait forever: stop the CLI once it has been quiet that long.
    let idle = setTimeout(() => child.kill(), QUIET_MS)
    const onOutput = (chunk: Buffer): void => {
      clearTimeout(idle)
      idle = setTimeout(() => child.kill(), QUIET_MS)
      screen += chunk.toString()
      const reply = replies[next]
      const shown = reply ? screen.indexOf(`? ${reply[0]}`, seenUpTo) : -1
      if (reply && shown >= 0) {
        next++
        seenUpTo = shown + 1
        setTimeout(() => child.stdin.write(`${reply[1]}\n`), 50)
      }
    }
    child.stdout.on('data', onOutput)
    child.stderr.on('data', onOutput)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(idle)
      const clean = screen.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
      if (next !== replies.length) reject(new Error(`only ${next} of ${replies.length} replies were asked for:\n${clean}`))
      else resolve({ code, screen: clean })
    })
  })
}
