import SecretariatCalls from './Calls.jsx';
import SecretariatReview from './Review.jsx';
import SecretariatSelection from './Selection.jsx';
import SecretariatGrants from './Grants.jsx';
import SecretariatImport from './Import.jsx';

export default [
  { path: '/secretariat/calls', component: SecretariatCalls, roles: ['secretariat'], nav: { key: 'secretariat.nav.calls', area: 'secretariat', order: 10 } },
  { path: '/secretariat/calls/:id/review', component: SecretariatReview, roles: ['secretariat', 'observer'] },
  { path: '/secretariat/calls/:id/selection', component: SecretariatSelection, roles: ['secretariat', 'observer', 'funder'] },
  { path: '/secretariat/calls/:id/grants', component: SecretariatGrants, roles: ['secretariat', 'observer'] },
  { path: '/secretariat/import', component: SecretariatImport, roles: ['secretariat'], nav: { key: 'import.nav', area: 'secretariat', order: 30 } },
];
