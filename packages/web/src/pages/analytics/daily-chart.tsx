import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a chart: its label, colour and a value per day. */
export interface ChartSeries {
  label: string;
  color: string;
  values: number[];
}

/** A line chart per day (uPlot, loaded with this page only); resizes with its container. */
export function DailyChart(props: { title: string; days: number[]; series: ChartSeries[] }) {
  const box = useRef<HTMLDivElement>(null);
  const { days, series, title } = props;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | undefined;
    let cancelled = false;
    const observer = new ResizeObserver(() => plot?.setSize({ width: el.clientWidth, height: 240 }));
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      plot = new UPlot(
        {
          width: el.clientWidth || 320,
          height: 240,
          series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2 }))],
          axes: [{}, { size: 50 }],
          legend: { show: true },
        },
        [days, ...series.map((s) => s.values)],
        el,
      );
      observer.observe(el);
    });
    return () => {
      cancelled = true;
      observer.disconnect();
      plot?.destroy();
    };
  }, [days, series]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div
        ref={box}
        role="img"
        aria-label={`${title}: ${series.map((s) => `${s.label} ${s.values.reduce((a, b) => a + b, 0)}`).join(', ')}`}
      />
    </figure>
  );
}
