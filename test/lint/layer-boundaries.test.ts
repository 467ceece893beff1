import { ESLint } from 'eslint'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const eslint = new ESLint({ cwd: ROOT })

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'tdcs/layer-boundaries').map((m) => m.message)
}

describe('the layer-boundaries lint rule', () => {
  it('keeps the domain pure', async () => {
    expect(await boundaryErrors('src/domain/loans/x.ts', "import { connect } from '../../db/connect.js'\nexport const y = connect\n")).toHaveLength(1)
    expect(await boundaryErrors('src/domain/loans/x.ts', "import { readFileSync } from 'node:fs'\nexport const y = readFileSync\n")).toHaveLength(1)
  })

  it('keeps SQL out of the API and the CLI', async () => {
    expect(await boundaryErrors('src/api/routes/x.ts', "import { connect } from '../../db/connect.js'\nexport const y = connect\n")).toHaveLength(1)
    expect(await boundaryErrors('src/cli/x.ts', "import { underScope } from '../db/scope.js'\nexport const y = underScope\n")).toHaveLength(1)
  })

  it("makes other areas use a domain area's index", async () => {
    expect(await boundaryErrors('src/domain/loans/x.ts', "import { inScope } from '../access/scope.js'\nexport const y = inScope\n")).toHaveLength(1)
    expect(await boundaryErrors('src/domain/loans/x.ts', "import { inScope } from '../access/index.js'\nexport const y = inScope\n")).toHaveLength(0)
  })

  it('allows the layering as designed', async () => {
    expect(await boundaryErrors('src/app/x.ts', "import { connect } from '../db/connect.js'\nexport const y = connect\n")).toHaveLength(0)
    expect(await boundaryErrors('src/api/x.ts', "import { listUnits } from '../app/units.js'\nexport const y = listUnits\n")).toHaveLength(0)
    expect(await boundaryErrors('src/api/routes/x.ts', "import { closeMonth } from '../../jobs/close-month.js'\nexport const y = closeMonth\n")).toHaveLength(0)
    expect(await boundaryErrors('src/app/x.ts', "import { closeMonth } from '../jobs/close-month.js'\nexport const y = closeMonth\n")).toHaveLength(1)
    expect(await boundaryErrors('src/web/x.ts', "import { app } from '../app/units.js'\nexport const y = app\n")).toHaveLength(1)
  })
})
