import type { Migration } from 'kysely'
import * as m0001 from './0001-foundation.js'
import * as m0002 from './0002-places.js'
import * as m0003 from './0003-households.js'
import * as m0004 from './0004-poverty.js'
import * as m0005 from './0005-places-views.js'
import * as m0006 from './0006-poverty-standards.js'
import * as m0007 from './0007-households-extra.js'
import * as m0008 from './0008-ledger.js'
import * as m0009 from './0009-programs.js'
import * as m0010 from './0010-loans.js'
import * as m0011 from './0011-month-end.js'
import * as m0012 from './0012-ledger-bulk.js'
import * as m0013 from './0013-network-groups.js'
import * as m0014 from './0014-catalogue-version.js'
import * as m0015 from './0015-transaction-day.js'
import * as m0016 from './0016-fees.js'
// -- takeover --
import * as m0019 from './0019-takeover.js'
// -- supervision --
import * as m0020 from './0020-supervision.js'
// -- inspections --
import * as m0022 from './0022-inspections.js'
// -- poverty standard 2016 --
import * as m0026 from './0026-poverty-standard-2016.js'
// -- report aggregates --
import * as m0021 from './0021-report-aggregates.js'
// -- capital --
import * as m0017 from './0017-capital.js'
// -- plans --
import * as m0018 from './0018-plans.js'
// -- supervision follow-ups --
import * as m0024 from './0024-supervision-follow-ups.js'
// -- outcomes --
import * as m0023 from './0023-outcome-disbursements.js'

/**
 * Every migration, in order. Names sort in the order they run; a migration is never renamed,
 * edited or inserted before one already released (the migrator refuses unordered migrations).
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-foundation': m0001,
  '0002-places': m0002,
  '0003-households': m0003,
  '0004-poverty': m0004,
  '0005-places-views': m0005,
  '0006-poverty-standards': m0006,
  '0007-households-extra': m0007,
  '0008-ledger': m0008,
  '0009-programs': m0009,
  '0010-loans': m0010,
  '0011-month-end': m0011,
  '0012-ledger-bulk': m0012,
  '0013-network-groups': m0013,
  '0014-catalogue-version': m0014,
  '0015-transaction-day': m0015,
  '0016-fees': m0016,
  // -- capital --
  '0017-capital': m0017,
  // -- plans --
  '0018-plans': m0018,
  // -- takeover --
  '0019-takeover': m0019,
  // -- supervision --
  '0020-supervision': m0020,
  // -- inspections --
  '0022-inspections': m0022,
  // -- report aggregates --
  '0021-report-aggregates': m0021,
  // -- outcomes --
  '0023-outcome-disbursements': m0023,
  // -- supervision follow-ups --
  '0024-supervision-follow-ups': m0024,
  // -- poverty standard 2016 --
  '0026-poverty-standard-2016': m0026,
}
