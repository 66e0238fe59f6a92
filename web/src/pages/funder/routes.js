import { FunderBudgets, FunderProposals, FunderDecisions } from './Funder.jsx';

export default [
  { path: '/funder/budgets', component: FunderBudgets, roles: ['funder'], nav: { key: 'funder.nav.budgets', area: 'funder', order: 10 } },
  { path: '/funder/proposals', component: FunderProposals, roles: ['funder'], nav: { key: 'funder.nav.proposals', area: 'funder', order: 20 } },
  { path: '/funder/decisions', component: FunderDecisions, roles: ['funder'], nav: { key: 'funder.nav.decisions', area: 'funder', order: 30 } },
];
