import type { Kysely } from 'kysely'
import { runStatements } from './run-statements.js'

// Frozen in time: search folding and the crosswalk resolution views over 0002's tables.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // Vietnamese text folded for search: lower case, no diacritics, đ → d, single spaces. The
    // same rule as foldVietnamese() in src/domain/places (a test proves they agree). lower()
    // runs after the marks are gone, so it only meets ASCII and needs no locale.
    `create function tdcs_fold(value text) returns text language sql immutable parallel safe as $$
       select btrim(regexp_replace(lower(translate(regexp_replace(normalize(value, NFD), '[\\u0300-\\u036f]', '', 'g'), 'đĐ', 'dD')), '\\s+', ' ', 'g'))
     $$`,

    // For every scope unit of kind commune or village: the historical commune (and district)
    // its figures count under, and how that was decided. One row per unit; `unresolved` rows
    // have null codes and are what a person must settle (by giving villages their former
    // commune). Other areas join through it to sum data of current units for an old unit:
    //   join unit_historical_communes h on h.unit_id = coalesce(x.village_unit_id, x.commune_unit_id)
    //   where h.historical_district_code = '761'
    `create view unit_historical_communes as
     with scope_units as (
       select u.id, u.kind, u.province_code, u.path, u.former_commune_code, u.id as commune_unit_id, u.admin_code
         from units u
        where u.kind = 'commune'
       union all
       select v.id, v.kind, v.province_code, v.path, v.former_commune_code, c.id, c.admin_code
         from units v
         join units c on c.id = v.parent_id and c.kind = 'commune'
        where v.kind = 'village'
     )
     select s.id as unit_id,
            s.kind as unit_kind,
            s.commune_unit_id,
            s.admin_code as current_commune_code,
            s.province_code,
            s.path,
            case when s.former_commune_code is not null then s.former_commune_code
                 when p.commune_count = 1 then p.only_commune end as historical_commune_code,
            case when s.former_commune_code is not null
                   then (select f.parent_code from admin_units f
                          where f.layer = 'historical' and f.level = 'commune' and f.code = s.former_commune_code)
                 when p.district_count = 1 then p.only_district end as historical_district_code,
            case when s.former_commune_code is not null then 'village_assignment'
                 when p.commune_count = 1 then 'single_predecessor'
                 when p.district_count = 1 then 'same_district'
                 else 'unresolved' end as resolution
       from scope_units s
       -- Per unit, by index: the predecessors of its current commune, summarised. The lookups are
       -- scalar subqueries on full primary keys so that no plan scans a layer per row.
       left join lateral (
         select count(*) filter (where x.old_level = 'commune') as commune_count,
                min(x.old_code) filter (where x.old_level = 'commune') as only_commune,
                count(distinct coalesce(x.district, '?' || x.old_code)) as district_count,
                min(x.district) as only_district
           from (select l.old_level, l.old_code,
                        case when l.old_level = 'district' then l.old_code
                             else (select h.parent_code from admin_units h
                                    where h.layer = 'historical' and h.level = 'commune' and h.code = l.old_code) end as district
                   from admin_unit_links l
                  where l.new_level = 'commune' and l.new_code = s.admin_code) x
       ) p on true`,

    // For every old commune (or district) in the crosswalk: the one current commune its history
    // counts under. Wholly merged into one new unit → 'full'; split ('partial' links) → the
    // recorded assignment, or 'unresolved' with a null new_code until someone decides.
    `create view historical_commune_successors as
     select s.old_level,
            s.old_code,
            s.successor_count,
            case when s.successor_count = 1 and s.all_full then s.only_new else a.new_code end as new_code,
            case when s.successor_count = 1 and s.all_full then 'full'
                 when a.new_code is not null then 'assignment'
                 else 'unresolved' end as resolution
       from (select l.old_level, l.old_code, count(*)::int as successor_count,
                    bool_and(l.kind = 'full') as all_full, min(l.new_code) as only_new
               from admin_unit_links l
              where l.new_level = 'commune'
              group by l.old_level, l.old_code) s
       left join admin_old_to_new_assignments a on a.old_code = s.old_code`,
  ])
}
