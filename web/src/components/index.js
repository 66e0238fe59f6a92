export { Button } from './Button.jsx';
export { Field, bind } from './Field.jsx';
export { Select } from './Select.jsx';
export { Table } from './Table.jsx';
export { Chart, registerMap, echarts } from './Chart.jsx';
export { Progress } from './Progress.jsx';
export { Problem } from './Problem.jsx';
export { useApi, useAction } from './useApi.js';
export { Loaded, Section, Tabs, Badge, Money } from './misc.jsx';
