import ReviewerAssignments from './Assignments.jsx';
import ReviewForm from './Review.jsx';

export default [
  { path: '/reviewer/assignments', component: ReviewerAssignments, roles: ['reviewer'], nav: { key: 'reviewer.nav.assignments', area: 'reviewer', order: 10 } },
  { path: '/reviewer/reviews/:id', component: ReviewForm, roles: ['reviewer', 'secretariat', 'observer'] },
];
