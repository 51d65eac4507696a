/**
 * The console's pages. The first pattern that matches the path wins; an entry with `nav` also gets a link in the
 * header. Adding a page (say, a clearance planner) is one entry here and one file in `pages/`.
 */
import type { FunctionComponent } from 'preact';
import { CatalogPage } from './pages/catalog.tsx';
import { ImportPage } from './pages/import.tsx';
import { PlannerPage } from './pages/planner.tsx';
import { ProductPage } from './pages/product.tsx';
import { PromotionDetailPage } from './pages/promotion-detail.tsx';
import { PromotionEditorPage } from './pages/promotion-editor.tsx';
import { PromotionsPage } from './pages/promotions.tsx';
import { WebhooksPage } from './pages/webhooks.tsx';

export interface PageProps {
  params: Record<string, string>;
  query: URLSearchParams;
}

export interface RouteDef {
  path: string;
  view: FunctionComponent<PageProps>;
  /** Label of the header link; omitted for pages reached from other pages. */
  nav?: string;
}

export const ROUTES: RouteDef[] = [
  { path: '/catalog', view: CatalogPage, nav: 'Catalog' },
  { path: '/products/new', view: ProductPage },
  { path: '/products/:sku', view: ProductPage },
  { path: '/promotions', view: PromotionsPage, nav: 'Promotions' },
  { path: '/promotions/new', view: PromotionEditorPage },
  { path: '/promotions/:id/edit', view: PromotionEditorPage },
  { path: '/promotions/:id', view: PromotionDetailPage },
  { path: '/planner', view: PlannerPage, nav: 'Planner' },
  { path: '/import', view: ImportPage, nav: 'Import' },
  { path: '/webhooks', view: WebhooksPage, nav: 'Webhooks' },
];

/** Where `/console/` lands. */
export const HOME = '/catalog';
