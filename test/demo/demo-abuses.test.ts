// Known abuses injected into the demo seed at its test size: every injected case of every red-flag
// rule is flagged, the report's counts agree with counts taken by hand from the flags and the loans,
// a second run is refused and writes nothing, and the command refuses a database with no demo.
import { sql, type RawBuilder } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { abuseReportMarkdown, injectAbuses, type AbuseReport } from '../../src/app/demo/abuses.js'
import { EXIT } from '../../src/cli/exit-codes.js'
import { RULE_NAMES } from '../../src/domain/supervision/index.js'
import { seedDemo } from '../../src/jobs/demo-seed.js'
import { BACKENDS, openTestApp, type TestApp } from '../support/backends.js'
import { cliDatabase, tdcs } from '../support/cli.js'

const count = async (app: TestApp, query: RawBuilder<{ n: bigint }>) => Number((await query.execute(app.db)).rows[0]!.n)

for (const backend of BACKENDS) {
  describe(`${backend}: injected abuses on the demo seed (tiny scale)`, () => {
    let app: TestApp
    let report: AbuseReport

    beforeAll(async () => {
      app = await openTestApp(backend)
      await seedDemo(app.db, { scale: 'tiny', seed: 7 })
      report = await injectAbuses(app.db, { seed: 3 })
    }, 900_000)
    afterAll(() => app?.dispose())

    it('injects cases for every rule, dated after the last closed month, and flags every one of them', () => {
      expect(report.closedPeriod).toBe('2025-12')
      expect(report.injectedFrom).toBe('2026-01-10')
      expect(report.asOf).toBe('2026-04-30')
      expect(report.rules.map((r) => r.rule)).toEqual([...RULE_NAMES])
      for (const r of report.rules) {
        expect(r.injected, r.rule).toBeGreaterThanOrEqual(1)
        expect(r.missed, r.rule).toEqual([])
        expect(r.flaggedInjected, r.rule).toBe(r.injected)
        expect(r.real + r.noise, r.rule).toBe(r.otherFlags)
      }
      // The tiny province has one transaction office: one concentration case; two of every other rule.
      expect(report.rules.find((r) => r.rule === 'approver_concentration')!.injected).toBe(1)
      expect(report.cases.filter((c) => c.path === 'sql').map((c) => c.rule).sort()).toEqual(['address_mismatch', 'address_mismatch', 'borrower_not_on_list', 'borrower_not_on_list'])
    })

    it('counts what the flags table holds: per rule, the flags raised are the injected cases plus the other flags', async () => {
      const { rows } = await sql<{ rule: string; subject_id: string }>`select rule, subject_id from red_flags where source_type = 'flag_rule'`.execute(app.db)
      for (const r of report.rules) {
        const subjects = rows.filter((f) => f.rule === r.rule).map((f) => f.subject_id)
        expect(subjects.length, r.rule).toBe(r.flaggedInjected + r.otherFlags)
        for (const c of report.cases.filter((x) => x.rule === r.rule)) expect(subjects, `${r.rule} ${c.subjectId}`).toContain(c.subjectId)
      }
    })

    it('the other flags match a hand count over the simulated loans', async () => {
      const of = (rule: string) => report.rules.find((r) => r.rule === rule)!
      // Simulated applications have no submitter; every injected one has.
      const simulatedOpen = await count(app, sql<{ n: bigint }>`
        select count(*) as n from loans l join loan_applications a on a.id = l.application_id
        where a.submitted_by is null and l.status in ('active', 'frozen') and l.disbursed_dong > 0`)
      const simulatedActive = await count(app, sql<{ n: bigint }>`
        select count(*) as n from loans l join loan_applications a on a.id = l.application_id
        where a.submitted_by is null and l.status = 'active' and l.principal_in_term_dong + l.principal_overdue_dong + l.principal_frozen_dong > 0`)
      expect(simulatedOpen).toBeGreaterThan(20)
      // The simulator records a 06/TD check for most loans: the open simulated loans disbursed more
      // than 30 days (the rule's parameter) before the as-of date with no check in their first 30
      // days are flagged, as real cases.
      const unchecked = await count(app, sql<{ n: bigint }>`
        select count(*) as n from loans l join loan_applications a on a.id = l.application_id
        join lateral (select min(e.event_date) as d from loan_events e where e.loan_id = l.id and e.type = 'disburse') f on true
        where a.submitted_by is null and l.status in ('active', 'frozen') and l.disbursed_dong > 0 and f.d < ${report.asOf}::date - 30
          and not exists (select 1 from use_of_funds_checks c where c.loan_id = l.id and c.checked_on between f.d and f.d + 30)`)
      expect(unchecked).toBeLessThan(simulatedOpen)
      expect(of('no_use_of_funds_check')).toMatchObject({ otherFlags: unchecked, real: unchecked, noise: 0 })
      // Nothing is simulated after the history's end: every active simulated loan looks idle at the as-of date.
      expect(of('dormant_loan').otherFlags).toBe(simulatedActive)
      // Rules whose conditions the simulator never produces stay silent on its rows.
      for (const rule of ['approver_is_maker', 'frozen_past_expiry', 'repeated_leader_shortfalls', 'duplicate_citizen_id', 'approver_concentration', 'address_mismatch'])
        expect(of(rule).otherFlags, rule).toBe(0)
      const markdown = abuseReportMarkdown(report, 'tiny')
      expect(markdown.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(RULE_NAMES.length)
    })

    it('refuses a second run and writes nothing', async () => {
      const totals = () => sql<{ users: bigint; flags: bigint; loans: bigint; audit: bigint }>`
        select (select count(*) from users) as users, (select count(*) from red_flags) as flags, (select count(*) from loans) as loans, (select count(*) from audit_log) as audit`.execute(app.db)
      const before = (await totals()).rows[0]
      await expect(injectAbuses(app.db, { seed: 3 })).rejects.toMatchObject({ code: 'demo_abuses_already_injected' })
      expect((await totals()).rows[0]).toEqual(before)
    })
  })

  describe(`${backend}: tdcs demo abuses`, () => {
    let db: Awaited<ReturnType<typeof cliDatabase>>
    beforeAll(async () => {
      db = await cliDatabase(backend, 'tdcs-demo-abuses-')
    })
    afterAll(() => db.dispose())

    it('refuses a database with no seeded demo, with the named code and exit 1', async () => {
      const r = await tdcs(db.env, 'demo', 'abuses')
      expect(r.code).toBe(EXIT.ruleViolation)
      expect(r.stderr).toContain('demo_abuses_no_demo')
    }, 300_000)
  })
}
