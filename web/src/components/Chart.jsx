// <Chart option={echartsOption} height={360} label="…" testid="…"/>
// ECharts through its tree-shaken core: only the charts/components below are
// bundled. Add a module here (not in pages) if a page needs another series.
// registerMap(name, geoJson) is re-exported for map charts.
import { useEffect, useRef } from 'preact/hooks';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, HeatmapChart, SankeyChart, MapChart, ScatterChart } from 'echarts/charts';
import {
  TitleComponent, TooltipComponent, LegendComponent, GridComponent, VisualMapComponent,
  DatasetComponent, AriaComponent, GeoComponent, ToolboxComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, LineChart, PieChart, HeatmapChart, SankeyChart, MapChart, ScatterChart,
  TitleComponent, TooltipComponent, LegendComponent, GridComponent, VisualMapComponent,
  DatasetComponent, AriaComponent, GeoComponent, ToolboxComponent, CanvasRenderer,
]);

export const registerMap = (name, geo) => echarts.registerMap(name, geo);
export { echarts };

export function Chart({ option, height = 360, label, testid, onEvents, children }) {
  const el = useRef(null);
  const inst = useRef(null);
  useEffect(() => {
    inst.current = echarts.init(el.current, null, { renderer: 'canvas' });
    const ro = new ResizeObserver(() => inst.current && inst.current.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      inst.current.dispose();
      inst.current = null;
    };
  }, []);
  useEffect(() => {
    if (!inst.current || !option) return;
    inst.current.setOption({ aria: { enabled: true }, ...option }, true);
  }, [option]);
  useEffect(() => {
    if (!inst.current || !onEvents) return undefined;
    for (const [ev, fn] of Object.entries(onEvents)) inst.current.on(ev, fn);
    return () => { for (const ev of Object.keys(onEvents)) inst.current && inst.current.off(ev); };
  }, [onEvents]);
  return (
    <figure class="chart" data-testid={testid}>
      <div ref={el} style={{ height: `${height}px`, width: '100%' }} role="img" aria-label={label} />
      {label && <figcaption class="sr-only">{label}</figcaption>}
      {children}
    </figure>
  );
}
