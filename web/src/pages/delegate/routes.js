import { ProcessesPage } from './Processes.jsx';
import { ProcessPage } from './Process.jsx';
import { IssuePage } from './Issue.jsx';
import { TallyPage } from './Tally.jsx';

const WHO = ['delegate', 'secretariat', 'observer'];
export default [
  { path: '/delegate', component: ProcessesPage, roles: WHO, nav: { key: 'nav.processes', area: 'delegate', order: 10 } },
  { path: '/delegate/processes/:id', component: ProcessPage, roles: WHO },
  { path: '/delegate/processes/:id/tally', component: TallyPage, roles: WHO },
  { path: '/delegate/issues/:id', component: IssuePage, roles: WHO },
];
