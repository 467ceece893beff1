/** The result code a use-case call that must fail was refused with ('no error' when it succeeded). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return (e as { code?: string }).code ?? String(e)
  }
  return 'no error'
}
