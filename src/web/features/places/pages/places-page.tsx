import { Card, Tabs, Typography } from 'antd'
import { useState } from 'react'
import { useT } from '../../../shared/i18n.js'
import { navigate, PATHS, useSearch } from '../../../shared/router.js'
import { LayerBrowser } from '../components/layer-browser.js'
import { PlaceLinksDrawer } from '../components/place-links-drawer.js'
import type { Layer, PlaceRef } from '../types.js'

/** Địa giới hành chính: the current layer (34 provinces → communes) and the former one (63 → districts → communes), linked. */
export function PlacesPage() {
  const t = useT()
  const search = new URLSearchParams(useSearch())
  const layer: Layer = search.get('layer') === 'historical' ? 'historical' : 'current'
  const [target, setTarget] = useState<PlaceRef | undefined>(undefined)
  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{t.places.title}</Typography.Title>}>
      <Typography.Paragraph type="secondary">{t.places.intro}</Typography.Paragraph>
      <Tabs
        activeKey={layer}
        onChange={(key) => navigate(`${PATHS.places}?layer=${key}`)}
        destroyOnHidden
        items={[
          { key: 'current', label: t.places.tabs.current, children: <LayerBrowser layer="current" onOpen={setTarget} /> },
          { key: 'historical', label: t.places.tabs.historical, children: <LayerBrowser layer="historical" onOpen={setTarget} /> },
        ]}
      />
      <PlaceLinksDrawer target={target} onClose={() => setTarget(undefined)} onOpen={setTarget} />
    </Card>
  )
}
