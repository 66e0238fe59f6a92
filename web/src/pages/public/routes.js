import { AgendaPage } from './Agenda.jsx';
import { ProjectsPage } from './Projects.jsx';
import { MapPage } from './Map.jsx';
import { FlowsPage } from './Flows.jsx';

export default [
  { path: '/agenda', component: AgendaPage, roles: ['public'], nav: { key: 'nav.agenda', area: 'public', order: 10 } },
  { path: '/projects', component: ProjectsPage, roles: ['public'], nav: { key: 'nav.projects', area: 'public', order: 20 } },
  { path: '/map', component: MapPage, roles: ['public'], nav: { key: 'nav.map', area: 'public', order: 30 } },
  { path: '/flows', component: FlowsPage, roles: ['public'], nav: { key: 'nav.flows', area: 'public', order: 40 } },
];
