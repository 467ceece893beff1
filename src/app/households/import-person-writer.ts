import { rowError, type AcceptedMember, type ImportMember, type ImportRowError } from '../../domain/households/index.js'
import { RuleViolation } from '../../domain/shared/index.js'
import { allocateIdStrings, findRegisteredCitizens, insertPersons, listCommunesWithPlace, type NewPerson } from '../../db/repositories/households.js'
import type { Executor, RequestContext } from '../context.js'
import { citizenIdInOtherHousehold, placeOfCommune, type ResolvedCommune } from './shared.js'

/** People stored per statement while the file is still being read. */
const BATCH = 10_000

/**
 * Stores the people of an import while the rest of the file is still being read, inside the
 * import's transaction: on PostgreSQL the server inserts one batch (its indexes and all) on its
 * own core while node parses the next rows, instead of both waiting for each other. Nothing is
 * decided here: the import still commits only when every row of the file is right, and rolls
 * these rows back otherwise.
 *
 * Before a batch is stored its citizen ids are looked up in the registry; a number already
 * registered is reported (like any other row error) and that person is not stored. Once the
 * file has an error, storing stops (the import will be refused) but citizen ids are still
 * checked at the end, so the report stays complete.
 */
export class EarlyPersonWriter {
  /** Row → person id, for the people already stored. */
  readonly personIds = new Map<number, string>()
  /** Rows whose citizen id was looked up in the registry. */
  readonly checkedRows = new Set<number>()
  readonly errors: ImportRowError[] = []
  private queue: { readonly member: ImportMember; readonly communeCode: string }[] = []
  private readonly communes = new Map<string, ResolvedCommune | null>()
  private chain: Promise<void> = Promise.resolve()
  private failure: unknown
  private stopped = false

  constructor(
    private readonly trx: Executor,
    private readonly ctx: RequestContext,
    private readonly chosen: ResolvedCommune | undefined,
  ) {}

  /** Offers a checked row; it is stored with the next batch when its commune is known. */
  offer(accepted: AcceptedMember, fileHasErrors: boolean): void {
    if (fileHasErrors) this.stopped = true
    if (this.stopped) return
    const communeCode = this.chosen?.unit.admin_code ?? accepted.communeCode
    // A row that does not name its commune waits for the end, when its household is complete.
    if (communeCode === null) return
    this.queue.push({ member: accepted.member, communeCode })
    if (this.queue.length >= BATCH) this.flush()
  }

  private flush(): void {
    const batch = this.queue
    this.queue = []
    if (batch.length === 0) return
    this.chain = this.chain.then(() => (this.failure === undefined && !this.stopped ? this.store(batch) : undefined)).catch((error: unknown) => {
      this.failure ??= error
    })
  }

  private async resolve(codes: readonly string[]): Promise<void> {
    const unknown = codes.filter((c) => !this.communes.has(c))
    if (unknown.length === 0) return
    const found = await listCommunesWithPlace(this.trx, this.ctx.actor.scopePath, unknown)
    for (const code of unknown) {
      const unit = found.find((u) => u.admin_code === code)
      let resolved: ResolvedCommune | null = null
      if (unit !== undefined) {
        try {
          resolved = placeOfCommune(unit)
        } catch (error) {
          if (!(error instanceof RuleViolation)) throw error
        }
      }
      // A commune that cannot hold households is reported per household at the end.
      this.communes.set(code, resolved)
    }
  }

  private async store(batch: readonly { readonly member: ImportMember; readonly communeCode: string }[]): Promise<void> {
    await this.resolve([...new Set(batch.map((b) => b.communeCode))])
    const citizens = new Map<string, number>()
    for (const { member } of batch) if (member.person.citizenId !== null) citizens.set(member.person.citizenId, member.row)
    const refused = new Set<number>()
    for (const registered of await findRegisteredCitizens(this.trx, [...citizens.keys()])) {
      const row = citizens.get(registered.citizen_id)!
      refused.add(row)
      if (registered.household_id !== null) {
        const violation = citizenIdInOtherHousehold(this.ctx, registered.citizen_id, registered.household_code, registered.commune_path)
        this.errors.push(rowError(row, 'citizenId', violation.code, violation.details))
      } else this.errors.push(rowError(row, 'citizenId', 'citizen_id_already_registered', { citizenId: registered.citizen_id }))
    }
    for (const { member } of batch) this.checkedRows.add(member.row)
    if (refused.size > 0) this.stopped = true
    if (this.stopped) return
    const storable = batch.filter((b) => this.communes.get(b.communeCode) != null)
    const ids = await allocateIdStrings(this.trx, 'persons', storable.length)
    const rows: NewPerson[] = storable.map(({ member, communeCode }, i) => {
      const p = member.person
      const id = ids[i]!
      this.personIds.set(member.row, id)
      return {
        id, province_code: this.communes.get(communeCode)!.provinceCode, full_name: p.fullName, name_search: p.nameSearch, birth_date: p.birthDate, sex: p.sex,
        ethnicity: p.ethnicity, citizen_id: p.citizenId, phone: p.phone, health_insured: p.healthInsured, in_school: p.inSchool,
      }
    })
    await insertPersons(this.trx, rows)
  }

  /** Waits for the batches already sent, storing nothing more (the import failed). */
  async settle(): Promise<void> {
    this.stopped = true
    await this.chain
  }

  /** Stores what is queued and waits for every batch; rethrows an infrastructure failure. */
  async finish(): Promise<void> {
    this.flush()
    await this.chain
    if (this.failure !== undefined) throw this.failure
  }
}
