import { FundsPage, FundPage } from './Fund.jsx';

export default [
  { path: '/fund', component: FundsPage, roles: ['public'], nav: { key: 'nav.funds', area: 'fund', order: 10 } },
  { path: '/fund/:id', component: FundPage, roles: ['public'] },
];
