import { PlatformsPage, EventsPage, EventPage, SearchPage, MarketPage } from './Exchange.jsx';

export default [
  { path: '/exchange/platforms', component: PlatformsPage, roles: ['public'], nav: { key: 'nav.platforms', area: 'exchange', order: 10 } },
  { path: '/exchange/events', component: EventsPage, roles: ['public'], nav: { key: 'nav.events', area: 'exchange', order: 20 } },
  { path: '/exchange/events/:id', component: EventPage, roles: ['public'] },
  { path: '/exchange/search', component: SearchPage, roles: ['public'], nav: { key: 'nav.search', area: 'exchange', order: 30 } },
  { path: '/exchange/market', component: MarketPage, roles: ['public'], nav: { key: 'nav.market', area: 'exchange', order: 40 } },
];
