import { Card, Spin, Tabs, Typography } from 'antd'
import { lazy, Suspense } from 'react'
import { useT } from '../../../shared/i18n.js'
import { navigate, PATHS, useSearch } from '../../../shared/router.js'
import { AdHocTab } from '../components/adhoc-tab.js'
import { ReviewDetailView } from '../components/review-detail.js'
import { ReviewsTab } from '../components/reviews-tab.js'
import { StandardsTab } from '../components/standards-tab.js'

// ECharts is large: its chunk loads only when the rates tab opens.
const RatesTab = lazy(async () => ({ default: (await import('../components/rates-tab.js')).RatesTab }))

const TABS = ['reviews', 'adHoc', 'rates', 'standards'] as const
type Tab = (typeof TABS)[number]

/** Rà soát hộ nghèo: campaigns, ad-hoc requests, poverty rates and the standards, as tabs; ?review=ID opens one campaign. */
export function PovertyPage() {
  const t = useT()
  const search = new URLSearchParams(useSearch())
  const reviewId = Number(search.get('review'))
  const tab: Tab = (TABS as readonly string[]).includes(search.get('tab') ?? '') ? (search.get('tab') as Tab) : 'reviews'
  const go = (params: Record<string, string>) => navigate(`${PATHS.poverty}?${new URLSearchParams(params).toString()}`)

  if (Number.isInteger(reviewId) && reviewId > 0) return <ReviewDetailView id={reviewId} onBack={() => go({ tab })} />

  const select = (id: number) => go({ tab, review: String(id) })
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t.poverty.title}</Typography.Title>}>
      <Tabs
        activeKey={tab}
        onChange={(key) => go({ tab: key })}
        destroyOnHidden
        items={[
          { key: 'reviews', label: t.poverty.tabs.reviews, children: <ReviewsTab onSelect={select} /> },
          { key: 'adHoc', label: t.poverty.tabs.adHoc, children: <AdHocTab onSelect={select} /> },
          { key: 'rates', label: t.poverty.tabs.rates, children: <Suspense fallback={<Spin />}><RatesTab /></Suspense> },
          { key: 'standards', label: t.poverty.tabs.standards, children: <StandardsTab /> },
        ]}
      />
    </Card>
  )
}
