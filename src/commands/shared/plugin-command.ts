import type { IPicGo } from 'picgo'
import { PLUGIN_ID } from '../../plugin-id'

type Program = IPicGo['cmd']['program']

/** `picgo aliyun-oss-plus`: the one parent of the plugin's subcommands (check, backup, restore), made by whoever comes first. */
export function pluginCommand(program: Program): Program {
  return program.commands.find((command) => command.name() === PLUGIN_ID) ?? program.command(PLUGIN_ID).description('Aliyun OSS Plus tools')
}
