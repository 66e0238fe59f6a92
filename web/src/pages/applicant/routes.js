import ApplicantCalls from './Calls.jsx';
import Builder from './Builder.jsx';
import ApplicantGrants from './Grants.jsx';

export default [
  { path: '/applicant/calls', component: ApplicantCalls, roles: ['applicant', 'secretariat'], nav: { key: 'applicant.nav.calls', area: 'applicant', order: 10 } },
  { path: '/applicant/proposals/:id', component: Builder, roles: ['applicant', 'secretariat'] },
  { path: '/applicant/grants', component: ApplicantGrants, roles: ['applicant'], nav: { key: 'applicant.nav.grants', area: 'applicant', order: 20 } },
];
