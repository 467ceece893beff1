import { parseArgs } from 'node:util'
import { RuleViolation } from '../domain/shared/index.js'
import { EXIT, exitCodeOf } from './exit-codes.js'
import { COMMANDS, type Command } from './commands.js'
import { violationText } from './violation-text.js'

const USAGE = `tdcs — tín dụng chính sách xã hội

Usage: tdcs <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 1)} ${c.summary}`).join('\n')}

Run 'tdcs <command> --help' for a command's options.
Environment: DATABASE_URL (PostgreSQL; otherwise embedded PGlite in TDCS_DATA_DIR, default ./data/pglite).`

async function main(argv: string[]): Promise<number> {
  const name = argv[0] && argv[1] && !argv[1].startsWith('-') && `${argv[0]} ${argv[1]}` in COMMANDS ? `${argv[0]} ${argv[1]}` : argv[0]
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE)
    return name ? EXIT.ok : EXIT.usage
  }
  const command: Command | undefined = COMMANDS[name]
  if (!command) {
    console.error(`Unknown command '${name}'.\n\n${USAGE}`)
    return EXIT.usage
  }
  const rest = argv.slice(name.split(' ').length)
  let parsed
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: command.positionals !== undefined, strict: true })
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${command.help}`)
    return EXIT.usage
  }
  if (parsed.values.help) {
    console.log(command.help)
    return EXIT.ok
  }
  try {
    return await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals)
  } catch (error) {
    if (error instanceof RuleViolation) {
      console.error(violationText(error))
      return exitCodeOf(error.code)
    }
    console.error(error)
    return EXIT.internal
  }
}

const code = await main(process.argv.slice(2))
// `serve` keeps running: it resolves to -1 and leaves the process to its signal handlers.
if (code >= 0) process.exit(code)
