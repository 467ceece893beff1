/** A bound on what a command reads from stdin: a survey is a few kilobytes. */
const STDIN_MAX_BYTES = 1024 * 1024

/** Reads all of stdin as UTF-8 text (up to 1 MiB), e.g. a JSON document piped into a command. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    size += buffer.length
    if (size > STDIN_MAX_BYTES) throw new Error(`stdin is larger than ${STDIN_MAX_BYTES} bytes`)
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}
